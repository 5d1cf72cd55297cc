"""The OpenAPI schema's shared parts (``DEFAULT_SCHEMA_CLASS``): every answer of the shared error path
(regiekamer.api.exception_handler) documented on every operation, so a client, and schemathesis
(regiekamer/tests/test_api_schemathesis.py), knows each status code it can get and the body that comes
with it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

_ERROR_SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": {
        "type": "object",
        "description": "A refusal: what went wrong, in the requester's language.",
        "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
        "required": ["detail"],
    },
    "ValidationError": {
        "type": "object",
        "description": "The request was refused: each field with its messages; messages about the request "
        "as a whole under `non_field_errors`. A nested field (a list of items) has its items' errors.",
        "additionalProperties": {},
    },
    "Conflict": {
        "type": "object",
        "description": "The record changed since it was read (`edit_conflict`: the stored version is newer "
        "than the one sent), or the request conflicts with the record's current state.",
        "properties": {
            "detail": {"type": "string"},
            "code": {"type": "string"},
            "current_version": {"type": "integer", "nullable": True},
            "expected_version": {"type": "integer", "nullable": True},
        },
        "required": ["detail"],
    },
}
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema with every answer the shared error path can give documented per operation:
    401/403 on every one (not signed in, not allowed); 400 on writes (a service refuses what the record's
    rules do not allow) and where the request carries input (a body or query parameters); 404 where the path
    names an object or the list is paged; 409 on writes (a stale version, a state that no longer allows the
    write). A read-only field whose model field may be empty (a related object's name or code) is documented
    as nullable, a read-only choice that may be blank with the blank value; a filter's choice may be sent
    empty (it then filters nothing)."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):  # type: ignore[no-untyped-def]
        # A read-only field loses allow_null/allow_blank in DRF's ModelSerializer; the model field still says
        # whether the value can be empty, so the documented type allows what the API answers.
        if isinstance(field, serializers.Field) and field.read_only:
            model_field = _model_field_of(field)
            if model_field is not None:
                if model_field.null:
                    field.allow_null = True
                if isinstance(field, serializers.ChoiceField) and model_field.blank:
                    field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def get_operation(self, path, path_regex, path_prefix, method, registry):  # type: ignore[no-untyped-def]
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        parameters = operation.get("parameters", [])
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if parameter.get("in") == "query" and schema.get("type") == "string" and "enum" in schema:
                # A filter's choice left empty (?status=) filters nothing (django-filter): documented so.
                if "" not in schema["enum"]:
                    schema["enum"] = [*schema["enum"], ""]
        codes: dict[str, tuple[str, str]] = {
            "401": ("Error", _("Not signed in (no session or token, or an expired one).")),
            "403": ("Error", _("Not allowed for this user.")),
        }
        writes = method.upper() in WRITE_METHODS
        if writes or "requestBody" in operation or any(p.get("in") == "query" for p in parameters):
            codes["400"] = (
                "ValidationError",
                _("The input or the change was refused; the answer names each field, or the rule."),
            )
        if any(p.get("in") in ("path",) for p in parameters) or any(
            p.get("name") == "page" for p in parameters
        ):
            codes["404"] = ("Error", _("No such object (or not visible to this user), or no such page."))
        if writes:
            codes["409"] = (
                "Conflict",
                _("Someone else changed the record since it was read, or its state no longer allows this."),
            )
        responses = operation.setdefault("responses", {})
        for code, (name, description) in codes.items():
            if code in responses:
                continue
            component = ResolvedComponent(
                name=name,
                type=ResolvedComponent.SCHEMA,
                schema=_ERROR_SCHEMAS[name],
                object=f"regiekamer.{name}",
            )
            registry.register_on_missing(component)
            responses[code] = {
                "content": {"application/json": {"schema": component.ref}},
                "description": description,
            }
        return operation


def _model_field_of(field: serializers.Field) -> models.Field | None:
    """The model field a serializer field of a ModelSerializer shows, or the nullable relation on the way to
    it (None: not a model attribute, or one that cannot be empty)."""
    if isinstance(
        field, serializers.ManyRelatedField | serializers.SerializerMethodField | serializers.ListSerializer
    ):
        return None
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    if model is None or not field.source or field.source == "*":
        return None
    model_field = None
    for attribute in field.source.split("."):
        try:
            model_field = model._meta.get_field(attribute)
        except FieldDoesNotExist:
            return None
        if isinstance(model_field, models.ForeignObjectRel) and not isinstance(
            model_field, models.OneToOneRel
        ):
            return None  # a reverse relation: a list (or a manager), never None
        if getattr(model_field, "null", False):
            return model_field  # a nullable relation on the way: the value may be None
        if not model_field.is_relation or model_field.related_model is None:
            break
        model = model_field.related_model
    return model_field if isinstance(model_field, models.Field) else None
