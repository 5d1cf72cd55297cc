"""Who may do what in the goal system (Roadmap 2.0, indicators, targets, measured values, reporting periods).

Objects: the value rules look at an indicator; they accept the indicator or one of its measured values (whose
indicator is meant). Reviewing also looks at the value itself: nobody approves a value they entered.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role, object_rule, signed_in
from accounts.models import User
from accounts.roles import PROGRAMME_ROLES, Role

from .models import MeasuredValue


def indicator_of(obj: Any) -> Any:
    """The indicator a value rule is about: the object itself, or a measured value's indicator."""
    if isinstance(obj, MeasuredValue):
        return obj.indicator
    return obj


office = has_role(Role.PROGRAMME_OFFICE, reason=_("Only the programme office changes the goal system."))
programme_role = has_role(
    *PROGRAMME_ROLES, reason=_("Draft values are for the people who work in the programme.")
)


@object_rule(_("Only the owner of this indicator and the programme office enter its values."))
def owns(user: User, indicator: Any) -> bool:
    """The indicator's owner enters its measured values."""
    return bool(indicator.owner_id == user.pk)


@object_rule(
    _("Only the reviewer of this indicator approves its values (the programme office when it has none).")
)
def reviews(user: User, indicator: Any) -> bool:
    """The owner's reviewer approves; without a reviewer the programme office stands in."""
    if indicator.reviewer_id is not None:
        return bool(indicator.reviewer_id == user.pk)
    return user.has_role(Role.PROGRAMME_OFFICE)


@object_rule(_("A value is approved by someone other than the person who entered it."))
def did_not_enter(user: User, obj: Any) -> bool:
    """Four eyes: a measured value is never reviewed by whom entered it (an indicator: no value yet)."""
    return not isinstance(obj, MeasuredValue) or obj.entered_by_id != user.pk


@object_rule(_("Draft values are for the people who work in the programme."))
def is_approved(user: User, value: Any) -> bool:
    return bool(value.status == MeasuredValue.Status.APPROVED)


enter_values: Rule = (owns.on(indicator_of) | office).because(
    _("Only the owner of this indicator and the programme office enter its values.")
)
review_value: Rule = reviews.on(indicator_of) & did_not_enter

PERMISSIONS: dict[str, Rule] = {
    # The goal system (§3.1.2, §4.4, Bijlage 2 and 7), its indicators, targets and approved values are
    # public to every signed-in user.
    "view_roadmap": signed_in,
    # Draft and rejected values only to the programme roles; an approved value to everyone.
    "view_drafts": programme_role,
    "view_value": is_approved | programme_role,
    # The indicator's owner enters values (drafts); the owner's reviewer approves or rejects them.
    "enter_values": enter_values,
    "review_value": review_value,
    # The programme office keeps the goal system: targets, baselines (each change with a reason), reporting
    # periods and the availability of each effect goal's raw data.
    "edit_targets": office,
    "edit_baseline": office,
    "manage_periods": office,
    "set_data_availability": office,
    # Means per horizon and team, and the steering-meeting parties that mobilise them (§3.1.1, §4.3).
    "manage_means": office,
}
