"""Who may do what in the materials app (the raw-material scanner, the material data, the MCI calculator, the
sweet-spot scoping table with the project fingerprints).

Objects: the scan rules look at a Scan (only its owner sees or deletes it: a company's bill of materials is
its own); the adoption rule looks at the programme Team a sweet spot is adopted for.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role, object_rule, signed_in, user_rule
from accounts.models import User
from accounts.roles import PROGRAMME_ROLES, Role

office = has_role(Role.PROGRAMME_OFFICE, reason=_("Only the programme office loads material data."))
programme_role = has_role(
    *PROGRAMME_ROLES, reason=_("The programme's scoping data is for the people who work in the programme.")
)


@object_rule(_("Only the owner of a scan may see or delete it."))
def owns_scan(user: User, scan: Any) -> bool:
    return bool(scan.owner_id == user.pk)


@object_rule(_("A team lead adopts sweet spots for the teams they lead only."))
def leads_team(user: User, team: Any) -> bool:
    """The teamtrekker of `team` is the person linked to `user` (reads team.lead: select it with the team)."""
    return team.lead_id is not None and team.lead.user_id == user.pk


KNOWLEDGE_TEAM = "kennisintegratie"  # Team Kennisintegratie (§5.5) identifies the sweet spots


@user_rule(_("Only the team lead of Team Kennisintegratie or the programme office sets innovation profiles."))
def leads_knowledge_integration(user: User, obj: Any) -> bool:
    from programme.selectors import teams_led_by

    return teams_led_by(user).filter(code=KNOWLEDGE_TEAM).exists()


edit_innovation_profile: Rule = has_role(
    Role.PROGRAMME_OFFICE,
    Role.TEAM_LEAD,
    reason=_("Only the team lead of Team Kennisintegratie or the programme office sets innovation profiles."),
) & (has_role(Role.PROGRAMME_OFFICE) | leads_knowledge_integration).because(
    _("Only the team lead of Team Kennisintegratie or the programme office sets innovation profiles.")
)

# The role part stays outside .because(): a rule that looks at the object passes every check made before the
# object is known (ANY), so the roles must be a separate part to refuse early.
adopt_sweet_spot: Rule = has_role(
    Role.PROGRAMME_OFFICE,
    Role.STEERING_TEAM,
    Role.TEAM_LEAD,
    reason=_("Only the programme office, the steering team or a team lead adopts sweet spots."),
) & (has_role(Role.PROGRAMME_OFFICE, Role.STEERING_TEAM) | leads_team).because(
    _("Only the programme office, the steering team or the team's own team lead adopts sweet spots.")
)

PERMISSIONS: dict[str, Rule] = {
    # The material data, the scanner and the calculator are for every signed-in user (a company scans its own
    # bill of materials; Bijlage 11).
    "view_materials": signed_in,
    "use_mci": signed_in,
    "use_scanner": signed_in,
    "view_scan": owns_scan,
    "delete_scan": owns_scan,
    # Loading and choosing the material data release is the programme office's.
    "manage_releases": office,
    # Anonymised scan statistics, the scoping table and the project fingerprints: the programme roles.
    "view_statistics": programme_role,
    "view_sweet_spots": programme_role,
    "view_fingerprint": programme_role,
    # Adopting a sweet spot for a team (§5.5): the office and steering team for any team, a team lead for a
    # team they lead.
    "adopt_sweet_spot": adopt_sweet_spot,
    # The innovation-function profile per cluster (F1–F8, Bijlage 2 principle 4), an input of the scoping
    # table: Team Kennisintegratie identifies the sweet spots (§5.5); the programme office as well.
    "edit_innovation_profile": edit_innovation_profile,
    # The cluster of a product group the source does not place in one (§1.2.3): the programme office, with
    # the source of its decision and the date.
    "set_product_group_cluster": has_role(
        Role.PROGRAMME_OFFICE, reason=_("Only the programme office sets the cluster of a product group.")
    ),
}
