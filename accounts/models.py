from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

from .roles import Role


class User(AbstractUser):  # type: ignore[django-manager-missing]  # knox's related_name
    """A person who signs in. Roles are groups named after accounts.roles.Role values.

    One account is the system actor (``accounts.authorization.system_actor``): jobs, imports and the demo act
    as it; it passes every permission rule and cannot sign in."""

    SYSTEM_USERNAME = "regiekamer-system"

    is_system = models.BooleanField(_("system actor"), default=False, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs) -> None:
        # A new password ends every API token of the person (their other sessions end through Django's
        # session hash); `_password` is set by set_password() until the save.
        password_changed = getattr(self, "_password", None) is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            ApiToken.objects.filter(user=self).delete()

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.is_active:
            return frozenset()
        names = set(self.groups.values_list("name", flat=True))
        return frozenset(names & set(Role.values))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(value).label) for value in Role.values if value in self.roles]


class ApiToken(AbstractAuthToken):
    """A personal API token (django-rest-knox): only a SHA-512 digest of the token is stored, with the
    first characters (`token_key`) to find it. It expires (settings.REST_KNOX TOKEN_TTL), the person revokes
    it on the tokens page, and every token of a person dies when their password changes (User.save)."""

    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.name or self.token_key[:8]
