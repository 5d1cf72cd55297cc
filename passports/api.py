"""API of the material passports, with the permissions of the pages (passports/permissions.py):

* passports/       — GET: the passports whose restricted part the user reads (their own, those shared with
  them; all for the programme office); POST: import a supplier's UNTP DPP 0.6.1 credential (JSON-LD) as the
  user's passport — refused whole with the JSON path of every problem (400 {path: [messages]});
* passports/{id}/  — GET: the whole UNTP credential (JSON-LD) of the current version.

The public part of a passport is at its GS1 Digital Link with ?format=jsonld, no login.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import routers, serializers, status, viewsets
from rest_framework.response import Response

from accounts.authorization import HasPermission
from regiekamer.api import request_actor

from . import exports, selectors, services
from .models import Passport


class PassportSerializer(serializers.ModelSerializer):
    digital_link = serializers.CharField(source="digital_link_path", read_only=True)

    class Meta:
        model = Passport
        fields = [
            "id",
            "product_name",
            "pilot",
            "gtin",
            "batch",
            "serial",
            "status",
            "current_number",
            "completeness",
            "digital_link",
        ]


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


class PassportViewSet(viewsets.ReadOnlyModelViewSet):
    """Material passports; POST imports a UNTP passport."""

    serializer_class = PassportSerializer
    permission_classes = [HasPermission("passports.issue_passport", retrieve="passports.view_passport")]
    queryset = Passport.objects.none()  # for the schema generator; the real queryset depends on the user

    def get_queryset(self):
        return selectors.passports_for(self.request.user).order_by("-created_at", "-pk")

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, *args, **kwargs):
        passport = self.get_object()
        version = selectors.version_of(passport)
        return Response(exports.credential(passport, version, base=_base(request), restricted=True))

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: PassportSerializer})
    def create(self, request, *args, **kwargs):
        passport = services.passport_import(actor=request_actor(request), document=request.data)
        return Response(PassportSerializer(passport).data, status=status.HTTP_201_CREATED)


router = routers.DefaultRouter()
router.register("passports", PassportViewSet, basename="passport")
urlpatterns = router.urls
