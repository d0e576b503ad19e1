"""The few sentences only the Teams adapter says (card labels, the install greeting).

Everything a handler says lives in ``handlers.messages``; these belong to Teams' own surface
(an input needs a submit label, an installation deserves a hello) and are kept together here.
"""

from __future__ import annotations

SEND = "Skicka"
INPUT_PLACEHOLDER = "Skriv här"
REQUIRED = "Fyll i {label}."
TRUNCATED = "… och {count} avsnitt till. Förfina frågan för att se dem."
WELCOME = (
    "Hej! Jag är Samverkan – jag håller ordning på dagordning, beslut och uppdrag. "
    "I en kanal eller gruppchatt nämner du mig med ett kommando, till exempel «@Samverkan beslut UTB 22/30» "
    "eller «@Samverkan hjälp»; i en personlig chatt med mig räcker «beslut UTB 22/30» eller «hjälp»."
)
INVOKE_UNSUPPORTED = (
    "Det här kan Samverkan inte göra här. Skriv «hjälp» till mig för att se vad jag kan."
)
