"""Steps several browser journeys take: signing in through a session cookie, and supplying what a Leidraad
gate asks for (the artefacts of the phase, then the sponsor's confirmation of each criterion)."""

from __future__ import annotations

import re

from portfolio.tests import factories
from portfolio.workflow import leidraad


def log_in_as(page, live_server, user) -> None:
    """Sign in through a session cookie (faster than the login form; the form has its own journey)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def artefacts_for(phase: str) -> list[str]:
    """The artefact types leaving `phase` needs: the phase's own and those its criteria name."""
    state = leidraad().state(phase)
    types = [requirement.type for requirement in state.required_artefacts]
    for criterion in state.criteria:
        types += [t for t in criterion.requires_artefacts if t not in types]
    return types


def add_gate_artefacts(page, number: str, phase: str, document) -> None:
    """As a project lead or the programme office: add every artefact leaving `phase` needs."""
    for artefact_type in artefacts_for(phase):
        page.goto(f"/portfolio/{number}/artefacts/new/")
        page.select_option("#id_type", artefact_type)
        page.fill("#id_title", leidraad().artefact_types[artefact_type].name)
        page.set_input_files("#id_file", str(document))
        for part in leidraad().artefact_types[artefact_type].parts:
            page.check(f"input[name=parts][value={part.code}]")
        if leidraad().artefact_types[artefact_type].requires_signature:
            page.check("#id_signed")
        page.click("form.rk-form button[type=submit]")
        page.wait_for_url(re.compile(rf"/portfolio/{number}/(#artefacts)?$"))


def confirm_gate_criteria(page, number: str, phase: str) -> None:
    """As the sponsor (team lead): confirm every criterion of `phase` on the project's checklist."""
    page.goto(f"/portfolio/{number}/")
    for criterion in leidraad().state(phase).criteria:
        row = page.locator(f'tr[data-criterion="{criterion.code}"]')
        if row.locator("button[type=submit]").count() == 0:
            continue  # already confirmed
        row.locator("input[name=evidence_link]").fill("/roadmap/")
        row.locator("button[type=submit]").click()
        page.wait_for_load_state()


PDF = factories.PDF
