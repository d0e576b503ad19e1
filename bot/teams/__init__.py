"""Microsoft Teams adapter (Microsoft 365 Agents SDK).

The only package that imports the Agents SDK: it translates Teams activities into neutral
invocations, renders neutral replies as Adaptive Cards and posts reminders proactively. The
SDK's aiohttp adapter runs the turns (``app``); the token check (``auth``), the shared
connector clients (``connectors``), retries and the error handler are the project's own.
"""
