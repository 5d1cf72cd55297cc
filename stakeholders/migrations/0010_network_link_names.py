from django.db import migrations, models


def link_network(apps, schema_editor):
    """The network of the memberships as they are, now with the organisations' names (with the code of this
    migration's time: the pairing lives in stakeholders.selectors); nothing to link in a new database."""
    if not apps.get_model("stakeholders", "CollaborationMember").objects.exists():
        return
    from stakeholders.services.network import network_rebuild

    network_rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0009_network_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="networklink",
            name="a_name",
            field=models.CharField(default="", max_length=200),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="networklink",
            name="b_name",
            field=models.CharField(default="", max_length=200),
            preserve_default=False,
        ),
        migrations.RemoveIndex(model_name="networklink", name="stakeholder_link_shared_idx"),
        migrations.AddIndex(
            model_name="networklink",
            index=models.Index(
                fields=["-shared", "a_name", "b_name", "organisation_a", "organisation_b"],
                name="stakeholder_link_order_idx",
            ),
        ),
        migrations.RunPython(link_network, migrations.RunPython.noop),
    ]
