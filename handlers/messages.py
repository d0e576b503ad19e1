"""Every sentence a user reads, in Swedish, in one place.

Keeping the wording here (and not scattered through handlers) lets a secretary or a translator
review the whole voice of the bot at once, and lets tests assert on the same constants.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommandText:
    """Help for one command: a one-line summary, usage lines and examples."""

    title: str
    summary: str
    usage: tuple[str, ...]
    examples: tuple[str, ...]


COMMAND_TEXTS: dict[str, CommandText] = {
    "beslut": CommandText(
        title="Beslut",
        summary="Slå upp beslut (dnr, § eller fritext) och registrera nya paragrafer.",
        usage=(
            "/beslut DIARIENUMMER – t.ex. /beslut UTB 22/30 (alla vanliga stavningar går bra)",
            "/beslut § NUMMER [ÅR eller DATUM] – paragraf i kanalens organ",
            "/beslut ORD … – fritextsökning, tål stavfel",
            "/beslut registrera § 19 RUBRIK dnr DNR: att …; att … – registrera en paragraf (sekreterare)",
            "/beslut rätta § 19 ÅR: NY TEXT – rättelse av justerad paragraf (sekreterare, loggas)",
        ),
        examples=(
            "/beslut UTB 22/30",
            "/beslut § 19 2022",
            "/beslut samverkansmodell",
            "/beslut registrera § 19 Ny samverkansmodell i länet dnr UTB 22/30 möte 2022-03-30: "
            "att ge skolchef i uppdrag att arbeta vidare; att återrapportering ges fortlöpande",
        ),
    ),
    "dagordning": CommandText(
        title="Dagordning",
        summary="Visa och ändra dagordningen för nästa (eller ett visst) möte.",
        usage=(
            "/dagordning [DATUM] – visa dagordningen",
            "/dagordning lägg till RUBRIK [dnr DNR] [föredragande NAMN] [beslut|information] [möte DATUM]",
            "/dagordning flytta NR till NR",
            "/dagordning ta bort NR",
        ),
        examples=(
            "/dagordning lägg till Ny samverkansmodell dnr UTB 22/30 föredragande Kent Ylvesson beslut",
            "/dagordning flytta 3 till 1",
        ),
    ),
    "uppdrag": CommandText(
        title="Uppdrag",
        summary="Uppdrag: vem gör vad, till när, och var det återrapporteras.",
        usage=(
            "/uppdrag ny VEM: UPPGIFT [senast DATUM] [återrapport till MÖTE/ORGAN] [grupp ORGAN]",
            "/uppdrag mina | lista [ORGAN] | försenade",
            "/uppdrag klar NR",
            "/uppdrag flytta NR till DATUM eftersom SKÄL",
            "/uppdrag återrapport NR till MÖTESDATUM [organ ORGAN] – byt mötet som uppdraget återrapporteras till",
            "/uppdrag tavla – länk till uppföljningstavlan",
            "/uppdrag arbetsgrupp GRUPP: UPPGIFT [senast DATUM] redovisas skriftlig rapport till ORGAN DATUM",
            "/uppdrag rapport NR LÄNK – arbetsgruppens skriftliga rapport (sammankallande)",
        ),
        examples=(
            "/uppdrag ny skolchef: ta fram förslag på samverkansmodell senast 31/10 återrapport till styrgruppen",
            "/uppdrag flytta 4 till 15/11 eftersom underlaget är försenat",
            "/uppdrag återrapport 4 till 9/12 organ Beredningsgruppen",
        ),
    ),
    "mote": CommandText(
        title="Möten",
        summary="Skapa möten och se kommande sammanträden.",
        usage=(
            "/mote ny DATUM [kl. START-SLUT] [plats PLATS] [organ ORGAN]",
            "/mote nästa | lista",
            "/mote justerare NAMN[, NAMN] [möte DATUM]",
            "/mote närvaro beslutande|övriga|frånvarande NAMN, NAMN [möte DATUM]",
            "/mote serie läsår 2025/2026 tredje tisdagen varje månad utom juli kl. 13:00 [plats PLATS] [antal N]",
            "/mote serie flytta 1 vecka | /mote flytta DATUM till DATUM | /mote ställ in DATUM [eftersom …]",
            "/mote extra DATUM [kl. …] – extra möte; kallelsen går samma dag om det är bråttom",
            "/mote kallelse [DATUM] [ärenden senast DATUM] – sammankallande skickar kallelsen (formulär: "
            "/mote kallelse formulär)",
            "/mote anteckning PUNKT: TEXT | /mote åtgärd PUNKT NAMN: UPPGIFT [senast DATUM] | /mote anteckningar",
        ),
        examples=(
            "/mote ny 2022-03-30 kl. 13:00-14:30 plats Digitalt möte",
            "/mote justerare Lina Lindman",
        ),
    ),
    "protokoll": CommandText(
        title="Protokoll och justering",
        summary="Protokoll, protokollsutdrag, justering i chatten och anslag.",
        usage=(
            "/protokoll [DATUM] – visa protokollet för senaste (eller ett visst) möte",
            "/protokoll utdrag § NR [ÅR] – protokollsutdrag",
            "/protokoll pdf [DATUM] – protokollet som PDF att ladda ned",
            "/protokoll klart [DATUM] – skicka till justerarna (sekreterare)",
            "/protokoll justera [DATUM] – justera (justerare)",
            "/protokoll ändring [DATUM] KOMMENTAR – begär ändring (justerare)",
            "/protokoll anslag [DATUM] – visa anslag och överklagandetid",
            "/protokoll anslag samma dag|nästa arbetsdag – när anslaget sätts upp efter justering (sekreterare)",
            "/protokoll förvaring PLATS – förvaringsplats för protokollen (sekreterare)",
            "/protokoll jäv § NR[–NR] NAMN [möte DATUM] – ledamot jävig (ångra: jäv ta bort …)",
            "/protokoll ersättare §§ NR–NR NAMN ersätter NAMN [möte DATUM] – ändrad tjänstgöring",
            "/protokoll expediera [DATUM] – skicka utdragen till «Beslutet ska skickas till» (efter justering)",
            "/protokoll expediering [DATUM] – vem har kvitterat utdraget",
        ),
        examples=("/protokoll 2022-03-30", "/protokoll utdrag § 19 2022", "/protokoll justera",
                  "/protokoll ändring § 19: andra att-satsen saknar datum", "/protokoll förvaring Centralarkivet Ånge"),
    ),
    "samverkan": CommandText(
        title="Samverkan",
        summary="Hjälp, organ, kanalkoppling och medlemmar.",
        usage=(
            "/samverkan hjälp [KOMMANDO]",
            '/samverkan organ ny NAMN [kort KORT] [typ TYP] [under ORGAN] – du blir sekreterare',
            "/samverkan organ lista",
            '/samverkan kanal ORGAN – koppla kanalen till ett organ',
            "/samverkan medlem lägg till NAMN|@person som ROLL [i ORGAN]",
            "/samverkan medlem koppla NAMN|funktion FUNKTION till @person [i ORGAN] – ge platsen till användaren",
            "/samverkan medlem ta bort NAMN|@person [i ORGAN] | /samverkan medlemmar [ORGAN]",
            "/samverkan bevakning på|av – svara på diarienummer som nämns i kanalen",
            "/samverkan avtal [ORGAN] – samverkansavtalet: parter, period, platser och årets uppföljning",
        ),
        examples=(
            '/samverkan organ ny "Strategigrupp barn och unga" kort BU typ strategigrupp',
            '/samverkan kanal "Strategigrupp barn och unga"',
            "/samverkan medlem lägg till @Lina som justerare",
        ),
    ),
}

# --- General -------------------------------------------------------------------------------
HELP_TITLE = "Samverkan – kommandon"
HELP_INTRO = "«/samverkan hjälp KOMMANDO» visar mer om ett kommando, t.ex. «/samverkan hjälp uppdrag»."
HELP_UNKNOWN_TOPIC = "Det finns inget kommando som heter «{word}»."
UNKNOWN_COMMAND = "Jag känner inte till kommandot «{word}»."
DID_YOU_MEAN = "Menade du {options}?"
TRY_HELP = "Skriv «/samverkan hjälp» för att se alla kommandon."
GENERIC_FAILURE = "Något gick fel hos mig, och ingenting har sparats. Försök igen om en stund."
# Said by a platform adapter's catch-all, which cannot know whether the command got to save anything.
ADAPTER_FAILURE = "Något gick fel hos mig – kontrollera om det du bad om blev gjort innan du försöker igen."
EXAMPLE = "Exempel: {example}"
USAGE = "Så här: {usage}"
EMPTY_INPUT = "Skriv ett kommando, till exempel «/samverkan hjälp»."
NOT_AVAILABLE = "Kommandot «{command} {sub}» finns inte ännu."
UNKNOWN_SUBCOMMAND = "«{command}» förstår inte «{sub}»."
TOO_LONG = "Texten är för lång ({length} tecken, högst {limit})."

# --- Bodies, channels, members ----------------------------------------------------------------
NO_BODY_HERE = "Kanalen är inte kopplad till något organ, och du angav inget."
NO_BODY_HINT = 'Koppla kanalen: /samverkan kanal "Strategigrupp barn och unga", eller ange organ ORGAN.'
BODY_NOT_FOUND = "Jag hittar inget organ som heter «{name}»."
BODY_EXISTS = "Organet «{name}» finns redan."
BODY_CREATED = "Organet «{name}» är skapat. Du är dess sekreterare."
BODY_LIST_TITLE = "Organ"
BODY_LIST_EMPTY = "Inga organ är registrerade ännu."
CHANNEL_BOUND = "Kanalen är nu kopplad till «{name}». Kommandon här gäller det organet."
CHANNEL_STATUS = "Kanalen är kopplad till «{name}»."
CHANNEL_UNBOUND = "Kanalen är inte kopplad till något organ."
WATCH_ON = "Jag svarar nu när ett diarienummer nämns i kanalen."
WATCH_OFF = "Jag svarar inte längre på diarienummer som nämns i kanalen."
WATCH_NOT_IN_TEAMS = ("Bevakning finns inte i Teams: där ser boten bara meddelanden som nämner den. "
                      "Nämn boten med diarienumret i stället.")
USAGE_WATCH_TEAMS = "/beslut UTB 22/30"  # written @Samverkan beslut … in Teams
MEMBER_ADDED = "{who} är nu {role} i «{body}»."
MEMBER_REMOVED = "{who} är inte längre medlem i «{body}»."
MEMBER_NOT_FOUND = "{who} är inte medlem i «{body}»."
MEMBERS_TITLE = "Medlemmar i {body}"
UNKNOWN_ROLE = "Okänd roll «{role}». Roller: {roles}."
NOT_ALLOWED = "Du har inte behörighet att {action} i «{body}». Det kräver rollen {roles}."
NOT_A_MEMBER = "Du är inte medlem i «{body}». Be sekreteraren lägga till dig."

# --- Meetings -----------------------------------------------------------------------------------
MEETING_CREATED = "Mötet är skapat: {body} {when}{place}."
MEETING_NONE_UPCOMING = "Inga kommande möten för «{body}». Skapa ett: /mote ny 2025-03-30 kl. 13:00"
MEETING_NOT_FOUND = "Jag hittar inget möte för «{body}» {when}."
MEETING_LIST_TITLE = "Kommande möten – {body}"
MEETING_NEXT_TITLE = "Nästa möte – {body}"
MEETING_DATE_MISSING = "Ange datum för mötet."
MEETING_ADJUSTERS_SET = "Utses att justera ({when}): {names}."
MEETING_ATTENDANCE_SET = "{kind}: {names} ({when})."
ATTENDANCE_KIND_LABELS = {"beslutande": "Beslutande", "övrig": "Övriga närvarande", "frånvarande": "Frånvarande"}
INTERPRETED_DATE = "Tolkat datum: {when}"
DATE_UNREADABLE = "Jag förstår inte datumet «{text}»."
DATE_HINT = "Skriv t.ex. 2025-10-31, 31/10, 31 oktober, 8/4 kl. 9 eller om två veckor."
# Dates that read as dates but cannot be kept (handlers/parsing/dates.py): nothing is stored.
DATE_NO_SUCH_DAY = "{day} {month} finns inte."
DATE_NO_SUCH_MONTH = "Månad {month} finns inte – månaderna är 1–12."
DATE_NOT_LEAP_YEAR = "29 februari {year} finns inte – {year} är inget skottår."
DATE_TOO_FAR = "År {year} ligger för långt fram – skriv ett datum senast år {last}."
DATE_TOO_EARLY = "År {year} ligger för långt bak i tiden – skriv ett datum från år {first}."
TIME_MIDNIGHT = "Klockan 24:00 finns inte – skriv kl. 23:59 eller 00:00 dagen efter."
TIME_NOT_KEPT = "Klockan {clock} finns inte – timmarna går 0–23 och minuterna 0–59."

# --- Agenda ----------------------------------------------------------------------------------------
AGENDA_TITLE = "Dagordning – {body} {when}"
AGENDA_EMPTY = "Dagordningen är tom. Lägg till: /dagordning lägg till RUBRIK"
AGENDA_ADDED = "Punkt {position} på dagordningen för {when}: {title}"
AGENDA_MOVED = "Punkt {old} är nu punkt {new}."
AGENDA_REMOVED = "Punkt {position} «{title}» är borttagen."
AGENDA_NO_ITEM = "Dagordningen har ingen punkt {position}."
AGENDA_TITLE_MISSING = "Ange en rubrik för ärendet."
# A rubrik fits one card line, a Slack header (150) with the § and date beside it, and a protocol heading.
AGENDA_TITLE_LIMIT = 140
AGENDA_TITLE_TOO_LONG = ("Rubriken är för lång ({length} tecken, högst {limit}). Skriv en kort rubrik och lägg "
                         "detaljerna i underlaget.")
AGENDA_CLOSED = "Mötet {when} är redan genomfört; dagordningen kan inte ändras."
AGENDA_REMOVE_DENIED = "Bara sekreteraren, ordföranden eller den som lade till punkten kan ta bort eller flytta den."

# --- Decisions -------------------------------------------------------------------------------------
DECISION_RECORDED = "§ {number} är registrerad för {body} ({year})."
DECISION_NUMBER_TAKEN = "§ {number} {year} finns redan för {body}: «{title}». Välj ett annat nummer eller utelämna det."
DECISION_NO_CLAUSES = "Beslutet saknar att-satser."
DECISION_NO_TITLE = "Paragrafen saknar rubrik."
DECISION_LOCKED = "§ {number} är justerad och låst. Ändringar görs som rättelse: /beslut rätta § {number} {year}: NY TEXT"
DECISION_CORRECTED = "Rättelse av § {number} ({year}) är registrerad och loggad."
DECISION_NOT_LOCKED = "§ {number} är inte justerad ännu – ändra den genom att registrera om den."
DECISION_MEETING_CLOSED = ("Protokollet från {body} {date} är justerat och därmed stängt: det tar inte emot nya "
                           "eller ändrade paragrafer. En justerad paragraf ändras bara genom rättelse med /beslut "
                           "rätta (den gamla lydelsen sparas och rättelsen loggas). Hör beslutet till ett annat "
                           "möte, ange det med «möte DATUM».")
DECISION_BAD_NUMBER = "«§ {text}» är inget giltigt paragrafnummer. Ange ett positivt heltal (1–999999) eller utelämna numret."
DECISION_NUMBER_TAKEN_NOW = "§ {number} {year} togs nyss av ett annat beslut i {body}. Välj ett annat nummer eller utelämna det."
DECISION_NUMBER_BUSY = "Många beslut registreras samtidigt just nu och inget ledigt §-nummer hann tas. Försök igen om en stund."
DECISION_UPDATED = "§ {number} är ändrad och registrerad för {body} ({year}) – samma paragraf, uppdaterad på plats."
DECISION_CHANGES_HEADING = "Ändringar"
CHANGE_CLAUSE_ADDED = "Att-sats {position} tillagd: {text}"
CHANGE_CLAUSE_REMOVED = "Att-sats {position} borttagen: {text}"
CHANGE_CLAUSE_REWORDED = "Att-sats {position} omformulerad"
CHANGE_CLAUSES_SAME = "Att-satserna är oförändrade."
CHANGE_ASSIGNMENTS_KEPT = "Uppdrag som finns kvar (status, sista dag och historik behålls): {ids}"
CHANGE_ASSIGNMENTS_ENDED = "Uppdrag avslutat – dess att-sats finns inte längre: {ids}"
CHANGE_ASSIGNMENTS_ADDED = "Nytt uppdrag: {ids}"
CHANGE_FIELDS_KEPT = "Oförändrat från tidigare (angavs inte nu): {fields}"
REWRITE_FIELD_NAMES = {"dnr": "diarienummer", "proposal": "förslag till beslut", "intro": "inledning",
                       "distribution": "sändlista", "documents": "underlag", "confidential": "sekretess"}
LOOKUP_NOTHING = "Jag hittar inget beslut för «{query}»."
LOOKUP_QUERY_MISSING = "Vad vill du slå upp? Ange diarienummer, § eller sökord."
# A query shaped like a dnr or a § that names nothing says so: free-word hits would answer another question.
LOOKUP_NO_CASE = "Jag hittar inget ärende med diarienummer «{dnr}»."
LOOKUP_NO_CASE_ANY_REGISTER = "Jag hittar inget ärende {year}/{number} i något diarium."
LOOKUP_NO_PARAGRAPH = "Jag hittar ingen § {number}{narrowed}."
LOOKUP_PARAGRAPH_UNREADABLE = "Jag förstår inte vilken § du menar i «{query}»."
LOOKUP_REFERENCE_USAGE = "/beslut § 19 2022  ·  /beslut § 2/21  ·  /beslut § 6 i protokollet från 13 juli 2023"
LOOKUP_DNR_USAGE = "/beslut KS 2023/145  ·  /beslut 2014/757  ·  /beslut 2023/BUN 0214"
LOOKUP_MANY_TITLE = "{count} träffar för «{query}»"
LOOKUP_CONFIDENTIAL = "§ {number} ({body}, {date}) finns men omfattas av sekretess."
# SAMVERKAN_SEKRETESS_I_CHATT=aldrig: a member is sent to the web page for a sekretess § (title only here)
CONFIDENTIAL_TITLE_ONLY = ("§ {number} {title} ({body}, {date}) omfattas av sekretess. Texten visas inte i chatten, "
                           "bara på webbsidan.")
LOOKUP_SOURCE_CHAT = "Registrerad i chatten"
LOOKUP_SOURCE_IMPORT = "Importerad från {source}"
CONFIDENTIAL_MARK = "Sekretess"

# --- Assignments --------------------------------------------------------------------------------------
ASSIGNMENT_CREATED = "Uppdrag {id} till {assignee}: {task}{due}"
ASSIGNMENT_DONE = "Uppdrag {id} är markerat som klart."
ASSIGNMENT_ALREADY_DONE = "Uppdrag {id} är redan klart."
ASSIGNMENT_ALREADY_DONE_BY = "Uppdrag {id} är redan klart – markerat av {who} {when}."
ASSIGNMENT_CARD_TITLE = "Uppdrag {id}"
ASSIGNMENT_CARD_DONE = "Klart – markerat av {who} {when}"
ASSIGNMENT_CARD_MOVED = "Sista dagen flyttad av {who}. Skäl: {reason}"
ASSIGNMENT_MOVED = "Uppdrag {id}: ny sista dag {when} (tidigare {old}). Skäl: {reason}"
ASSIGNMENT_NOT_FOUND = "Det finns inget uppdrag nummer {id}."
ASSIGNMENT_REASON_MISSING = "Ange skäl för att flytta sista dagen: skriv datum och «eftersom SKÄL»."
ASSIGNMENT_ASSIGNEE_MISSING = "Ange vem uppdraget gäller, följt av kolon: /uppdrag ny skolchef: UPPGIFT"
ASSIGNMENT_ASSIGNEE_MISSING_FORM = "Fyll i «Vem (person eller funktion)»: vem uppdraget gäller."
INTERPRETED_REPORT_DATE = "Återrapportering: {when}"
ASSIGNMENT_LIST_EMPTY = "Inga uppdrag att visa."
ASSIGNMENTS_MINE_TITLE = "Mina uppdrag"
ASSIGNMENTS_BODY_TITLE = "Uppdrag – {body}"
ASSIGNMENTS_OVERDUE_TITLE = "Försenade uppdrag"
ASSIGNMENTS_EXTRACTED = "Uppdrag ur beslutet"
STATUS_LABELS = {"open": "pågår", "done": "klart", "cancelled": "avbrutet", "archived": "arkiverat (importerat)"}
OVERDUE_MARK = "försenat"
BUTTON_DONE = "Klar"
BUTTON_MOVE = "Flytta sista dag"
MOVE_INPUT = "Nytt datum och skäl (t.ex. 15/11 eftersom …)"
ASSIGNMENT_REPORT_BEFORE_DUE = ("Observera: återrapporteringen {report} ligger före sista dagen {due}. Uppdraget "
                                "är sparat – rätta sista dagen med /uppdrag flytta {id} eller mötet med /uppdrag "
                                "återrapport {id} till DATUM.")
ASSIGNMENT_DUE_AFTER_REPORT = ("Observera: den nya sista dagen {due} ligger efter mötet {report} som uppdraget ska "
                               "återrapporteras till. Sista dagen är flyttad – byt möte med /uppdrag återrapport {id} "
                               "till DATUM om återrapporteringen också ska flyttas.")
ASSIGNMENT_REPORT_MOVED = "Uppdrag {id} återrapporteras till {body} {when}."
ASSIGNMENT_REPORT_ON_AGENDA = "Det står på dagordningen för mötet."
ASSIGNMENT_REPORT_NO_MEETING = ("{body} har inget möte den dagen ännu – återrapporteringen hamnar på dagordningen "
                                "när mötet skapas.")
ASSIGNMENT_REPORT_UNCHANGED = "Uppdrag {id} återrapporteras redan till {body} {when}."
ASSIGNMENT_REPORT_MEETING_HELD = "Mötet {when} är redan genomfört. Välj ett kommande möte för återrapporteringen."
ASSIGNMENT_REPORT_DATE_MISSING = "Ange mötets datum: /uppdrag återrapport {id} till DATUM [organ ORGAN]"

# --- Short prompts and usage examples (kept with every other user-facing string) -------------------
NEED_BODY_NAME = "Ange organets namn."
UNKNOWN_BODY_KIND = "Okänd typ «{kind}». Typer: {kinds}."
CHANNEL_ONLY = "Det här görs i en kanal, inte i ett direktmeddelande."
NEED_WHO_AND_ROLE = "Ange vem och vilken roll."
NEED_ON_OFF = "Skriv på eller av."
NOT_A_DNR = "«{text}» är inget diarienummer jag känner igen."
NEED_ITEM_NUMBER = "Ange punktens nummer."
NEED_FROM_TO = "Ange från och till."
NEED_TASK = "Ange vad uppdraget gäller."
NEED_ASSIGNMENT_NUMBER = "Ange uppdragets nummer."
ASSIGNMENT_CHANGE_DENIED = "Bara den som har uppdraget, den som gav det eller organets sekreterare kan ändra det."
NEED_ADJUSTER = "Ange minst en justerare."
NEED_ATTENDANCE_KIND = "Ange beslutande, övriga eller frånvarande."
NEED_NAME = "Ange minst ett namn."
NEED_CORRECTION = "Ange paragraf och ny beslutstext."
PARAGRAPH_MISSING = "§ {number} {year} finns inte för {body}."
PICK_ONE_HINT = "Ange år eller datum för att välja en, t.ex. /beslut § 19 2022"
OVERWRITE_HINT = "Skriv «ersätt» för att skriva över."
LOOKUP_USAGE = "/beslut UTB 22/30  ·  /beslut § 19  ·  /beslut samverkansmodell"

USAGE_BODY_NEW = '/samverkan organ ny "Strategigrupp barn och unga" kort BU typ strategigrupp'
USAGE_MEMBER = "/samverkan medlem lägg till @Lina som justerare [i ORGAN] eller funktion skolchef som ledamot"
USAGE_WATCH = "/samverkan bevakning på"
USAGE_DNR = "dnr UTB 22/30"
USAGE_AGENDA_ADD = "/dagordning lägg till Ny samverkansmodell dnr UTB 22/30 föredragande Kent Ylvesson beslut"
USAGE_AGENDA_MOVE = "/dagordning flytta 3 till 1"
USAGE_AGENDA_REMOVE = "/dagordning ta bort 2"
USAGE_MEETING_NEW = "/mote ny 2025-03-30 kl. 13:00-14:30 plats Digitalt möte"
USAGE_ADJUSTERS = "/mote justerare Lina Lindman"
USAGE_ATTENDANCE = "/mote närvaro beslutande Mikael Johansson (S), Lina Lindman (VF)"
USAGE_ASSIGNMENT_NEW = "/uppdrag ny skolchef: ta fram förslag senast 31/10 återrapport till styrgruppen"
USAGE_ASSIGNMENT_MOVE = "/uppdrag flytta 12 till 15/11 eftersom underlaget är försenat"
USAGE_ASSIGNMENT_DONE = "/uppdrag klar 12"
USAGE_ASSIGNMENT_REPORT = "/uppdrag återrapport 12 till 2022-12-09 organ Beredningsgruppen"
USAGE_DECISION = ("/beslut registrera § 19 Ny samverkansmodell i länet dnr UTB 22/30 möte 2022-03-30: "
                  "att ge skolchef i uppdrag att …; att återrapportering ges fortlöpande")
USAGE_CORRECTION = "/beslut rätta § 19 2022: att ge skolchef i uppdrag …; att återrapportering …"
USAGE_HELP_SAMVERKAN = "/samverkan hjälp samverkan"
USAGE_BODY_SUFFIX = "… organ NAMN"

# Form titles and field labels (Slack modals, Teams cards)
FORM_AGENDA = ("Nytt ärende", "Lägg till")
FORM_ASSIGNMENT = ("Nytt uppdrag", "Spara")
FORM_DECISION = ("Registrera beslut", "Registrera")
LABEL_TITLE = "Rubrik"
LABEL_DNR = "Diarienummer"
LABEL_PRESENTER = "Föredragande"
LABEL_KIND = "Typ"
LABEL_KIND_DECISION = "Beslut"
LABEL_KIND_INFORMATION = "Information"
LABEL_MEETING_DATE = "Mötesdatum (tomt = nästa möte)"
LABEL_ASSIGNEE = "Vem (person eller funktion)"
LABEL_TASK = "Uppdrag"
LABEL_DUE = "Senast"
LABEL_REPORT_TO = "Återrapport till (möte eller organ)"
LABEL_GROUP = "Strategigrupp / organ"
LABEL_NUMBER = "§ (tomt = nästa lediga)"
LABEL_DATE = "Mötesdatum"
LABEL_PROPOSAL = "Förslag till beslut"
LABEL_CLAUSES = "Beslut – en att-sats per rad"
LABEL_DISTRIBUTION = "Skickas till (en per rad)"
LABEL_CONFIDENTIAL = "Sekretess"
LABEL_REPLACE = "Ersätt: skriv över en befintlig § med samma nummer"

# Fact labels and headings in replies
FACT_BODY = "Organ"
FACT_DATE = "Datum"
FACT_PARAGRAPH = "Paragraf"
FACT_DNR = "Dnr"
FACT_STATUS = "Status"
FACT_WHEN = "När"
FACT_PLACE = "Plats"
FACT_ASSIGNMENT = "Uppdrag"
STATUS_ADJUSTED = "Justerad"
CONFIDENTIAL_MEMBERS_ONLY = "Ja – visas bara för organets medlemmar"
NO_PARAGRAPH_NUMBER = "Utan §"
UNDATED = "odaterat"  # an imported text whose year nothing in it tells
HEADING_DECISION = "Beslut"
HEADING_DISTRIBUTION = "Beslutet skickas till"
HEADING_AGENDA = "Dagordning"
HEADING_USAGE = "Användning"
HEADING_EXAMPLES = "Exempel"
PRIVATE_SENT_TO_CHAT = "Svaret omfattas av sekretess och har skickats till dig i ett personligt meddelande."
PRIVATE_NO_PERSONAL_CHAT = ("Svaret omfattas av sekretess och kan inte visas i kanalen. Skriv samma kommando till "
                            "boten i ett personligt meddelande.")
NOTICE_LINK_LABEL = "Tillkännagivandet på anslagstavlan"
OPEN_IN_BROWSER = "Öppna i webbläsaren"
FOLLOWUP_LINK_TEXT = "Här är din personliga länk till uppföljningstavlan. Den gäller i 12 timmar och bara för dig."
FOLLOWUP_LINK_LABEL = "Öppna uppföljningstavlan"
WEB_NOT_AVAILABLE = "Webbsidorna är inte tillgängliga här (ingen server är konfigurerad)."

# === Reminders (schedules/render.py; owned by the reminders feature) ==================================
REMINDER_SINGLE = "Påminnelse: uppdrag #{id} till {assignee}: {task} – {when}."
REMINDER_LINE = "uppdrag #{id} till {assignee}: {task} – {when}"
REMINDER_DUE_IN = "senast {due} ({left})"
REMINDER_DUE_TODAY = "senast i dag{clock}"
REMINDER_OVERDUE = "försenat, skulle vara klart {due}"
REMINDER_REPORT = "återrapportering {target}{day}"
REMINDER_LEFT_ONE = "i morgon"
REMINDER_LEFT_MANY = "om {days} dagar"
REMINDER_ASSIGNEE_UNKNOWN = "–"
REMINDER_BATCH_TITLE = "Påminnelser ({count})"
REMINDER_SECTION = {
    "escalation": "Försenade uppdrag att följa upp", "overdue": "Försenade", "due_today": "Sista dag i dag",
    "report_back": "Återrapportering", "before_due": "Snart sista dag", "appeal_end": "Överklagandetiden har gått ut",
    "agenda_call": "Anmäl ärenden",
}
REMINDER_ESCALATION = ("Uppdrag #{id} till {assignee} är försenat sedan {due} ({weeks} veckor): {task}. "
                       "Som ordförande eller sekreterare: följ upp med den ansvarige.")
REMINDER_DONE_HINT = "Klart? Skriv /uppdrag klar {id}"
NOTICE_TITLE = "Kallelse: {body} {when}"
NOTICE_PLACE = "Plats: {place}"
NOTICE_AGENDA = "Dagordning"
NOTICE_AGENDA_EMPTY = "Dagordningen är tom ännu."
AGENDA_CALL = ("Dagordningen för {body} {when} stänger {closes}. Anmäl ärenden senast dess: "
               "/dagordning lägg till RUBRIK")
APPEAL_END = ("Överklagandetiden för protokollet från {body} {when} gick ut {last}. "
              "Anslaget kan tas ned och besluten har vunnit laga kraft om inget överklagande kommit in.")
DIGEST_TITLE = "Veckosammanfattning – {body}"
DIGEST_DUE = "Sista dag denna vecka"
DIGEST_OVERDUE = "Försenade uppdrag"
DIGEST_NEXT_MEETING = "Nästa möte"
DIGEST_MISSED = "Missade påminnelser (boten var nere)"
DIGEST_NOTHING = "Inga uppdrag med sista dag denna vecka och inga försenade."
DIGEST_LINE = "#{id} {assignee}: {task} – senast {due}"
DIGEST_MISSED_LINE = "{day}: {what}"
# A direct message given up for good, reported in the body's channel (schedules/undelivered.py).
UNDELIVERED = "Ett direktmeddelande till {who} kunde inte levereras: {what}. Kontakta hen på annat sätt."
UNDELIVERED_REASON = "Orsak: {reason}"
UNDELIVERED_CAUSES = {  # a platform's error code → what the secretary can understand
    "user_disabled": "kontot är avstängt", "account_inactive": "kontot är avstängt",
    "user_not_found": "personen finns inte längre i arbetsytan", "cannot_dm_bot": "mottagaren är en app",
    "no Teams conversation reference": "boten har ingen personlig chatt med personen",
    "answered 403": "Teams tillåter inte boten att skriva till personen",
    "answered 404": "den personliga chatten finns inte längre",
}
UNDELIVERED_CAUSE_OTHER = "plattformen svarade med ett fel ({error})"
UNDELIVERED_KINDS = {
    "justering_request": "begäran om justering", "justering_change": "begäran om ändring i protokollet",
    "protocol_adjusted": "beskedet att protokollet är justerat", "protocol_extract": "protokollsutdrag",
    "notice": "kallelse", "before_due": "påminnelse om uppdrag", "due_today": "påminnelse om uppdrag",
    "overdue": "påminnelse om försenat uppdrag", "escalation": "försenat uppdrag att följa upp",
    "report_back": "påminnelse om återrapportering", "appeal_end": "besked om att överklagandetiden gått ut",
}
UNDELIVERED_KIND_OTHER = "meddelande"
# === end of reminders block ===========================================================================

# --- Protocol and justering ------------------------------------------------------------------------
PROTOCOL_LABELS = {
    "title": "Protokoll", "extract_title": "Protokollsutdrag", "date": "Sammanträdesdatum",
    "place_time": "Plats och tid", "decision_makers": "Beslutande ledamöter", "others": "Övriga närvarande",
    "absent": "Frånvarande", "adjusters": "Utses att justera", "adjustment_place_time": "Justeringens plats och tid",
    "covers": "Protokollet omfattar", "signatures": "Underskrifter", "secretary": "Sekreterare",
    "chair": "Ordförande", "adjuster": "Justerande", "anslag": "ANSLAG/BEVIS", "organ": "Organ",
    "meeting_date": "Sammanträdesdatum", "posted": "Datum för anslagets uppsättande",
    "taken_down": "Datum för anslagets nedtagande", "appeal_ends": "Sista dag för överklagande",
    "storage": "Förvaringsplats för protokollet", "decision": "Beslut", "summary": "Sammanfattning",
    "proposal": "Förslag till beslut", "distribution": "Beslutet ska skickas till",
    "documents": "Beslutsunderlag", "certified": "Utdragsbestyrkande", "paragraph": "Paragraf",
}
PROTOCOL_BEVIS = "Protokollet är justerat. Justeringen har tillkännagivits genom anslag."
PROTOCOL_ADJUSTED_NOT_POSTED = "Protokollet är justerat. Anslag är inte registrerat."
PROTOCOL_ADJUSTED = "Protokollet är justerat."
PROTOCOL_NOT_ADJUSTED = "Protokollet är inte justerat."
PROTOCOL_ANSLAG_NOT_USED = ("«{body}» sätter inte upp anslag: protokollen tillkännages inte och har ingen "
                            "överklagandetid. Ska organet ändå anslå? Sekreteraren skriver /protokoll anslag samma dag.")
PROTOCOL_NOT_ADJUSTED_YET = "Ej justerat ännu"
PROTOCOL_PARAGRAPH_ADJUSTED = "Paragrafen är justerad"
PROTOCOL_CONFIDENTIAL_TEXT = "Paragrafen omfattas av sekretess och visas inte här."
PROTOCOL_CHAT_TITLE = "Protokoll – {body} {date}"
PROTOCOL_EXTRACT_TITLE = "Protokollsutdrag – {body} {date}"
PROTOCOL_NO_PARAGRAPHS = "Protokollet för {date} har inga paragrafer ännu. Registrera: /beslut registrera § …"
PROTOCOL_EXPORT_HINT = "Hela protokollet som PDF: samverkan export protocol --organ {organ} --datum {date} --format pdf"
PROTOCOL_BUTTON_PDF = "Ladda ned PDF"
FILE_SHARE_FAILED = "Filen kunde inte delas här just nu. Försök igen om en stund."
PROTOCOL_PDF_READY = "Protokollet från {body} {date} som PDF."
PROTOCOL_PDF_LINK = "Öppna PDF"
PROTOCOL_PDF_LINK_NOTE = "Länken är personlig och gäller en begränsad tid – dela filen, inte länken."
PROTOCOL_PDF_NO_WEB = ("Här kan jag inte lämna över filen: ingen webbserver är igång för länkar. "
                       "Be administratören ta fram den med samverkan export protocol --organ {organ} --datum {date} "
                       "--format pdf")
PROTOCOL_STATE = {"planerat": "Ej klart för justering", "genomfört": "Ej klart för justering",
                  "för_justering": "Skickat för justering", "justerat": "Justerat"}
PROTOCOL_STATUS_LABEL = "Status"
PROTOCOL_CALENDAR_LINK = "Prenumerera på organets kalender"
PROTOCOL_NO_MEETING = "Jag hittar inget möte för «{body}» att visa protokoll för."
PROTOCOL_EXTRACT_USAGE = "/protokoll utdrag § 19 2022"
PROTOCOL_PARAGRAPH_MISSING = "§ {number} {year} finns inte för {body}."
PROTOCOL_READY_NO_ADJUSTERS = "Utse justerare först: /mote justerare NAMN möte {date}"
PROTOCOL_ALREADY_ADJUSTED = "Protokollet för {date} är redan justerat."
PROTOCOL_READY_SENT = "Protokollet för {date} är skickat för justering till {names}."
PROTOCOL_READY_REQUEST = "Protokollet från {body} {date} är klart för justering."
PROTOCOL_READY_MENTION = "{name}: protokollet från {body} {date} är klart för justering av dig."
PROTOCOL_BUTTON_ADJUST = "Justera"
PROTOCOL_BUTTON_CHANGE = "Begär ändring"
PROTOCOL_CHANGE_INPUT = "Vad behöver ändras?"
PROTOCOL_NOT_READY = "Protokollet för {date} är inte skickat för justering. Sekreteraren skickar det med /protokoll klart."
PROTOCOL_NOT_ADJUSTER = "Du är inte utsedd att justera protokollet för {date}. Justerare: {names}."
PROTOCOL_ADJUSTED_BY = "Du har justerat protokollet för {date} ({when})."
PROTOCOL_ALREADY_ADJUSTED_BY = "Du har redan justerat protokollet för {date}."
PROTOCOL_WAITING_FOR = "Väntar på: {names}."
PROTOCOL_ALREADY_ADJUSTED_DONE = "Protokollet för {date} är redan justerat ({when}) av {names}."
PROTOCOL_CARD_ADJUSTED = "Justerat {when}"
PROTOCOL_CARD_CHANGE = "Begär ändring {when}: {comment}"
PROTOCOL_CARD_WAITING = "Väntar"
PROTOCOL_ALL_ADJUSTED = "Protokollet från {body} {date} är justerat. Paragraferna är låsta."
PROTOCOL_CHANGE_MISSING = "Skriv vad som behöver ändras."
PROTOCOL_CHANGE_USAGE = "/protokoll ändring § 19: andra att-satsen ska lyda …"
PROTOCOL_CHANGE_SENT = "Din begäran om ändring är skickad till sekreteraren. Protokollet går tillbaka för rättelse."
PROTOCOL_CHANGE_NOTICE = "{name} begär ändring i protokollet från {body} {date}: {comment}"
PROTOCOL_CHANGE_HINT = ("Rätta med /beslut registrera § NR … ersätt och skicka igen med /protokoll klart {date}.")
PROTOCOL_EXTRACT_SENT_TO = "Protokollsutdrag till: {names}"
PROTOCOL_ANSLAG_NONE = "Protokollet för {date} är inte justerat, så inget anslag är registrerat."
PROTOCOL_ANSLAG_TITLE = "Anslag – {body} {date}"
PROTOCOL_ANSLAG_REMINDER = "Sekreteraren påminns när överklagandetiden har gått ut."
PROTOCOL_ANSLAG_POLICY_SET = "Anslag för «{body}» sätts upp: {policy}."
PROTOCOL_STORAGE_SET = "Förvaringsplats för protokoll från «{body}»: {place}."
PROTOCOL_STORAGE_MISSING = "Ange var protokollen förvaras."
# === end of protocol block ============================================================================

# === identity and visibility (sekretess) ===============================================================
USAGE_MEMBER_LINK = ("/samverkan medlem koppla Nisse Namnsson till @Nisse [i ORGAN] eller "
                     "/samverkan medlem koppla funktion skolchef till @Eva")
MEMBER_LINK_NEED = "Ange vilken plats (ett namn eller «funktion NAMN») och vilken användare (med @) den ska kopplas till."
MEMBER_LINK_NEED_MENTION = "Nämn användaren med @ så att platsen kopplas till just den personen – ett namn räcker inte."
MEMBER_LINK_NO_SEAT = "Ingen okopplad plats heter «{name}» i «{body}»."
MEMBER_LINK_NO_FUNCTION = "Ingen plats i «{body}» är knuten till funktionen «{function}»."
MEMBER_LINKED = "Platsen «{name}» i «{body}» är nu kopplad till {who}."
MEMBER_FUNCTION_LINKED = "Funktionen «{function}» i «{body}» innehas nu av {who}{before}."
MEMBER_FUNCTION_BEFORE = " (tidigare {names})"
MEMBER_UNLINKED_NOTE = ("{name} är en plats som ingen användare är kopplad till än – ingen kan agera på den förrän "
                        "sekreteraren kopplar den med /samverkan medlem koppla {name} till @användare.")
MEMBER_LIST_UNLINKED = "ej kopplad"
DECISION_REOPENED_JUSTERING = ("Protokollet för {date} var ute för justering och har gått tillbaka till sekreteraren: "
                               "justerarnas godkännanden gäller inte längre. Skicka det igen med /protokoll klart {date}.")
MEMBER_LIST_FUNCTION_HELD = "{function} (innehas av {who})"


# === the samverkan year: meeting series, kallelse (issue 18) ==========================================
USAGE_SERIES = ("/mote serie läsår 2025/2026 tredje tisdagen varje månad utom juli kl. 13:00-15:00 plats Stadshuset "
                "[antal 6] – eller /mote serie datum 16/9, 21/10, 18/11 kl. 13:00")
USAGE_SERIES_SHIFT = "/mote serie flytta 1 vecka [bakåt]   eller   /mote serie flytta 3 dagar"
USAGE_MEETING_MOVE = "/mote flytta 2025-10-21 till 2025-10-28 [kl. 14:00] [plats Rådhuset]"
USAGE_MEETING_CANCEL = "/mote ställ in 2025-10-21 [eftersom höstlovet]"
USAGE_KALLELSE = "/mote kallelse [2025-10-21] [ärenden senast 2025-10-14]"
SERIES_NO_RULE = ("Ange en regel som «tredje tisdagen varje månad utom juli» (med läsår eller period) "
                  "eller en lista: «datum 16/9, 21/10, 18/11».")
SERIES_NO_PERIOD = "Ange vilken period regeln gäller: «läsår 2025/2026» eller «från 2025-08-01 till 2026-06-30»."
SERIES_PERIOD_BACKWARDS = "Periodens slut ligger före dess början."
SERIES_BAD_SCHOOL_YEAR = "«{text}» är inget läsår – skriv t.ex. läsår 2025/2026."
SERIES_BAD_MONTH = "«{word}» är ingen månad – skriv t.ex. «utom juli och augusti»."
SERIES_BAD_CLOCK = "«{text}» är ingen tid – skriv t.ex. kl. 13:00-15:00."
SERIES_BAD_COUNT = "«{text}» är inget antal – skriv t.ex. antal 6."
SERIES_EMPTY = "Regeln ger inga kommande möten – kontrollera perioden."
SERIES_WEEKEND = "helg"
SERIES_CREATED_TITLE = "Mötesserie planerad – {body} ({count} möten)"
SERIES_MOVED_NOTE = "{when}: flyttat från {original} ({reason})"
SERIES_EXISTS_NOTE = "{when}: fanns redan, inget nytt möte"
SERIES_NOTICE_HINT = ("Kallelse med dagordning skickas automatiskt före varje möte, eller när sammankallande "
                      "skriver /mote kallelse.")
SERIES_AGREEMENT_NOTE = "Observera: samverkansavtalet anger {expected} möten per läsår, serien har {count}."
SERIES_NONE = "«{body}» har ingen planerad mötesserie. Planera en: " + USAGE_SERIES
SERIES_SHIFT_NEED = "Ange hur långt serien ska flyttas, t.ex. «1 vecka» eller «3 dagar»."
SERIES_SHIFTED_TITLE = "Mötesserien flyttad {amount} – {body}"
MEETING_MOVED = "Mötet {old} är flyttat till {new}{place}. Kallelsen planeras om."
MEETING_MOVE_NEED = "Ange mötet och dess nya datum: " + USAGE_MEETING_MOVE
MEETING_NOT_PLANNED = "Mötet {when} är {state}; det kan inte ändras."
MEETING_HOLIDAY_WARNING = "Observera: {day} är {reason} – kontorstid kan saknas."
MEETING_CANCELLED = "Mötet {when} är inställt{reason}. Ingen kallelse skickas."
MEETING_CANCELLED_AGENDA = ("Punkten på dagordningen flyttades till nästa möte {when}.",
                            "{count} punkter på dagordningen flyttades till nästa möte {when}.")
MEETING_CANCELLED_AGENDA_KEPT = "Dagordningen ligger kvar – det finns inget senare möte att flytta den till."
MEETING_CANCELLED_TAG = "inställt"
MEETING_EXTRA_NOTE = "Extra möte: kallelsen skickas redan idag, eftersom mötet ligger närmare än {days} dagar."
KALLELSE_TITLE = "Kallelse: {body} {when}"
KALLELSE_PLACE = "Plats"
KALLELSE_DEADLINE = "Ärenden senast"
KALLELSE_SENT = "Kallelsen är skickad till {channels} av {who}. Ärenden som anmäls efter {deadline} går till nästa möte eller kräver sammankallandes ja."
KALLELSE_NO_CHANNEL = "organets medlemmar (ingen kanal är kopplad – dela texten själv)"
KALLELSE_CHANNELS = ("kanalen", "{count} kanaler")  # one, several
KALLELSE_DEADLINE_AFTER_MEETING = "Sista dag för ärenden måste ligga före mötet {when}."
AGENDA_LATE_MOVED = ("Dagordningen för {closed} stängde {deadline}. Ärendet lades i stället på nästa möte, {when}, "
                     "som punkt {position}: {title}. Sammankallande kan ta upp det ändå: "
                     "/dagordning lägg till … möte {closed_day}.")
AGENDA_LATE_REFUSED = ("Dagordningen för {closed} stängde {deadline} och det finns inget senare möte. "
                       "Be sammankallande eller sekreteraren att lägga till ärendet.")
AGENDA_LATE_ACCEPTED = "Dagordningen hade stängt {deadline}; ärendet togs med på sammankallandes ja."
AGREEMENT_FOLLOW_UP = "Uppföljning av samverkansavtalet"
AGREEMENT_FOLLOW_UP_PRESENTER = "förvaltningscheferna"
AGREEMENT_FOLLOW_UP_NOTE = "«Uppföljning av samverkansavtalet» ligger på läsårets sista möte: {days}."
AGREEMENT_ENDS = ("Samverkansavtalet «{title}» löper ut {end}. Utvärdering och eventuell revidering ska göras "
                  "före dess – lägg upp den på dagordningen.")
AGREEMENT_END_NOTE = "Påminnelse om att avtalet löper ut skickas {day}."
USAGE_MINUTES_NOTE = "/mote anteckning 2: Gruppen gick igenom enkätsvaren … [möte 2025-10-21]"
USAGE_MINUTES_ACTION = "/mote åtgärd 2 Lina Lindman: sammanställa enkätsvaren senast 2025-11-30 [möte 2025-10-21]"
MINUTES_TITLE = "Minnesanteckningar – {body} {when}"
MINUTES_PRESENT = "Närvarande"
MINUTES_ACTION = "Åtgärd"
MINUTES_ACTION_DONE = "klar"
MINUTES_NO_NOTE = "Inga anteckningar."
MINUTES_NO_JUSTERING = "Minnesanteckningar justeras inte och anslås inte."
MINUTES_NOT_FOR_BODY = ("«{body}» för protokoll, inte minnesanteckningar. Använd /beslut registrera och /protokoll; "
                        "organ av typen arbetsgrupp eller tjänstepersonsorgan skriver minnesanteckningar.")
MINUTES_NOTE_NEED = "Ange punktens nummer och anteckningen: " + USAGE_MINUTES_NOTE
MINUTES_NOTE_SAVED = "Anteckning sparad för punkt {position}: {title}."
MINUTES_ACTION_NEED = "Ange punkt, vem och vad: " + USAGE_MINUTES_ACTION
MINUTES_ACTION_SAVED = "Åtgärd (uppdrag {id}) under punkt {position}: {who} – {task}{due}."
PROTOCOL_IS_MINUTES = ("«{body}» skriver minnesanteckningar: de justeras inte och anslås inte. "
                       "Visa dem med /mote anteckningar {day}.")
AGREEMENT_NONE = ("«{body}» har inget samverkansavtal i arkivet. Importera avtalet (samverkan import FIL) så "
                  "planeras uppföljningen och påminnelsen före avtalets slut med året.")
AGREEMENT_TITLE = "{title}"
AGREEMENT_BODY = "Organ: {body}"
AGREEMENT_PARTIES = "Parter"
AGREEMENT_PERIOD = "Period"
AGREEMENT_END = "Löper ut"
AGREEMENT_MEETINGS = "Möten per läsår"
AGREEMENT_SIGNED = "Undertecknat"
AGREEMENT_SEATS = "Platser (funktion/befattning)"

# The samverkan year II (issue 18): sammanfattning, jäv per §, written uppdrag to groups, expediering
LABEL_SUMMARY = "Sammanfattning (ärendebeskrivning)"
USAGE_DECISION_SUMMARY = ("/beslut registrera § 5 Brister i samverkan kring skolfrånvaro möte 2019-03-19\n"
                          "sammanfattning: Skolorna och IFO har olika rutiner …\nbeslut: att …")
SUMMARY_TOO_LONG = "Sammanfattningen är {length} tecken lång; högst {limit} tecken får plats."
SUMMARY_CHANGED = "Sammanfattningen ändrad."
SUMMARY_COLLAPSED = "(visar {shown} av {total} tecken – hela texten: {where})"
SUMMARY_WHERE_WEB = "paragrafens webbsida"
USAGE_JAV = "/protokoll jäv § 3 Annikki Tinmark möte 2019-03-19   (flera §§: §§ 3–5; ångra: jäv ta bort § 3 …)"
USAGE_SUBSTITUTE = "/protokoll ersättare §§ 3–5 Kalle Karlsson ersätter Annikki Tinmark möte 2019-03-19"
JAV_NEED = "Ange paragraf och namn: " + USAGE_JAV
SUBSTITUTE_NEED = "Ange paragrafer, vem som tjänstgör och vem hen ersätter: " + USAGE_SUBSTITUTE
PER_PARAGRAPH_BAD_RANGE = "«{text}» är inget paragrafintervall – skriv t.ex. § 3 eller §§ 3–5."
PER_PARAGRAPH_NO_SUCH = "Mötet {day} har ingen paragraf inom {range} (mötets paragrafer: {numbers})."
PER_PARAGRAPH_NOT_MEMBER = "{name} har ingen plats i «{body}» och finns inte i mötets närvarolista."
PER_PARAGRAPH_CLOSED = ("Protokollet från {day} är justerat; jäv och tjänstgöring kan inte längre ändras. "
                        "Rätta med /beslut rätta om något blev fel.")
JAV_LINE = "{name} deltar inte i handläggningen på grund av jäv."
SUBSTITUTE_LINE = "{name} ersätter {replaces}."
SUBSTITUTE_HEADER = "{range}: {name} ersätter {replaces}"
JAV_RECORDED = "{name} är jävig i {range} ({day}). Protokollet skriver: «{line}»"
JAV_REMOVED = "Jävet för {name} i {range} ({day}) är borttaget."
JAV_NOT_FOUND = "Inget jäv för {name} i {range} ({day}) att ta bort."
SUBSTITUTE_RECORDED = "{range} ({day}): {name} ersätter {replaces}."
PER_PARAGRAPH_REOPENED = "Protokollet var ute för justering och har gått tillbaka till sekreteraren."
PROTOCOL_ATTENDANCE_HEADING = "Jäv och tjänstgöring"
PROTOCOL_ATTENDANCE_CHANGES = "Ändrad tjänstgöring"
USAGE_GROUP_ASSIGNMENT = ("/uppdrag arbetsgrupp AE: kartlägga elevhälsans samverkan senast 2019-02-28 "
                          "redovisas skriftlig rapport till styrgruppen 2019-03-19")
USAGE_GROUP_REPORT = "/uppdrag rapport 12 https://intranat.trelleborg.se/elevhalsa/rapport.pdf"
GROUP_ASSIGNMENT_NEED = "Ange arbetsgrupp och uppdrag: " + USAGE_GROUP_ASSIGNMENT
GROUP_ASSIGNMENT_HOW_WHEN = ("Ett uppdrag till en arbetsgrupp ska säga hur och när det redovisas "
                             "(samverkansavtalet): lägg till t.ex. «redovisas skriftlig rapport till styrgruppen "
                             "2019-03-19».")
GROUP_ASSIGNMENT_BAD_FORM = ("«{text}» säger inte hur uppdraget redovisas – skriv «skriftlig rapport», «skriftligt» "
                             "eller «muntligt», följt av «till» och mötet.")
GROUP_ASSIGNMENT_NO_DATE = "«{text}» säger inte när uppdraget redovisas – ange mötets datum, t.ex. 2019-03-19."
GROUP_ASSIGNMENT_SAME_BODY = "Uppdraget ges till en annan grupp än «{body}» själv – ange arbetsgruppens namn."
GROUP_ASSIGNMENT_NO_CONVENER = ("«{group}» har ingen sammankallande som kan äga uppdraget. Lägg till en först: "
                                "/samverkan medlem lägg till @namn som sammankallande i {short}")
GROUP_ASSIGNMENT_CREATED = ("Uppdrag {id} till {group}: {task}{due}. Ägs av sammankallande {convener}. "
                            "Redovisas: {form} till {body} {when}.")
GROUP_ASSIGNMENT_LINKED = "Återrapporteringen står på dagordningen för {body} {when}."
GROUP_ASSIGNMENT_NO_MEETING = ("{body} har inget möte {when} ännu; återrapporteringen läggs på dagordningen när "
                               "mötet planeras.")
GROUP_REPORT_NEED = "Ange uppdragets nummer och länken till rapporten: " + USAGE_GROUP_REPORT
GROUP_REPORT_NOT_LINK = "«{text}» är ingen länk – ange adressen till rapporten (https://…)."
GROUP_REPORT_NOT_GROUP = "Uppdrag {id} är inget skriftligt uppdrag till en arbetsgrupp."
GROUP_REPORT_DENIED = "Bara arbetsgruppens sammankallande eller organets sekreterare kan lämna rapporten."
GROUP_REPORT_SAVED = "Rapporten för uppdrag {id} är länkad: {link}."
GROUP_REPORT_ON_AGENDA = "Dagordningen för {body} {when} länkar till den."
REPORT_FORMS = {"skriftlig rapport": "skriftlig rapport", "skriftligt": "skriftlig rapport",
                "skriftlig": "skriftlig rapport", "muntligt": "muntlig redovisning",
                "muntlig": "muntlig redovisning", "muntlig redovisning": "muntlig redovisning"}
REPORT_LINK_LABEL = "rapport"
USAGE_EXPEDITE = "/protokoll expediera 2019-03-19"
USAGE_EXPEDITE_STATUS = "/protokoll expediering 2019-03-19"
EXPEDITE_NOT_ADJUSTED = ("Protokollet från {day} är inte justerat ännu. Utdragen skickas när det är justerat: "
                         "/protokoll justera, sedan " + USAGE_EXPEDITE)
EXPEDITE_NOTHING = "Ingen paragraf från {day} har «Beslutet ska skickas till»."
EXPEDITE_TITLE = "Expediering – {body} {day}"
EXPEDITE_SENT = ("Direktmeddelanden med «Mottaget»-knapp: {members}. Externa mottagare med länk att mejla: "
                 "{externals}.")
EXPEDITE_AGAIN = "{count} mottagare var redan expedierade och fick inget nytt utskick."
EXPEDITE_WITHHELD = "{count} mottagare utanför organet fick inget: paragrafen omfattas av sekretess."
EXPEDITE_EXTERNAL_HEADING = "Externa mottagare – skicka länkarna med e-post"
EXPEDITE_NO_LINK = "(ingen länk: webbservern är inte igång)"
EXPEDITE_DM_TEXT = "Protokollsutdrag från {body} {day} – bekräfta att du tagit emot det."
EXPEDITE_FALLBACK = ("Protokollsutdrag {label} från {day} till {name} kunde inte skickas som direktmeddelande: "
                     "{name} har inte skrivit till boten ännu. Sekreteraren skickar det på annat sätt.")
BUTTON_RECEIVED = "Mottaget"
RECEIPT_ACKNOWLEDGED = "Tack – mottagandet av {label} ({body} {day}) är registrerat."
RECEIPT_ALREADY = "Mottagandet av {label} registrerades redan {when}."
RECEIPT_NOT_YOURS = "Utdraget skickades till {name}; bara mottagaren kan kvittera det."
RECEIPT_NOT_FOUND = "Det finns ingen expediering med nummer {id}."
RECEIPT_NEED = "Ange kvittensens nummer: /protokoll mottaget 17"
RECEIPT_DONE_CONTEXT = "Mottaget {when}"
EXPEDITION_STATUS_TITLE = "Expediering – {body} {day}"
EXPEDITION_NONE_YET = "Protokollet från {day} är inte expedierat ännu: " + USAGE_EXPEDITE
EXPEDITION_ACKED = "✓ {name} – mottaget {when}"
EXPEDITION_WAITING = "⏳ {name} – inte kvitterat (skickat {when})"
EXPEDITION_EXTERNAL = "✉ {name} – extern mottagare, länk för e-post{link}"
EXPEDITION_HELD = "🔒 {name} – inte skickat: sekretess"
EXPEDITION_SUMMARY = "{waiting} av {members} har inte kvitterat."
FORM_SERIES = ("Planera möten", "Planera")
FORM_KALLELSE = ("Skicka kallelse", "Skicka")
LABEL_SERIES_DATES = "Datum eller regel (t.ex. 18/9, 20/11, 15/1 eller «tredje tisdagen varje månad utom juli»)"
LABEL_SERIES_PERIOD = "Läsår eller period (t.ex. läsår 2018/2019), när en regel används"
LABEL_SERIES_TIME = "Tid (t.ex. 13:00-15:00)"
LABEL_SERIES_PLACE = "Plats"
LABEL_SERIES_COUNT = "Antal möten (valfritt)"
LABEL_KALLELSE_MEETING = "Mötets datum"
LABEL_KALLELSE_DEADLINE = "Sista dag för nya ärenden (valfritt)"
LABEL_BODY = "Organ (kort namn, valfritt)"
FORM_FIELD_MISSING = "Fältet «{label}» måste fyllas i."
