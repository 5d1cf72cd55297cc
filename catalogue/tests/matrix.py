"""The catalogue in the role matrix (regiekamer/tests/test_role_matrix.py): every list page and endpoint is
for every signed-in user; nobody changes the catalogue through the site (the programme office edits entries
in the Django admin)."""

from typing import Any

from accounts.roles import Role
from accounts.testing import Expect, Route, World
from catalogue.models import Province
from catalogue.registry import LISTS, CatalogueList

EVERYONE = set(Role.values)


def build(world: World) -> None:
    from catalogue.loader import catalogue_load

    catalogue_load()
    world.province = Province.objects.get(code="UT")
    world.first_entries = {entry.name: entry.entries().order_by("pk").first() for entry in LISTS}


def _api_routes(entry: CatalogueList) -> list[Route]:
    def detail(world: Any, name: str = entry.name) -> dict[str, Any]:
        return {"pk": world.first_entries[name].pk}

    return [
        Route(f"catalogue-api:{entry.name}-list"),
        Route(f"catalogue-api:{entry.name}-detail", kwargs=detail),
    ]


ROUTES = [
    Route("catalogue:index"),
    Route("catalogue:list", kwargs=lambda w: {"name": "provinces"}),
    Route("catalogue:detail", kwargs=lambda w: {"name": "provinces", "pk": w.province.pk}),
    *(route for entry in LISTS for route in _api_routes(entry)),
]

EXPECTED = {
    "view": Expect(EVERYONE),
    # The command line, the demo and the tests load, as the system actor; no role does.
    "load": Expect(set()),
    # Directly only the programme office; other apps' use cases pass their permit (see test_services).
    "resolve_sbi": Expect({Role.PROGRAMME_OFFICE}),
}
