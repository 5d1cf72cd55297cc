"""Django's admin with the site of accounts.admin_site (the second factor for staff); listed in INSTALLED_APPS
in place of ``django.contrib.admin``. Kept apart from admin_site so the app registry can load it early."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "accounts.admin_site.AdminSite"
