"""API of the materials app, with the permissions of the pages (materials/permissions.py):

* materials/  — every signed-in user: the current release's indicators per material (read-only);
* scans/      — each user their own scans only (list, read with the risk profile, create from rows, delete);
* statistics/ — programme roles: anonymised counts of materials in scans;
* sweet-spots/ — programme roles: the adopted sweet spots (read-only).

Writes go through the services; their refusals (a bill of materials refused row by row under `rows`) are
answered by the shared exception handler (regiekamer.api).
"""

from django.db.models import Count
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import mixins, routers, serializers, status, viewsets
from rest_framework.response import Response

from accounts.authorization import HasPermission
from materials import bom, risk, selectors, services
from materials.models import IndicatorValue, MaterialProfile, ProducerShare, Scan, ScanRow, SweetSpot
from regiekamer.api import request_actor


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["indicator", "value", "source", "year"]


class ProducerShareSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProducerShare
        fields = ["country", "share", "wgi_estimate", "export_restriction", "source", "year"]


class MaterialProfileSerializer(serializers.ModelSerializer):
    material = serializers.CharField(source="material.name")
    code = serializers.CharField(source="material.code")
    release = serializers.CharField(source="release.code")
    values = IndicatorValueSerializer(many=True, read_only=True)
    producers = ProducerShareSerializer(many=True, read_only=True)
    bands = serializers.SerializerMethodField()

    class Meta:
        model = MaterialProfile
        fields = ["code", "material", "release", "values", "producers", "bands"]

    def get_bands(self, profile) -> dict[str, str]:
        return {item.indicator: item.band for item in selectors.profile_risk(profile).indicators}


class MaterialViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators per raw material of the current material data release."""

    serializer_class = MaterialProfileSerializer
    permission_classes = [HasPermission("materials.view_materials")]
    lookup_field = "material__code"
    lookup_url_kwarg = "code"
    queryset = MaterialProfile.objects.none()  # for the schema generator; the real one depends on the release

    def get_queryset(self):
        return selectors.material_profiles(selectors.current_release()).select_related("release")


class ScanRowSerializer(serializers.Serializer):
    product = serializers.CharField(allow_blank=True, max_length=200)
    component = serializers.CharField(allow_blank=True, max_length=200)
    part_of = serializers.CharField(allow_blank=True, required=False, default="", max_length=200)
    quantity = serializers.FloatField(required=False, allow_null=True, default=None)
    mass_kg = serializers.FloatField(required=False, allow_null=True, default=None)
    material = serializers.CharField(allow_blank=True, required=False, default="", max_length=100)
    fraction = serializers.FloatField(required=False, allow_null=True, default=None)


class StoredRowSerializer(serializers.ModelSerializer):
    material = serializers.CharField(source="material.name", default=None, allow_null=True, read_only=True)

    class Meta:
        model = ScanRow
        fields = [
            "row_number",
            "product",
            "component",
            "parent",
            "quantity",
            "mass_kg",
            "material",
            "fraction",
        ]


class ScanSerializer(serializers.ModelSerializer):
    rows = ScanRowSerializer(many=True, write_only=True)

    class Meta:
        model = Scan
        fields = ["id", "title", "sbi", "origin", "created_at", "rows"]
        read_only_fields = ["origin", "created_at"]


class ScanDetailSerializer(serializers.ModelSerializer):
    """A scan as it is read: its stored rows and the risk profile computed from them."""

    rows = StoredRowSerializer(many=True, read_only=True)
    profile = serializers.DictField(
        read_only=True, help_text="The risk profile (materials, products, bands)."
    )

    class Meta:
        model = Scan
        fields = ["id", "title", "sbi", "origin", "created_at", "rows", "profile"]


def profile_data(profile: selectors.ScanProfile) -> dict:
    def material(item: risk.MaterialRisk) -> dict:
        worst = item.worst
        return {
            "code": item.code,
            "material": item.material,  # the name, in the request's language
            "kg": item.kg,
            "critical": item.critical,
            "strategic": item.strategic,
            "band": item.band,
            "worst_indicator": worst.indicator if worst else None,
            "indicators": {
                band.indicator: {"value": band.value, "band": band.band} for band in item.indicators
            },
            "actions": item.actions,
            "r_strategies": item.r_strategies,
        }

    return {
        "release": profile.release.code if profile.release else None,
        "materials": [material(item) for item in profile.materials],
        "products": [
            {
                "product": product.product,
                "kg": product.kg,
                "critical_kg": product.critical_kg,
                "band": product.band,
                "worst": (
                    {"material": product.worst[0].material, "indicator": product.worst[1].indicator}
                    if product.worst
                    else None
                ),
            }
            for product in profile.products
        ],
        "thresholds": {code: limit.describe() for code, limit in profile.thresholds.items()},
    }


class ScanViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """The signed-in user's own scans. POST {title, sbi?, rows: [{product, component, part_of, quantity,
    mass_kg, material, fraction}]}; a bad bill of materials answers 400 with the rows named."""

    serializer_class = ScanSerializer
    permission_classes = [
        HasPermission(
            "materials.use_scanner", retrieve="materials.view_scan", destroy="materials.delete_scan"
        )
    ]
    queryset = Scan.objects.none()  # for the schema generator; the real queryset depends on the user

    def get_queryset(self):
        # Only the owner's scans exist for this user (another's is a 404, not a 403: not disclosed).
        return (
            Scan.objects.owned_by(self.request.user)
            .select_related("sbi")
            .annotate(n=Count("rows"))
            .order_by("-created_at", "-pk")
        )

    @extend_schema(responses=ScanDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        scan = self.get_object()
        data = ScanSerializer(scan).data
        data["rows"] = StoredRowSerializer(scan.rows.select_related("material"), many=True).data
        data["profile"] = profile_data(selectors.scan_profile(scan))
        return Response(data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = [
            bom.BomRow(row=number, **row) for number, row in enumerate(serializer.validated_data["rows"], 1)
        ]
        scan = services.scan_create(
            actor=request_actor(request),
            title=serializer.validated_data["title"],
            rows=rows,
            sbi=serializer.validated_data.get("sbi"),
            origin=Scan.Origin.API,
        )
        return Response(ScanSerializer(scan).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.scan_delete(actor=request_actor(self.request), scan=instance)


class MaterialCountSerializer(serializers.Serializer):
    name = serializers.CharField()
    critical = serializers.BooleanField()
    scans = serializers.IntegerField(allow_null=True, help_text="null: fewer than 3 scans (not shown).")


@extend_schema_serializer(many=False)
class ScanStatisticsSerializer(serializers.Serializer):
    """One object (not a list): the number of scans and, per material, in how many of them it appears."""

    scans = serializers.IntegerField()
    materials = MaterialCountSerializer(many=True)


class StatisticsViewSet(viewsets.ViewSet):
    """Anonymised: per material in how many scans it appears (counts below 3 are null)."""

    permission_classes = [HasPermission("materials.view_statistics")]

    @extend_schema(responses=ScanStatisticsSerializer)
    def list(self, request):
        total, rows = selectors.scan_statistics()
        return Response({"scans": total, "materials": rows})


class SweetSpotSerializer(serializers.ModelSerializer):
    sbi = serializers.CharField(source="sbi.code")
    team = serializers.CharField(source="team.name")
    adopted_by = serializers.CharField(source="adopted_by.username")

    class Meta:
        model = SweetSpot
        fields = [
            "id",
            "sbi",
            "team",
            "r_band",
            "score",
            "rank",
            "weights",
            "reasoning",
            "adopted_by",
            "adopted_at",
        ]


class SweetSpotViewSet(viewsets.ReadOnlyModelViewSet):
    """Adopted sweet spots (product group, team, R-strategy band, score, who and when)."""

    serializer_class = SweetSpotSerializer
    permission_classes = [HasPermission("materials.view_sweet_spots")]

    def get_queryset(self):
        return selectors.sweet_spot_list()


router = routers.DefaultRouter()
router.register("materials", MaterialViewSet, basename="material")
router.register("scans", ScanViewSet, basename="scan")
router.register("statistics", StatisticsViewSet, basename="statistics")
router.register("sweet-spots", SweetSpotViewSet, basename="sweet-spot")
urlpatterns = router.urls
