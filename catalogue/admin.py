"""Every catalogue model in the Django admin, with search and overview columns from the registry.

Who may change: the programme office (its group holds every catalogue permission, see
accounts.services.ROLE_ADMIN_APPS); each change lands in the entry's history (SimpleHistoryAdmin)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import SbiCode
from .registry import LISTS, MODELS, CatalogueList


class CatalogueAdmin(SimpleHistoryAdmin):
    prefetch: tuple[str, ...] = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.prefetch_related(*self.prefetch) if self.prefetch else queryset


def _admin_for(entry: CatalogueList) -> type[CatalogueAdmin]:
    meta = entry.model._meta
    attrs = {
        "list_display": ("__str__", *entry.admin_list_display()),
        "search_fields": entry.search_fields,
        "list_filter": [
            *(name for name, _value in entry.where),  # which list an entry is on, where lists share a model
            *(
                name
                for name in entry.filter_fields
                if not meta.get_field(name).many_to_many
                and not (
                    entry.model is SbiCode and name == "parent"
                )  # a filter listing every node is no help
            ),
        ],
        "filter_horizontal": [field.name for field in meta.many_to_many],
        "list_select_related": entry.select_related or False,
        "prefetch": entry.prefetch_related,
        "raw_id_fields": ("parent",) if entry.model is SbiCode else (),
    }
    return type(f"{entry.model.__name__}Admin", (CatalogueAdmin,), attrs)


# One admin per model: the critical raw materials and the common materials share theirs (the first list's
# columns, with the is_critical filter to tell them apart).
for model in MODELS:
    admin.site.register(model, _admin_for(next(entry for entry in LISTS if entry.model is model)))
