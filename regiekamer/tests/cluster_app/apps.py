from django.apps import AppConfig


class ClusterAppConfig(AppConfig):
    name = "regiekamer.tests.cluster_app"
    label = "cluster_app"
    verbose_name = "Cluster scenario (tests only)"

    def ready(self) -> None:
        from jobs.registry import register_kind

        from .jobs import run_unit

        register_kind("cluster.unit", label="Cluster scenario unit", run=run_unit)
