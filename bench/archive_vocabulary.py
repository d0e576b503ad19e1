"""The words of the benchmark archive: real protocol phrases, bodies, places and dnr spellings.

Generated paragraphs must look like the archive a lookup really searches: the same handful of
standing items in every meeting ("Val av justerare"), titles built from actions, subjects and
municipalities that recur across bodies and years, and diarienummer written every way people
write them. A benchmark over random strings would flatter both the index and the naive scan.
"""

from __future__ import annotations

import random

PLACES = (
    "Falköping Gullspång Götene Karlsborg Lidköping Mariestad Skara Skövde Tidaholm Vara Essunga Grästorp Hjo "
    "Tibro Töreboda Ånge Sundsvall Timrå Härnösand Kramfors Sollefteå Örnsköldsvik Trelleborg Ystad Malmö Lund "
    "Eslöv Höör Hörby Sjöbo Skurup Vellinge Svedala Staffanstorp Burlöv Lomma Kävlinge Landskrona Helsingborg "
    "Höganäs Ängelholm Båstad Laholm Halmstad Falkenberg Varberg Kungsbacka Borås Ulricehamn Jönköping Värnamo"
).split()
BODY_KINDS = (
    ("Utbildningsnämnden", "UTB"), ("Utbildningsnämndens arbetsutskott", "UAU"), ("Socialnämnden", "SN"),
    ("Strategigrupp barn och unga", "BU"), ("Styrgrupp samverkan", "SG"),
)
STANDING = ("Mötets öppnande", "Val av justerare", "Godkännande av dagordning", "Förra mötets protokoll",
            "Delegationsbeslut", "Meddelanden", "Övriga frågor", "Avslutning")
ACTIONS = ("Information om", "Uppföljning av", "Revidering av", "Yttrande över remiss om", "Beslut om",
           "Redovisning av", "Handlingsplan för", "Statsbidrag för", "Återrapportering av", "Internkontroll av",
           "Delårsrapport för", "Riktlinjer för")
SUBJECTS = (
    "ny samverkansmodell i länet", "regionalt yrkesvux", "dimensionering av gymnasieskolan", "introduktionsprogrammen",
    "ny socialtjänstlag", "elevhälsans arbete", "psykisk ohälsa bland unga", "skolskjutsar", "barnkonventionen",
    "samordnad individuell plan", "tidiga insatser", "hemlöshet", "ekonomiskt bistånd", "placeringar av barn",
    "förebyggande arbete mot våld", "äldreomsorgens bemanning", "hemtjänstens kvalitet", "vuxenutbildningen",
    "svenska för invandrare", "läxhjälp och studiestöd", "modersmålsundervisning", "fritidshemmen",
    "förskolans lokaler", "skolans digitalisering", "kompetensförsörjning", "god och nära vård",
    "missbruksvården", "anhörigstöd", "familjecentralen", "ungdomsmottagningen", "skolnärvaro",
    "särskilt stöd i skolan", "grundsärskolan", "gymnasiesärskolan", "yrkesintroduktion", "lärlingsutbildning",
    "studie- och yrkesvägledning", "elevpeng och tilläggsbelopp", "kvalitetsarbete i förskolan",
    "systematiskt kvalitetsarbete", "lokal överenskommelse om samverkan", "barn i behov av särskilt stöd",
    "trygghet och studiero", "kränkande behandling", "jämställdhetsintegrering", "klimatanpassning av lokaler",
    "kostenheten och skolmåltider", "budget och verksamhetsplan", "investeringsplan", "taxor och avgifter",
    "socialrekos beredningsgrupp", "politikerkonferens", "skolledarkonferens", "rapport utbildning skaraborg",
    "behovsinventering det gäller livet", "ekonominätverket", "balanskontot", "medfinansiering av yrkesvux",
)
CLAUSES = (
    "ge {who} i uppdrag att ta fram ett förslag om {subject} senast {day}",
    "lägga informationen om {subject} till handlingarna",
    "återrapportering av ärendet ges till {body} senast {day}",
    "godkänna redovisningen av {subject}",
    "uppdra åt {who} att återkomma med en deluppföljning till gemensamt möte {day} kl. 9",
    "anta riktlinjerna för {subject} att gälla från och med {day}",
)
WHO = ("skolchef", "förvaltningschef", "socialchef", "beredningsgruppen", "kvalitetschef", "verksamhetsutvecklare")
SPELLINGS = (
    "{P} {yy}/{n}", "{P} {yyyy}/{n}", "{p} {yyyy}/{n}", "{P}-{yy}/{n}", "{P}/{yyyy}:{n}", "{P} {yyyy}:{n}",
    "Dnr {P} {yyyy}/{n}", "Dnr: {P} {yyyy}/{n4}", "{P}{yyyy}/{n}", "{P} {yy}:{n}", "{P}-{yyyy}-{n}",
    "{P} {yyyy} / {n}", "dnr {p} {yy}/{n}",
)


