"""Production: every secret from the environment, HTTPS only. Passes `check --deploy` without warnings."""

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_optional, env_str

DEBUG = env_bool("DEBUG", False)
DEPLOYMENT_PROFILE = "production"
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The health check answers a load balancer's plain-HTTP probe inside the network (status words only).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# The programme office and Django staff sign in with a second factor (accounts; docs/authentication.md).
OTP_REQUIRED_FOR_STAFF = env_bool("OTP_REQUIRED_FOR_STAFF", True)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# The SMTP server the notifications (rhythm) go out through (docs/deployment.md, "E-mail").
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env_optional("EMAIL_HOST_USER") or ""  # an SMTP server without a login
EMAIL_HOST_PASSWORD = env_optional("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "regiekamer@localhost")
# The site's address, for the links in e-mails (https://regiekamer.example.nl).
RHYTHM_SITE_URL = env_optional("RHYTHM_SITE_URL") or ""
# Django's cache, shared by the worker processes of one host instead of one per process. Nothing in the
# application keeps anything in it today (a background job's progress lives in its JobRun record, sessions and
# login lockouts in the database); it is kept so that whatever uses Django's cache sees the same entries in
# every process. REDIS_URL (base.py) replaces it with one Redis for every host.
if not REDIS_URL:  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_DIR", str(VAR_DIR / "cache")),  # noqa: F405
        }
    }
