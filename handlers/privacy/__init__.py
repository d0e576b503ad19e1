"""Data protection (GDPR): a person's data exported or erased, and gallring of old rows by age.

These are the personuppgiftsansvarig's tools, run on the server's command line
(``samverkan person export|radera``, ``samverkan gallra``), not in chat: an erasure is
irreversible and an export holds everything the bot knows of someone.
"""