def place_code(index: int) -> str:
    """Two letters per municipality ("FA", "GU", …), unique by construction."""
    return chr(65 + index // 26) + chr(65 + index % 26)


def spell_dnr(prefix: str, year: int, number: int, *, rng: random.Random) -> str:
    """One of the thirteen ways a diarienummer is written."""
    form = rng.choice(SPELLINGS)
    return form.format(P=prefix, p=prefix.lower(), yy=f"{year % 100:02d}", yyyy=year, n=number, n4=f"{number:04d}")


def title_for(rng: random.Random, *, place: str, year: int) -> str:
    """A title as a secretary writes it: action, subject, sometimes the place or the year."""
    subject = rng.choice(SUBJECTS)
    tail = rng.choice(("", f" i {place}", f" {year}", f" – {place}"))
    return f"{rng.choice(ACTIONS)} {subject}{tail}"


def typo(word: str, *, rng: random.Random) -> str:
    """One keyboard slip (swap, drop or double a letter), never in the first two letters."""
    if len(word) < 5:
        return word
    i = rng.randrange(2, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


_HEADS = (
    "skol elev lärar rektor förskole fritids gymnasie vuxen social vård omsorg hemtjänst äldre barn ungdoms "
    "familje missbruks beroende psykiatri hälso sjukvårds region kommun länets nämnd förvaltnings budget "
    "ekonomi investerings personal kompetens rekryterings arbetsmiljö säkerhets kris beredskaps integrations "
    "språk modersmåls studie yrkes lärlings praktik arbetsmarknads försörjnings bistånds boende bostads "
    "lokal fastighets kost måltids transport skjuts trafik miljö klimat energi digitaliserings it system "
    "dokument arkiv diarie protokoll anslags justerings samverkans avtals upphandlings kvalitets uppföljnings "
    "utvärderings tillsyns anmälnings utrednings placerings insats stöd elevhälso kurator skolsköterske "
    "specialpedagog logoped psykolog läkar sjuksköterske undersköterske biståndshandläggar"
).split()
_TAILS = (
    "plan planen enhet enheten avgift avgifter rapport rapporten grupp gruppen råd rådet nätverk nätverket "
    "insats insatser stöd ärende ärenden beslut besluten uppdrag uppdraget process processen rutin rutiner "
    "policy riktlinje riktlinjer mål målen resultat resultaten analys analysen kartläggning utredning "
    "redovisning uppföljning organisation struktur modell modellen ansvar samordning samordnare chef chefer "
    "handläggare personal lokaler budget kostnader intäkter medel bidrag statsbidrag avtal överenskommelse "
    "system systemet tjänst tjänster verksamhet verksamheten forum möte möten dialog information utbildning "
    "kompetens behov prioritering tidplan ekonomi projekt projektet"
).split()


def compound(rng: random.Random) -> str:
    """A Swedish compound from the archive's long tail ("skjutsplanen", "kuratorrutiner"): the words that make
    a real dictionary tens of thousands of entries long and typo correction work for its money."""
    return rng.choice(_HEADS) + rng.choice(_TAILS)
