"""Who may do what with the reference catalogue.

Every signed-in user reads the lists (pages and API); nobody changes them through the site: the programme
office edits single entries in the Django admin (its group holds the catalogue's model permissions, see
``accounts.services.ROLE_ADMIN_APPS``). Writes outside the admin are the load from the files and the SBI
nodes other use cases add on first use.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role, nobody, signed_in
from accounts.roles import Role

PERMISSIONS: dict[str, Rule] = {
    # The catalogue browser and the read-only API: every signed-in user and every token holder.
    "view": signed_in,
    # (Re)loading every list from catalogue/data: the command line, the demo and the tests, as the system
    # actor. No person does it through the site.
    "load": nobody.because(
        _("The catalogue is loaded from its files on the command line (regiekamer catalogue --load).")
    ),
    # Adding a missing SBI 2008 node (catalogue.services.sbi_resolve). Other apps' use cases (a project's
    # product groups, the stakeholder import) do it under their own rule and pass their permit; directly,
    # only the programme office, which maintains the catalogue.
    "resolve_sbi": has_role(
        Role.PROGRAMME_OFFICE, reason=_("Only the programme office adds entries to the catalogue.")
    ),
}
