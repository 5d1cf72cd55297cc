from django.conf import settings
from django.urls import path

from . import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("tokens/", views.api_tokens, name="api-tokens"),
    path("tokens/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("second-factor/", views.second_factor, name="second-factor"),
    path("second-factor/setup/", views.second_factor_setup, name="second-factor-setup"),
    path("failed-logins/", views.failed_logins, name="failed-logins"),
]

if settings.OIDC_ENABLED:
    # Single sign-on (accounts.oidc): the way to the identity provider and back.
    from django.contrib.auth.decorators import login_not_required
    from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

    urlpatterns += [
        path(
            "oidc/authenticate/",
            login_not_required(OIDCAuthenticationRequestView.as_view()),
            name="oidc-login",
        ),
        path(
            "oidc/callback/",
            login_not_required(OIDCAuthenticationCallbackView.as_view()),
            name="oidc-callback",
        ),
    ]
