from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Role


class User(AbstractUser):
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
