"""The demo's innovation-function levels were marked illustrative only in their English source text; mark
them as such (is_illustrative) and give them the demo's Dutch source text, so the pages say so."""

from django.db import migrations

OLD_SOURCE = "ILLUSTRATIVE demo values, not an assessment of the programme"
NEW_SOURCE = "Regiekamer-demo: illustratieve waarden, geen beoordeling van het programma"


def mark(apps, schema_editor):
    scores = apps.get_model("materials", "ClusterInnovationScore")
    scores.objects.filter(source=OLD_SOURCE).update(source=NEW_SOURCE, is_illustrative=True)


class Migration(migrations.Migration):
    dependencies = [("materials", "0003_eu_assessment_and_profile_sources")]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
