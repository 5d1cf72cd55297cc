# The register knows no projects: the link lives on the project (portfolio 0006 copied it there first).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('stakeholders', '0004_import_batch_run_state'),
        ('portfolio', '0006_project_collaborations'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='collaboration',
            name='project',
        ),
        migrations.RemoveField(
            model_name='historicalcollaboration',
            name='project',
        ),
    ]
