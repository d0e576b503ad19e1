"""Read-only exports of a body's meetings, assignments and decisions: iCalendar and OParl 1.1."""
