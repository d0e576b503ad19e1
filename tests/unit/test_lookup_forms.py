"""``/beslut`` read every way people ask, through the chat a user types in (issue #22).

A small archive of three bodies is written straight into the database and indexed like an
import: diarienummer filed as their protocols wrote them (``KS 2014/757``, ``2013/TN 0087``,
``LS 2006/33``, ``BUN 2023/203``), §§ numbered per year with the number/year form protocols use,
a sekretess §. Each query form must find its § — and a query shaped like a dnr or a § that names
nothing must say so in Swedish, never answer with free-word hits on its digits or letters.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.models import Body, Case, Meeting, Paragraph, Tenant
from storage.search import index_paragraph

# (body, meeting day, §, year, title, dnr as written, sekretess)
ARCHIVE = [
    ("KS", "2014-05-20", 88, 2014, "Detaljplan för Norra hamnen", "KS 2014/757", False),
    ("KS", "2023-02-14", 12, 2023, "Budget 2023 för KS och nämnderna", "KS 2023/145", False),
    ("KS", "2021-03-02", 2, 2021, "Val av justerare", None, False),
    ("KS", "2022-03-01", 2, 2022, "Godkännande av dagordning", None, False),
    ("TN", "2013-09-10", 41, 2013, "Trafiksäkerhetsplan för skolvägar", "2013/TN 0087", False),
    ("TN", "2023-07-13", 6, 2023, "Upphandling av skolskjutsar", "LS 2006/33", False),
    ("TN", "2022-07-13", 6, 2022, "Parkeringsnorm för cykel", None, False),
    ("ONAU", "2023-05-04", 6, 2023, "Hemtjänstens kvalitet", "BUN 2023/203", False),
    ("ONAU", "2023-05-04", 12, 2023, "Placering av barn utanför hemmet", "SN 2023/7", True),
    ("KS", "2020-01-14", 1, 2020, "Övriga frågor", None, False),
]
# The numbers and registers of every dnr above, in running text: free words would find this § too.
DISTRACTOR = ("Frågor från KS, TN, LS och BUN om 757 platser 2014, 0757 och 87 eller 0087 år 2013, 33 år 2006, "
              "203 och 0203 40 år 2023, 145 00145 och 146 år 2023, 999 och 0999, 99 och 12 år 2019 och 2023, 7 år 2023")


@pytest.fixture
def archive(services, chat):  # type: ignore[no-untyped-def]
    chat("hjälp")  # the console tenant exists, as for any user
    with services.sessions() as session:
        tenant = session.query(Tenant).filter_by(platform="console", external_id="local").one()
        bodies = {code: Body(tenant_id=tenant.id, name=name, short_name=code) for code, name in
                  (("KS", "Kommunstyrelsen"), ("TN", "Tekniska nämnden"), ("ONAU", "Omsorgsnämndens arbetsutskott"))}
        session.add_all(bodies.values())
        session.flush()
        meetings: dict[tuple[str, str], Meeting] = {}
        for code, day, number, year, title, dnr, secret in ARCHIVE:
            meeting = meetings.get((code, day))
            if meeting is None:
                meeting = meetings[(code, day)] = Meeting(
                    tenant_id=tenant.id, body_id=bodies[code].id, state="justerat",
                    starts_at=datetime.fromisoformat(day).replace(hour=11, tzinfo=UTC))
                session.add(meeting)
                session.flush()
            case = None
            if dnr:
                from handlers.parsing.dnr import parse_dnr

                parsed = parse_dnr(dnr)
                assert parsed is not None, dnr
                case = Case(tenant_id=tenant.id, dnr_key=parsed.key, dnr_written=dnr, title=title)
                session.add(case)
                session.flush()
            paragraph = Paragraph(tenant_id=tenant.id, body_id=bodies[code].id, meeting_id=meeting.id, year=year,
                                  number=number, title=title, case_id=case.id if case else None, confidential=secret,
                                  locked=True)
            session.add(paragraph)
            session.flush()
            index_paragraph(session, paragraph, clause_texts=[DISTRACTOR if title == "Övriga frågor" else
                                                              "lägga informationen till handlingarna"])
        session.commit()
    return chat


@pytest.mark.parametrize(("query", "title"), [
    # § forms
    ("§ 2/21 organ KS", "Val av justerare"),
    ("§ 2/2022 organ KS", "Godkännande av dagordning"),
    ("§ 6 i protokollet från 13 juli 2023", "Upphandling av skolskjutsar"),
    ("§ 6 den 13 juli 2022", "Parkeringsnorm för cykel"),
    ("paragraf 6 i mötet 2023-05-04", "Hemtjänstens kvalitet"),
    ("Ks § 12", "Budget 2023 för KS och nämnderna"),
    ("ONAU § 6 2023", "Hemtjänstens kvalitet"),
    # dnr forms
    ("2014/757", "Detaljplan för Norra hamnen"),
    ("2014/0757", "Detaljplan för Norra hamnen"),
    ("2014 - 757", "Detaljplan för Norra hamnen"),
    ("KS 2014/757", "Detaljplan för Norra hamnen"),
    ("2013/TN 0087", "Trafiksäkerhetsplan för skolvägar"),
    ("TN 2013/87", "Trafiksäkerhetsplan för skolvägar"),
    ("tn 13/087", "Trafiksäkerhetsplan för skolvägar"),
    ("LS/33/2006", "Upphandling av skolskjutsar"),
    ("2006/LS 0033", "Upphandling av skolskjutsar"),
    ("2023/BUN 0203 40", "Hemtjänstens kvalitet"),
    ("2023/BUN 0203", "Hemtjänstens kvalitet"),
    ("Dnr KS 2023/145", "Budget 2023 för KS och nämnderna"),
    ("diarienummer KS 2023/145", "Budget 2023 för KS och nämnderna"),
    ("KS-2023-145", "Budget 2023 för KS och nämnderna"),
    ("KS 2023 – 145", "Budget 2023 för KS och nämnderna"),
    ("ks 2023 145", "Budget 2023 för KS och nämnderna"),
    ("KS 2023/00145", "Budget 2023 för KS och nämnderna"),
    ("2023/145", "Budget 2023 för KS och nämnderna"),  # any register
])  # fmt: skip
def test_every_form_finds_its_paragraph(archive, query: str, title: str) -> None:  # type: ignore[no-untyped-def]
    out = archive(f"/beslut {query}", user="Anna Arvidson", channel="allmänt")
    assert title in out and "träffar" not in out, (query, out)


@pytest.mark.parametrize(("query", "said"), [
    ("KS 2023/999", "Jag hittar inget ärende med diarienummer «KS 2023/999»"),
    ("Dnr KS 2023/146", "Jag hittar inget ärende med diarienummer «KS 2023/146»"),
    ("2023/KS 0999", "Jag hittar inget ärende med diarienummer «2023/KS 0999»"),
    ("2023/146", "Jag hittar inget ärende 2023/146 i något diarium"),
    ("§ 99 2023", "Jag hittar ingen § 99 2023"),
    ("§ 12 den 1 januari 2023", "Jag hittar ingen § 12 den 2023-01-01"),
    ("Ks § 12 2019", "Jag hittar ingen § 12 2019"),
    ("§ 12 ks 2023", "Jag förstår inte vilken § du menar"),
])  # fmt: skip
def test_a_dnr_or_paragraph_that_names_nothing_says_so(archive, query: str, said: str) -> None:  # type: ignore[no-untyped-def]
    out = archive(f"/beslut {query}", user="Anna Arvidson", channel="allmänt")
    assert said in out, out
    assert "Exempel: /beslut" in out  # and how to ask
    # never free-word hits on its letters and digits ("KS", "2023", "12" are all in titles)
    assert not any(title in out for *_, title, _, _ in ARCHIVE), out


def test_a_sekretess_case_is_no_case_to_a_non_member(archive) -> None:  # type: ignore[no-untyped-def]
    out = archive("/beslut SN 2023/7", user="Anna Arvidson", channel="allmänt")
    assert "Jag hittar inget ärende med diarienummer «SN 2023/7»" in out
    assert "Placering" not in out
    by_number = archive("/beslut ONAU § 12 2023", user="Anna Arvidson", channel="allmänt")
    assert "Placering" not in by_number and "sekretess" in by_number  # the § number is public, its text not


def test_free_words_still_search_when_nothing_looks_like_a_dnr(archive) -> None:  # type: ignore[no-untyped-def]
    out = archive("/beslut skolskjutsar", user="Anna Arvidson", channel="allmänt")
    assert "Upphandling av skolskjutsar" in out
    budget = archive("/beslut budget 2023", user="Anna Arvidson", channel="allmänt")
    assert "Budget 2023 för KS och nämnderna" in budget
