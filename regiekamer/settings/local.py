"""Local use (`make run`): the demo as a user meets it, on SQLite under var/.

DEBUG is off, so a missing page or a refusal shows the site's own error pages (in the user's language, with a
way back) rather than Django's technical pages; set DEBUG=true to develop. Static files are served by
WhiteNoise straight from the app folders (no collectstatic needed), re-read on every request."""

from .base import *  # noqa: F403

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
