"""Targets as real documents give them: whom to write to and whom to send copies (an embassy); phone
and social media besides address, email and fax; several preferred languages (the one language kept
as the first); a salutation per language. The languages a document asks appeals in."""

import json

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


def rename_in_snapshots(apps, schema_editor):
    """wagtail-localize's snapshots of targets name the field as the model now does."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    target_type = ContentType.objects.filter(app_label="cases", model="target").first()
    if target_type is None:
        return
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    for source in TranslationSource.objects.filter(specific_content_type=target_type).only("pk", "content_json"):
        content = json.loads(source.content_json)
        if "preferred_language" in content:
            content["preferred_languages"] = content.pop("preferred_language")
            TranslationSource.objects.filter(pk=source.pk).update(content_json=json.dumps(content))


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0011_document_kinds_and_numbers'),
        ('wagtail_localize', '0016_rename_page_revision_translationlog_revision'),
    ]

    operations = [
        migrations.RenameField(model_name='target', old_name='preferred_language', new_name='preferred_languages'),
        migrations.RunPython(rename_in_snapshots, migrations.RunPython.noop, elidable=False),
        migrations.AddField(
            model_name='casedocumentpage',
            name='appeal_languages',
            field=models.CharField(blank=True, help_text='The languages to write in, as the document asks, the first preferred: en, ar, fr.', max_length=50, validators=[django.core.validators.RegexValidator('^[a-z]{2,3}(-[a-z]{2,4})?(\\s*,\\s*[a-z]{2,3}(-[a-z]{2,4})?)*$', 'Language codes as in ISO 639, separated by commas: es, en.')], verbose_name='appeal languages'),
        ),
        migrations.AddField(
            model_name='documenttarget',
            name='role',
            field=models.CharField(choices=[('write_to', 'Write to'), ('copy_to', 'Send a copy to')], default='write_to', max_length=20, verbose_name='role'),
        ),
        migrations.AddField(
            model_name='target',
            name='phone',
            field=models.CharField(blank=True, max_length=50, verbose_name='phone'),
        ),
        migrations.AlterField(
            model_name='target',
            name='preferred_languages',
            field=models.CharField(blank=True, help_text='The languages in which to address this official, the first preferred: es, en.', max_length=50, validators=[django.core.validators.RegexValidator('^[a-z]{2,3}(-[a-z]{2,4})?(\\s*,\\s*[a-z]{2,3}(-[a-z]{2,4})?)*$', 'Language codes as in ISO 639, separated by commas: es, en.')], verbose_name='preferred languages'),
        ),
        migrations.AddField(
            model_name='target',
            name='social_media',
            field=models.CharField(blank=True, help_text='A handle or address, e.g. @MinJusticiaHN.', max_length=200, verbose_name='social media'),
        ),
        migrations.AlterField(
            model_name='target',
            name='salutation',
            field=models.CharField(help_text='In the language of this entry, e.g. Dear Prosecutor General', max_length=200, verbose_name='salutation'),
        ),
        migrations.CreateModel(
            name='TargetSalutation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('language', models.CharField(help_text='ISO 639 code, e.g. es.', max_length=10, validators=[django.core.validators.RegexValidator('^[a-z]{2,3}(-[a-z]{2,4})?$', 'A language code as in ISO 639: es.')], verbose_name='language')),
                ('salutation', models.CharField(help_text='e.g. Estimado Señor Ministro', max_length=200, verbose_name='salutation')),
                ('target', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='salutations', to='cases.target')),
            ],
            options={
                'verbose_name': 'salutation',
                'ordering': ['sort_order'],
                'abstract': False,
                'constraints': [models.UniqueConstraint(fields=('target', 'language'), name='cases_target_salutation_language_unique')],
            },
        ),
    ]
