import factory

from programme.reference import ensure_dimensions, ensure_horizons
from roadmap.models import Indicator


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"ind-{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    kind = Indicator.Kind.EFFECT
    unit = "kt CO₂/jr"
    horizon = factory.LazyFunction(lambda: ensure_horizons()["0-5y"])
    dimension = factory.LazyFunction(lambda: ensure_dimensions()["M"])
    direction = Indicator.Direction.LOWER
