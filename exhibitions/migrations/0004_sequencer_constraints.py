# Constraints on the rows 0003 completed, in a transaction of their own.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("exhibitions", "0003_sequencer"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='exhibition',
            constraint=models.CheckConstraint(condition=models.Q(('starts_on__isnull', True), ('ends_on__isnull', True), ('ends_on__gte', models.F('starts_on')), _connector='OR'), name='exhibition_closes_after_it_opens'),
        ),
        migrations.AddConstraint(
            model_name='exhibitionitem',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'photo'), ('photo__isnull', False)), models.Q(('kind', 'text'), ('photo__isnull', True), models.Q(('text', ''), _negated=True)), models.Q(('kind', 'section'), ('photo__isnull', True), models.Q(('title', ''), _negated=True)), _connector='OR'), name='exhibition_item_kind_complete'),
        ),
    ]
