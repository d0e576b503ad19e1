"""Every sentence the archive import shows a person, in Swedish, in one place.

The CLI summary, the chat upload reply and the warnings written into ImportResult all read
from here, so the import speaks with one voice and tests can assert on the same constants.
"""

from __future__ import annotations

UNSUPPORTED_TYPE = "Filtypen {suffix} kan inte importeras (bara .txt, .md och .pdf)."
NOT_RECOGNISED = "Dokumentet kändes inte igen som protokoll, avtal eller beslutsförslag."
NO_BODY = "Organet framgår inte av dokumentet; paragraferna sparas under «{body}»."
NO_DAY = "Mötets datum saknas; paragraferna sparas utan möte, år {year}."
NO_DAY_NO_YEAR = ("Mötets datum saknas och inget diarienummer anger året; § {number} sparas utan möte och utan "
                  "nummer (numret står kvar, sök på rubriken).")
PARAGRAPH_TAKEN = "§ {number} {year} i {body} finns redan från filen {source} och har inte ändrats."
READ_FAILED = "Filen kunde inte läsas: {reason}"
UNEXPECTED = "Oväntat fel vid importen ({error}); ingenting från filen sparades."

NOT_SWEDISH = "Dokumentet verkar vara skrivet på danska eller norska och har inte lästs (bara svenska protokoll)."
NO_PROTOCOL = "Inget protokoll hittades: inga paragrafer (§ eller numrerade ärenden) kunde läsas; ingenting sparades."
PARAGRAPH_TWICE = "§ {number} står två gånger i filen; den utförligare versionen sparades."
PARAGRAPH_OWN_RUN = ("§ {number} {year} finns redan från ett annat möte (filen {source}); protokollets numrering "
                     "gäller mötet, så § {number} sparades i numreringen «{run}».")
PARAGRAPH_UNNUMBERED = ("§ {number} finns redan från filen {source}; eftersom protokollet saknar datum sparades "
                        "den utan nummer (sök på rubriken).")

STATUS = {"imported": "importerad", "updated": "uppdaterad", "unchanged": "oförändrad", "failed": "misslyckades",
          "empty": "inget protokoll hittades"}
FILE_SUMMARY = "{paragraphs} §, {dnr} dnr, {assignments} uppdrag, datum {day}, organ {body}"
FILE_GUESSED = "gissat: {what}"
NO_DAY_WRITTEN = "saknas"
GUESS_NAMES = {"datum": "datum (år saknas)", "organ": "organ"}

SUMMARY_TITLE = "Import av protokoll"
SUMMARY_COLUMNS = ("Filer", "Möten", "Paragrafer", "Uppdrag", "Avtal", "Oförändrade", "Misslyckade")
EMPTY_TITLE = "Inget protokoll hittades"
FAILED_TITLE = "Kunde inte läsas"
WARNINGS_TITLE = "Att kontrollera"
NO_FILES = "Inga filer att importera (.txt, .md eller .pdf) hittades i: {paths}"
PROGRESS = "Importerar"
REPORT_WRITTEN = "Rapport per fil: {path}"
LOG_WRITTEN = "Tekniska detaljer om filer som inte kunde importeras: {path}"
REPORT_COLUMNS = ("Fil", "Status", "Paragrafer", "Dnr", "Uppdrag", "Mötesdatum", "Organ", "Gissat", "Varningar", "Fel")

UPLOAD_TOO_LARGE = "Filen «{name}» är för stor ({size} MB, högst {limit} MB)."
UPLOAD_EMPTY = "Filen «{name}» är tom."
UPLOAD_NOT_ALLOWED = "Bara sekreterare eller ordförande i något organ får importera protokoll."
UPLOAD_TITLE = "Import av «{name}»"
UPLOAD_UNCHANGED = "Filen är redan importerad och har inte ändrats – ingenting är ändrat."
UPLOAD_FAILED = "Filen «{name}» kunde inte importeras: {reason}"
UPLOAD_DONE = "Filen är {status}."
UPLOAD_NOT_FETCHED = "Filen «{name}» kunde inte hämtas: {reason} Ingenting har importerats."
UPLOAD_HTTP_STATUS = "servern svarade {status}."
UPLOAD_NOT_A_FILE = "jag fick en webbsida i stället för filen (saknar appen behörigheten att läsa filer?)."
UPLOAD_UNREACHABLE = "filservern gick inte att nå ({error})."
UPLOAD_BAD_LINK = "länken pekar inte på plattformens filserver."
UPLOAD_IN_TEAMS_CHANNEL = ("Filer som delas i en kanal kan jag inte hämta. För att importera ett protokoll: "
                           "skicka filen i ett personligt meddelande till boten.")
