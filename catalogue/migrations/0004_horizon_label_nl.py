"""The horizon's label is stored per language: the Dutch one keeps the data of `label`."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_kia_and_supraregional_themes")]

    operations = [
        migrations.RenameField(model_name="horizon", old_name="label", new_name="label_nl"),
        migrations.RenameField(model_name="historicalhorizon", old_name="label", new_name="label_nl"),
    ]
