import factory

from programme.models import Person, SteeringMeeting, Team
from programme.reference import ensure_horizons, ensure_pillars


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    organisation = "Org"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    code = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Team {n}")
    level = Team.Level.OPERATIONAL
    pillar = factory.LazyFunction(lambda: ensure_pillars()["realisatie"])
    project_type = Team.ProjectType.INVESTMENT


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringMeeting

    team = factory.SubFactory(TeamFactory)
    date = factory.Faker("date_between", start_date="-2y", end_date="today")


def horizons():
    return ensure_horizons()
