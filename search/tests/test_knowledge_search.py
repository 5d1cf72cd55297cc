"""Search finds lessons learned, published cases and knowledge-hub items by a word of their text, each under
the knowledge app's rule: a draft lesson only for who may read it, a case only once it is published (then
for everyone signed in), the hub for the programme; the mailing lists never."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from knowledge import services as knowledge_services
from knowledge import services_outreach
from knowledge.models import Case, HubItem, Lesson, MailingList
from knowledge.tests import factories as knowledge_factories
from portfolio.tests import factories as portfolio_factories
from search import providers, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(user_for):
    return portfolio_factories.project(user_for, team_obj=portfolio_factories.team(user_for))


def _found(user, text: str, kind: str) -> list[str]:
    results = services.search(actor=user, text=text)
    return [entry.title for group in results.groups if group.kind == kind for entry in group.entries]


def test_a_draft_lesson_is_found_by_its_makers_and_once_published_by_the_programme(user_for, project):
    lesson = knowledge_factories.lesson(
        user_for, project, title="Retourstromen eerst", cause="Niemand kende de demontagepartners."
    )
    lead, reader, applicant = (user_for(role) for role in (Role.PROJECT_LEAD, Role.READER, Role.APPLICANT))

    assert _found(lead, "demontagepartners", "lesson") == ["Retourstromen eerst"]
    assert _found(user_for(Role.TEAM_LEAD), "demontagepartners", "lesson") == ["Retourstromen eerst"]
    assert _found(reader, "demontagepartners", "lesson") == []

    lesson = knowledge_services.lesson_validate(actor=user_for(Role.TEAM_LEAD), lesson=lesson)
    assert _found(reader, "demontagepartners", "lesson") == []
    knowledge_services.lesson_publish(actor=user_for(Role.TEAM_LEAD), lesson=lesson)
    assert Lesson.objects.get(pk=lesson.pk).status == Lesson.Status.PUBLISHED
    assert _found(reader, "demontagepartners", "lesson") == ["Retourstromen eerst"]
    # Applicants read no lessons at all: the kind is refused, not silently empty.
    results = services.search(actor=applicant, text="demontagepartners")
    assert results.count == 0 and "Lessons learned" in [str(label) for label in results.refused]


def test_a_case_is_found_by_everyone_signed_in_only_once_published(user_for, project):
    case = knowledge_factories.case(
        user_for, project, status=Case.Status.SUBMITTED, approach_nl="Twee pilots met fietsbatterijen."
    )
    office, applicant = user_for(Role.PROGRAMME_OFFICE), user_for(Role.APPLICANT)
    assert _found(office, "fietsbatterijen", "case") == []

    knowledge_services.case_approve(actor=office, case=case)

    assert _found(applicant, "fietsbatterijen", "case") == [case.title_nl]
    assert _found(user_for(Role.READER), "chain", "case") == [case.title_nl]  # the English text too
    entry = services.search(actor=applicant, text="fietsbatterijen").groups[0].entries[0]
    assert entry.url == Case.objects.get(pk=case.pk).public_url()


def test_a_hub_item_is_found_by_the_programme_and_refused_to_a_reader(user_for):
    team = portfolio_factories.team(user_for)
    services_outreach.hub_item_create(
        actor=user_for(Role.TEAM_LEAD),
        title="Ketenkaart",
        kind=HubItem.Kind.LINK,
        team=team,
        description="Overzicht van de inzamelpunten in de regio.",
        url="https://example.org/kaart",
    )

    assert _found(user_for(Role.PROJECT_LEAD), "inzamelpunten", "hub_item") == ["Ketenkaart"]
    as_reader = services.search(actor=user_for(Role.READER), text="inzamelpunten")
    assert as_reader.count == 0 and "Knowledge hub" in [str(label) for label in as_reader.refused]


def test_mailing_lists_are_never_indexed():
    assert providers.for_model(MailingList) == []


# --- the contents of hub documents --------------------------------------------------------------------------


def _pdf(text: str) -> bytes:
    """A PDF as the programme's own reports are made (WeasyPrint: embedded, subsetted fonts)."""
    from weasyprint import HTML

    return HTML(string=f"<html lang='nl'><body><h1>Verslag</h1><p>{text}</p></body></html>").write_pdf()


def _docx(text: str) -> bytes:
    """The smallest Word document: its content types and one paragraph in two text runs."""
    import io
    import zipfile

    body = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"<w:p><w:r><w:t>{text[:5]}</w:t></w:r><w:r><w:t>{text[5:]}</w:t></w:r></w:p></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body)
    return out.getvalue()


def _document(user_for, team, title: str, content: bytes, file_name: str) -> HubItem:
    return services_outreach.hub_item_create(
        actor=user_for(Role.TEAM_LEAD),
        title=title,
        kind=HubItem.Kind.DOCUMENT,
        team=team,
        content=content,
        file_name=file_name,
    )


def test_a_hub_pdf_is_found_by_a_word_in_its_contents(user_for):
    team = portfolio_factories.team(user_for)
    item = _document(
        user_for, team, "Verslag leerbijeenkomst", _pdf("De demontagefabriek in Venlo draait."), "verslag.pdf"
    )

    assert "demontagefabriek" in item.versions.get().text
    # Neither the title, the tags nor the description holds the word: only the document does.
    assert _found(user_for(Role.PROJECT_LEAD), "demontagefabriek", "hub_item") == ["Verslag leerbijeenkomst"]
    assert _found(user_for(Role.PROJECT_LEAD), "venlo demontage", "hub_item") == ["Verslag leerbijeenkomst"]
    # The hub's own rule still holds for the contents: a reader is refused the kind.
    as_reader = services.search(actor=user_for(Role.READER), text="demontagefabriek")
    assert as_reader.count == 0


def test_a_new_version_replaces_the_text_that_finds_the_document(user_for):
    team = portfolio_factories.team(user_for)
    item = _document(user_for, team, "Notitie", b"# Notitie\n\nOver warmtepompen en retourlogistiek.", "n.md")
    lead = user_for(Role.PROJECT_LEAD)
    assert _found(lead, "warmtepompen", "hub_item") == ["Notitie"]

    services_outreach.hub_version_add(
        actor=user_for(Role.TEAM_LEAD),
        item=item,
        content=_docx("Zonnepanelen hergebruiken"),
        file_name="notitie.docx",
        note="Herschreven",
    )

    assert _found(lead, "zonnepanelen", "hub_item") == ["Notitie"]
    assert _found(lead, "warmtepompen", "hub_item") == []


def test_the_rebuilt_index_holds_the_document_text(user_for):
    from search import index

    team = portfolio_factories.team(user_for)
    _document(user_for, team, "Pdf", _pdf("Kobaltketen in kaart."), "k.pdf")
    index.rebuild()
    assert _found(user_for(Role.PROJECT_LEAD), "kobaltketen", "hub_item") == ["Pdf"]
