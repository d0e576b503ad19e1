"""Microsoft Teams adapter (Bot Framework / botbuilder).

The only package that imports botbuilder: it translates Teams activities into neutral
invocations, renders neutral replies as Adaptive Cards and posts reminders proactively. Keeping
it thin means moving to the Microsoft 365 Agents SDK later touches this folder and nothing else.
"""
