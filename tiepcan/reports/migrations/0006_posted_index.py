"""The self-assessments open for comments, read through a partial index of the few posted rows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0005_result_district'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='resultsummary',
            index=models.Index(condition=models.Q(('status', 'posted')), fields=['province'], name='result_posted'),
        ),
    ]
