"""Swedish labels only the Slack surfaces use (modal buttons, App Home headings, paging).

General sentences live in ``handlers.messages``; these exist because Slack has surfaces the
other platforms lack (modals with a Cancel button, the App Home tab, paged replies).
"""

from __future__ import annotations

CANCEL = "Avbryt"
SEND = "Skicka"
WORKING = "Jag arbetar på det – svaret kommer strax."
CONTINUED = "{title} (forts. {page}/{pages})"
PAGE_CONTEXT = "Sida {page} av {pages}"
HOME_TITLE = "Samverkan"
HOME_INTRO = "Dina öppna uppdrag och kommande möten. Skriv /samverkan hjälp för alla kommandon."
HOME_ASSIGNMENTS = "Mina uppdrag"
HOME_MEETINGS = "Kommande möten"
HOME_NOTHING = "Inget att visa just nu."
CHECKBOX_YES = "Ja"
TONE_EMOJI = {"error": ":x: ", "warning": ":warning: ", "success": ":white_check_mark: ", "info": ""}
