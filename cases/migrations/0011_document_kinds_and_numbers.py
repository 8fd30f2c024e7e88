"""Document kinds and numbers as real documents write them: a follow-up is further information (FI
168/12-1) or the urgent action issued again ("2nd UA 85/22"); any document may carry the section's
own number where the section numbers its copy differently. Existing follow-ups are further information."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0010_persons_at_risk'),
    ]

    operations = [
        migrations.AddField(
            model_name='casedocumentpage',
            name='section_number',
            field=models.CharField(blank=True, db_index=True, help_text='Where the section numbers its copy differently from the international number, e.g. 043/2022.', max_length=40, verbose_name="section's number"),
        ),
        migrations.AddField(
            model_name='followuppage',
            name='kind',
            field=models.CharField(choices=[('further_information', 'Further information'), ('reissued', 'Re-issued urgent action')], default='further_information', max_length=30, verbose_name='kind'),
        ),
        migrations.AddField(
            model_name='followuppage',
            name='ordinal',
            field=models.PositiveSmallIntegerField(blank=True, help_text='For a re-issued urgent action: 2 for "2nd UA 85/22".', null=True, validators=[django.core.validators.MinValueValidator(2), django.core.validators.MaxValueValidator(99)], verbose_name='issued for the'),
        ),
        migrations.AlterField(
            model_name='followuppage',
            name='sequence',
            field=models.PositiveIntegerField(help_text='1 for FI 168/12-1: the documents of a case counted after the first.', verbose_name='follow-up number'),
        ),
    ]
