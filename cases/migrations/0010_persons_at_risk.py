"""Persons at risk as rows (name, gender, age, occupation), not one text field of names separated by
commas. Each name of a page becomes a row; the rows of one case's translations share a translation
key by position, as wagtail-localize keeps them. The case's stored revisions and wagtail-localize's
source snapshots get the rows too, so that a draft or a revision restored keeps its persons."""

import json
import uuid

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


def split_names(apps, schema_editor):
    UrgentActionPage = apps.get_model("cases", "UrgentActionPage")
    PersonAtRisk = apps.get_model("cases", "PersonAtRisk")
    keys: dict[tuple, uuid.UUID] = {}  # (page's translation key, position) -> the person's key
    rows: dict[int, list[dict]] = {}
    for page in UrgentActionPage.objects.order_by("pk").only("pk", "translation_key", "locale_id", "persons_at_risk"):
        names = [name.strip() for name in page.persons_at_risk.split(",") if name.strip()]
        for position, name in enumerate(names):
            key = keys.setdefault((page.translation_key, position), uuid.uuid4())
            person = PersonAtRisk.objects.create(
                page_id=page.pk, sort_order=position, name=name, translation_key=key, locale_id=page.locale_id
            )
            rows.setdefault(page.pk, []).append(
                {"pk": person.pk, "page": page.pk, "sort_order": position, "name": name, "gender": "", "age": None,
                 "occupation": "", "translation_key": str(key), "locale": page.locale_id}
            )  # fmt: skip

    ContentType = apps.get_model("contenttypes", "ContentType")
    case_type = ContentType.objects.filter(app_label="cases", model="urgentactionpage").first()
    if case_type is None:
        return
    Revision = apps.get_model("wagtailcore", "Revision")
    for revision in Revision.objects.filter(content_type=case_type).only("pk", "object_id", "content").iterator():
        content = revision.content
        content["persons"] = rows.get(int(revision.object_id), [])
        content.pop("persons_at_risk", None)
        Revision.objects.filter(pk=revision.pk).update(content=content)
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    for source in TranslationSource.objects.filter(specific_content_type=case_type).only("pk", "content_json"):
        content = json.loads(source.content_json)
        content["persons"] = rows.get(content.get("pk"), [])
        content.pop("persons_at_risk", None)
        TranslationSource.objects.filter(pk=source.pk).update(content_json=json.dumps(content))


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_delete_country'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtail_localize', '0016_rename_page_revision_translationlog_revision'),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonAtRisk',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('gender', models.CharField(blank=True, choices=[('woman', 'woman'), ('man', 'man'), ('non_binary', 'non-binary')], max_length=20, verbose_name='gender')),
                ('age', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(130)], verbose_name='age')),
                ('occupation', models.CharField(blank=True, help_text='e.g. journalist, trade unionist, doctor', max_length=200, verbose_name='occupation or role')),
                ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='persons', to='cases.urgentactionpage')),
            ],
            options={
                'verbose_name': 'person at risk',
                'verbose_name_plural': 'persons at risk',
                'ordering': ['sort_order'],
                'abstract': False,
                'unique_together': {('translation_key', 'locale')},
            },
        ),
        migrations.RunPython(split_names, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(
            model_name='urgentactionpage',
            name='persons_at_risk',
        ),
    ]
