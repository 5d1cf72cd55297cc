"""Single sign-on through OpenID Connect (mozilla-django-oidc), used only when settings.OIDC_ENABLED.

A person who signs in at the government's identity provider is matched to an account by e-mail address
(case-insensitive). Without OIDC_CREATE_USER nobody new gets in: the programme office sets up the account
(with its roles) first. A new account made with OIDC_CREATE_USER holds no role until one is given."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class OIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[Any]:
        email = (claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is False:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True, is_system=False)

    def create_user(self, claims: dict[str, Any]) -> Any:
        user = super().create_user(claims)
        user.first_name = str(claims.get("given_name", ""))[:150]
        user.last_name = str(claims.get("family_name", ""))[:150]
        user.save()
        return user
