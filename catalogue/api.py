"""Read-only API for every reference list at /api/catalogue/<list>/: paginated, filterable (the list's
filter fields), searchable (?search=) and orderable (?ordering=). Built from the registry, so a new list
gets its endpoint without code here. Each entry carries its stored texts in both languages and `label`, its
name in the request's language.

Who may see: every signed-in user and every token holder (``catalogue.view``); nobody writes through the
API."""

from typing import Any

from django.db import models
from rest_framework import routers, serializers, viewsets

from accounts.authorization import HasPermission

from .registry import LISTS, CatalogueList


def _component(entry: CatalogueList) -> str:
    """The name of the list's schema component: its model's, or, where lists share a model, the list's own
    ("CriticalRawMaterials", "CommonMaterials")."""
    if sum(other.model is entry.model for other in LISTS) == 1:
        return entry.model.__name__
    return "".join(part.capitalize() for part in entry.name.split("-"))


def _serializer_for(entry: CatalogueList) -> type[serializers.ModelSerializer]:
    attrs: dict[str, Any] = {"Meta": type("Meta", (), {"model": entry.model, "fields": "__all__"})}
    if hasattr(entry.model, "localized"):
        # the entry's name in the request's language, beside the stored fields of both languages
        attrs["label"] = serializers.CharField(read_only=True)
    for name in entry.api_extra_fields:
        relation = next((r for r in entry.model._meta.related_objects if r.get_accessor_name() == name), None)
        if relation is not None:
            attrs[name] = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
        else:
            attrs[name] = serializers.CharField(read_only=True)
    return type(f"{_component(entry)}Serializer", (serializers.ModelSerializer,), attrs)


def _viewset_for(entry: CatalogueList) -> type[viewsets.ReadOnlyModelViewSet]:
    model: type[models.Model] = entry.model
    return type(
        f"{_component(entry)}ViewSet",
        (viewsets.ReadOnlyModelViewSet,),
        {
            "__doc__": f"{str(entry.title).capitalize()}: {entry.description}",
            "queryset": entry.queryset(),
            "serializer_class": _serializer_for(entry),
            "permission_classes": [HasPermission("catalogue.view")],
            "filterset_fields": list(entry.filter_fields),
            "search_fields": list(entry.search_fields),
            "ordering": list(model._meta.ordering or ["pk"]),
        },
    )


router = routers.DefaultRouter()
for _entry in LISTS:
    router.register(_entry.name, _viewset_for(_entry), basename=_entry.name)

urlpatterns = router.urls
