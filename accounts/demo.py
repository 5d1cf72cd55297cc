"""Demo users, one per role. Loaded by `regiekamer demo`."""

from django.utils.translation import gettext as _

from .authorization import system_actor
from .roles import Role
from .services import user_ensure

DEMO_PASSWORD = "regiekamer-demo"  # noqa: S105 - demo data, printed on purpose by `make run`

DEMO_USERS = [
    ("kantoor", Role.PROGRAMME_OFFICE, "Mattheus", "van de Pol", True),
    ("regieteam", Role.STEERING_TEAM, "Fried", "Kaanen", False),
    ("teamtrekker", Role.TEAM_LEAD, "Geert", "Kooistra", False),
    ("projectleider", Role.PROJECT_LEAD, "Petra", "Dhaans", False),
    ("kbo-lid", Role.MEETING_MEMBER, "Mathieu", "Sueters", False),
    ("beoordelaar", Role.ASSESSOR, "Marc", "Beumer", False),
    ("adviseur", Role.TRANSITION_AGENDA_ADVISER, "Aafke", "Adviseur", False),
    ("stuurgroep", Role.STEERING_GROUP_MEMBER, "Stijn", "Stuurgroep", False),
    ("aanvrager", Role.APPLICANT, "Anna", "Aanvrager", False),
    ("lezer", Role.READER, "Lena", "Lezer", False),
]


def load(*, stdout) -> None:
    actor = system_actor()
    for username, role, first, last, staff in DEMO_USERS:
        user_ensure(
            actor=actor,
            username=username,
            password=DEMO_PASSWORD,
            roles=[role],
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            is_staff=staff,
        )
    stdout.write(_("Demo logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD})
    for username, role, *_rest in DEMO_USERS:
        stdout.write(f"  {username:<14} {Role(role).label}")
