"""The `regiekamer` console command: Django's manage.py under the project's name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiekamer.settings.local")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "regiekamer"
    execute_from_command_line(argv)
