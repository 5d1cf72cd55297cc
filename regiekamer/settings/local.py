"""Local use (`make run`): DEBUG on unless DEBUG=false, SQLite under var/."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403
