"""Test data for the dashboard. Catalogue rows are built here until catalogue.loader is available."""

from pathlib import Path

from catalogue.models import FigureDataset, IndustryFigure
from dashboard import figures

DATA = Path(__file__).resolve().parents[2] / "catalogue" / "data"
TABLES = (
    (
        IndustryFigure.Breakdown.PRODUCT_GROUP,
        "maakindustrie_per_productgroep.csv",
        ("sbi_division", "name"),
        "Werkwijze UPCM 2020, §1.2.1",
    ),
    (
        IndustryFigure.Breakdown.PROVINCE,
        "maakindustrie_per_provincie.csv",
        ("province",),
        "Werkwijze UPCM 2020, §1.2.2",
    ),
    (
        IndustryFigure.Breakdown.CLUSTER,
        "maakindustrie_per_cluster.csv",
        ("cluster",),
        "Werkwijze UPCM 2020, §1.2.3",
    ),
)


def figure_dataset(code: str = "maakindustrie-test", year: int = 2020) -> FigureDataset:
    dataset, _ = FigureDataset.objects.get_or_create(
        code=code,
        defaults={
            "title": "De maakindustrie in cijfers",
            "year": year,
            "source": "UPCM",
            "source_section": "Werkwijze UPCM 2020, §1.2",
        },
    )
    return dataset


def load_published_figures(dataset: FigureDataset | None = None) -> FigureDataset:
    """The three §1.2 tables from catalogue/data, as rows of `dataset`."""
    dataset = dataset or figure_dataset()
    for breakdown, filename, label_columns, _section in TABLES:
        body, total = figures.read_csv_table(DATA / filename, label_columns)
        for row in [*body, *([total] if total else [])]:
            IndustryFigure.objects.update_or_create(
                dataset=dataset,
                breakdown=breakdown,
                label=row["label"],
                defaults={
                    "order": row["order"],
                    "is_stated_total": row is total,
                    **{c: row[c] for c in figures.VALUE_COLUMNS},
                },
            )
    return dataset


def small_table(dataset: FigureDataset, breakdown: str, values: list[int], total: int) -> None:
    """A table whose every column holds `values` and states `total`."""
    for order, value in enumerate(values):
        IndustryFigure.objects.create(
            dataset=dataset,
            breakdown=breakdown,
            label=f"row {order}",
            order=order,
            **{c: value for c in figures.VALUE_COLUMNS},
        )
    IndustryFigure.objects.create(
        dataset=dataset,
        breakdown=breakdown,
        label="Totaal",
        order=len(values),
        is_stated_total=True,
        **{c: total for c in figures.VALUE_COLUMNS},
    )


CLUSTERS = (
    ("generiek", "Generiek", ""),
    ("materialen", "Materialen", "Materialen"),
    ("verbruiksartikelen", "Verbruiksartikelen", "Verbruiksartikelen"),
    ("bouw-constructie", "Bouw & constructie", "Bouw- en constructie"),
    ("kapitaalgoederen", "Kapitaalgoederen", "High Tech (kapitaalgoederen)"),
    ("consumentengoederen", "Consumentengoederen", "Consumentenproducten"),
)


def product_clusters() -> dict:
    """The six clusters of the §4.4 dashboard legend (codes of these tests)."""
    from catalogue.models import ProductCluster

    result = {}
    for order, (code, name, in_figures) in enumerate(CLUSTERS):
        result[code], _ = ProductCluster.objects.get_or_create(
            name=name,
            defaults={
                "code": code,
                "name_in_figures": in_figures,
                "order": order,
                "source_section": "Werkwijze UPCM 2020, §4.4",
            },
        )
    return result


def ghost_metric(monkeypatch):
    """Add a metric declaring it has no data source yet (``select=None``) to the registry, for this test."""
    from dashboard import metrics

    ghost = metrics.Metric("ghost", "Ghost count", metrics.REALISATIE, "ghosts.Ghost", select=None)
    monkeypatch.setattr(metrics, "METRICS", (*metrics.METRICS, ghost))
    monkeypatch.setitem(metrics.METRICS_BY_KEY, "ghost", ghost)
    return ghost
