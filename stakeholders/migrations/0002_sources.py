"""The sources of the stakeholder analysis (werkwijze UPCM 2020, Bijlage 4, 'Gebruikte bronnen/methoden')."""

from django.db import migrations

SECTION = "Werkwijze UPCM 2020, Bijlage 4, Categorisering 7 (gebruikte bronnen/methoden)"
SOURCES = [
    ("slimme-tool", "Slimme tool (zelflerend algoritme)", 1),
    ("media-analyse", "Media-analyse", 2),
    ("programma", "Gegevens van het Uitvoeringsprogramma", 3),
    ("tno", "Analyserapport TNO", 4),
    ("telefonisch", "Telefonische gesprekken change-agents", 5),
    ("rvo", "Database RVO", 6),
    ("handmatig", "Handmatig toegevoegd", 7),
]


def add_sources(apps, schema_editor):
    Source = apps.get_model("stakeholders", "Source")
    for code, name, order in SOURCES:
        section = SECTION if code != "handmatig" else "Bijlage 4, Fase 2 (aanvullen vanuit eigen netwerk)"
        Source.objects.update_or_create(code=code, defaults={"name": name, "order": order,
                                                             "source_section": section})


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0001_initial")]
    operations = [migrations.RunPython(add_sources, migrations.RunPython.noop)]
