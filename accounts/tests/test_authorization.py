"""accounts.authorization: rules and how they combine, the checks every service and view makes, the system
actor, and permits handed from one use case to another app's service."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from accounts import authorization
from accounts.authorization import (
    ANY,
    SIGN_IN,
    Permit,
    can,
    check,
    has_role,
    nobody,
    object_rule,
    permission_required,
    registry,
    require,
    signed_in,
    system_actor,
    user_rule,
)
from accounts.models import User
from accounts.roles import Role


def _person(*roles: str, name: str = "p") -> SimpleNamespace:
    """A stand-in user for rules called directly (a rule only reads `roles` and what its predicate reads)."""
    return SimpleNamespace(roles=frozenset(roles), username=name)


@object_rule("Only the owner.")
def owns(user, thing) -> bool:
    return thing.owner == user.username


@user_rule("Only someone with a team.")
def has_team(user, obj) -> bool:
    return user.username.startswith("team")


office = has_role(Role.PROGRAMME_OFFICE, reason="Only the office.")
lead = has_role(Role.PROJECT_LEAD, reason="Only a project lead.")


# --- rules and their composition ----------------------------------------------------------------------------


class TestRules:
    def test_a_role_rule_looks_at_roles_and_refuses_with_its_reason(self):
        assert office(_person(Role.PROGRAMME_OFFICE))
        decision = office(_person(Role.READER))
        assert (decision.allowed, decision.reason) == (False, "Only the office.")
        assert not office.looks_at_object

    def test_a_role_rule_without_a_reason_names_the_roles(self):
        rule = has_role(Role.PROGRAMME_OFFICE, Role.TEAM_LEAD)

        with _dutch():
            reason = str(rule(_person(Role.READER)).reason)

        assert "Programmabureau" in reason and "Teamtrekker" in reason

    def test_or_allows_when_either_allows_and_refuses_with_the_second_reason(self):
        either = office | lead

        assert either(_person(Role.PROGRAMME_OFFICE))
        assert either(_person(Role.PROJECT_LEAD))
        assert either(_person(Role.READER)).reason == "Only a project lead."

    def test_and_needs_both_and_refuses_with_the_reason_of_the_part_that_refused(self):
        both = lead & owns
        mine, theirs = SimpleNamespace(owner="p"), SimpleNamespace(owner="q")

        assert both(_person(Role.PROJECT_LEAD), mine)
        assert both(_person(Role.READER), mine).reason == "Only a project lead."
        assert both(_person(Role.PROJECT_LEAD), theirs).reason == "Only the owner."

    def test_because_replaces_the_reason_and_keeps_the_rule(self):
        rule = (office | owns).because("Office or owner.")

        assert rule.looks_at_object
        assert rule(_person(Role.PROGRAMME_OFFICE), SimpleNamespace(owner="q"))
        assert rule(_person(), SimpleNamespace(owner="p"))
        assert rule(_person(), SimpleNamespace(owner="q")).reason == "Office or owner."

    def test_on_applies_an_object_rule_to_a_related_object(self):
        owns_project = owns.on(lambda report: report.project)
        report = SimpleNamespace(project=SimpleNamespace(owner="p"))

        assert owns_project(_person(name="p"), report)
        assert owns_project(_person(name="q"), report).reason == "Only the owner."
        assert owns_project.looks_at_object

    def test_on_leaves_a_rule_that_does_not_look_at_the_object_as_it_is(self):
        assert office.on(lambda report: report.project) is office
        assert has_team.on(lambda report: report.project) is has_team

    def test_at_any_object_conditions_count_as_met_and_the_rest_decides(self):
        assert owns(_person(name="q"), ANY)
        assert owns.on(lambda report: report.project)(_person(name="q"), ANY)  # the getter is not called
        assert (lead & owns)(_person(Role.PROJECT_LEAD), ANY)
        assert not (lead & owns)(_person(Role.READER), ANY)
        assert not has_team(_person(name="solo"), ANY)  # a user rule is evaluated at ANY
        assert has_team(_person(name="team-a"), ANY)

    def test_looking_at_the_object_carries_through_combinations(self):
        assert (office | owns).looks_at_object
        assert (owns & office).looks_at_object
        assert not (office | lead).looks_at_object
        assert not (office & has_team).looks_at_object

    def test_signed_in_allows_and_nobody_refuses_everyone(self):
        assert signed_in(_person())
        assert not nobody(_person(*Role.values))


# --- checks, require, can -----------------------------------------------------------------------------------


@pytest.fixture
def actions(monkeypatch):
    """The apps' actions and a few of the tests' own (the registry is restored after the test)."""
    rules = {
        **registry(),
        "test.office": office,
        "test.own": lead & owns,
        "test.nobody": nobody,
    }
    monkeypatch.setattr(authorization, "_registry", rules)
    return rules


@pytest.mark.django_db
class TestCheck:
    def test_a_signed_in_user_is_checked_against_the_rule(self, actions, user_for):
        assert check(user_for(Role.PROGRAMME_OFFICE), "test.office")
        assert check(user_for(Role.READER), "test.office").reason == "Only the office."

    def test_anonymous_and_inactive_users_may_do_nothing(self, actions, user_for):
        inactive = user_for(Role.PROGRAMME_OFFICE)
        inactive.is_active = False

        assert check(AnonymousUser(), "test.office") == (False, SIGN_IN)
        assert check(inactive, "test.office") == (False, SIGN_IN)
        assert can(AnonymousUser(), "test.office") is False

    def test_an_unknown_action_is_an_error_not_a_refusal(self, actions, user_for):
        with pytest.raises(LookupError, match="test.unknown"):
            check(user_for(Role.PROGRAMME_OFFICE), "test.unknown")

    def test_require_returns_a_permit_or_raises_the_reason(self, actions, user_for):
        office_user = user_for(Role.PROGRAMME_OFFICE)

        assert require(office_user, "test.office") == Permit(office_user, "test.office")
        with pytest.raises(PermissionDenied, match="Only the office."):
            require(user_for(Role.READER), "test.office")

    def test_require_needs_the_object_of_a_rule_that_looks_at_one(self, actions, user_for):
        project_lead = user_for(Role.PROJECT_LEAD)
        project = SimpleNamespace(owner=project_lead.username)

        with pytest.raises(TypeError, match="depends on the object"):
            require(project_lead, "test.own")
        with pytest.raises(PermissionDenied, match="Only the owner."):
            require(project_lead, "test.own", SimpleNamespace(owner="someone else"))
        assert can(project_lead, "test.own")  # at ANY: the offer to act, before the object is known
        assert require(project_lead, "test.own", project)

    def test_there_is_no_check_without_an_actor(self, actions):
        with pytest.raises(TypeError, match="no actor"):
            require(None, "test.office")
        with pytest.raises(TypeError, match="no actor"):
            check(None, "test.office")
        assert can(None, "test.office") is False


# --- the system actor ---------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestSystemActor:
    def test_it_is_created_once(self):
        first, second = system_actor(), system_actor()

        assert first.pk == second.pk
        assert User.objects.filter(username=User.SYSTEM_USERNAME).count() == 1
        assert first.is_system and str(first) == "Regiekamer (systeem)"

    def test_it_cannot_sign_in(self, client):
        actor = system_actor()

        assert not actor.is_active
        assert not actor.has_usable_password()
        assert authenticate(username=actor.username, password="") is None
        assert not client.login(username=actor.username, password="")
        assert actor.roles == frozenset()

    def test_it_passes_every_rule_of_every_app(self):
        actor = system_actor()
        thing = object()  # object rules are not even asked

        for action in registry():
            assert check(actor, action, thing), action
            assert check(actor, action, ANY), action
            assert require(actor, action, thing) == Permit(actor, action)

    def test_the_rules_that_refuse_every_role_pass_it(self):
        actor = system_actor()

        assert require(actor, "accounts.manage_users")
        assert require(actor, "catalogue.load")


# --- permits handed to another app's service ----------------------------------------------------------------


@pytest.mark.django_db
class TestGrantedBy:
    def test_a_permit_lets_its_actor_past_the_rule_of_the_called_action(self, actions, user_for):
        reader = user_for(Role.READER)
        permit = Permit(reader, "test.use_case")  # as require() returned it for the calling use case

        with pytest.raises(PermissionDenied):
            require(reader, "test.nobody")
        assert require(reader, "test.nobody", granted_by=permit) == Permit(reader, "test.nobody")

    def test_a_permit_skips_the_object_check_too(self, actions, user_for):
        reader = user_for(Role.READER)

        assert require(reader, "test.own", granted_by=Permit(reader, "test.use_case"))

    def test_a_permit_is_only_valid_for_its_own_actor(self, actions, user_for):
        permit = Permit(user_for(Role.PROGRAMME_OFFICE), "test.office")

        with pytest.raises(TypeError, match="only valid for the actor"):
            require(user_for(Role.READER), "test.nobody", granted_by=permit)
        with pytest.raises(TypeError):
            require(None, "test.nobody", granted_by=permit)
        with pytest.raises(TypeError):
            require(user_for(Role.READER), "test.nobody", granted_by=Permit(None, "test.office"))

    def test_the_called_action_must_exist_all_the_same(self, actions, user_for):
        office_user = user_for(Role.PROGRAMME_OFFICE)

        with pytest.raises(LookupError):
            require(office_user, "test.unknown", granted_by=Permit(office_user, "test.office"))


# --- views --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_permission_required_refuses_with_the_reason_and_records_its_action(actions, user_for):
    @permission_required("test.office")
    def view(request):
        return "ok"

    request = RequestFactory().get("/")
    request.user = user_for(Role.READER)
    with pytest.raises(PermissionDenied, match="Only the office."):
        view(request)
    request.user = user_for(Role.PROGRAMME_OFFICE)
    assert view(request) == "ok"
    assert view.permission_action == "test.office"


def _dutch():
    from django.utils import translation

    return translation.override("nl")
