"""Filters bounded to the database (first of ``DEFAULT_FILTER_BACKENDS``): a filter value outside the range a
number or key can hold is a 400 naming the filter, instead of a driver error (SQLite's raises OverflowError on
an integer above 2**63 - 1; PostgreSQL refuses one above its column's range)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django_filters import fields as filter_fields
from django_filters import filters as django_filters
from django_filters import rest_framework as filters_drf


def _integer_range(model: type[models.Model], field: models.Field) -> tuple[int | None, int | None]:
    """The values `field` can hold in the database `model` is read from (None: unbounded)."""
    if not isinstance(field, models.IntegerField | models.AutoField):
        return None, None
    connection = connections[router.db_for_read(model)]
    return connection.ops.integer_field_range(field.get_internal_type())


def _out_of_range(value: Any, bounds: tuple[int | None, int | None]) -> bool:
    try:
        number = int(str(value))
    except ValueError:
        return False  # not an integer: the field's own validation refuses it
    low, high = bounds
    return (low is not None and number < low) or (high is not None and number > high)


class BoundedModelMultipleChoiceField(filter_fields.ModelMultipleChoiceField):
    """A multiple-choice filter whose integer keys are checked against the database's range before the
    query (SQLite's driver raises OverflowError on a larger number, PostgreSQL refuses it)."""

    def _check_values(self, value):  # type: ignore[no-untyped-def]
        key = self.to_field_name or "pk"
        model = self.queryset.model
        field = model._meta.pk if key == "pk" else model._meta.get_field(key)
        bounds = _integer_range(model, field)
        for item in value:
            if _out_of_range(item, bounds):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


class BoundedModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = BoundedModelMultipleChoiceField


class FilterSet(filters_drf.FilterSet):
    """The project's filter sets: a value outside the range a number or key can hold is a 400 naming the
    filter (many-to-many keys and integer fields; a single foreign key is looked up safely by Django)."""

    FILTER_DEFAULTS = {
        **filters_drf.FilterSet.FILTER_DEFAULTS,
        models.ManyToManyField: {
            **filters_drf.FilterSet.FILTER_DEFAULTS[models.ManyToManyField],
            "filter_class": BoundedModelMultipleChoiceFilter,
        },
        models.ManyToOneRel: {
            **filters_drf.FilterSet.FILTER_DEFAULTS[models.ManyToOneRel],
            "filter_class": BoundedModelMultipleChoiceFilter,
        },
        models.ManyToManyRel: {
            **filters_drf.FilterSet.FILTER_DEFAULTS[models.ManyToManyRel],
            "filter_class": BoundedModelMultipleChoiceFilter,
        },
    }

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):  # type: ignore[no-untyped-def]
        result = super().filter_for_field(field, field_name, lookup_expr)
        low, high = _integer_range(field.model, field) if field.model is not None else (None, None)
        if isinstance(result, django_filters.NumberFilter) and (low is not None or high is not None):
            result.extra.setdefault("min_value", low)
            result.extra.setdefault("max_value", high)
        return result


class FilterBackend(filters_drf.DjangoFilterBackend):
    """DRF's django-filter backend building `FilterSet` (above) for a viewset's `filterset_fields`."""

    filterset_base = FilterSet
