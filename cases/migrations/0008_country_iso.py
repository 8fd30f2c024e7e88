"""Countries from ISO 3166 (django-countries, named in every language), not snippets that editors had
to create and translate: each urgent action keeps its country's two-letter code, in every language.
Its stored revisions and wagtail-localize's source snapshots hold the code too, so that a draft, a
revision compared or restored and the next translation carry the country as the page does."""

import json

import django_countries.fields
from django.db import migrations


def _codes(apps) -> dict[int, str]:
    return dict(apps.get_model("cases", "Country").objects.values_list("pk", "code"))


def _recode(content: dict, codes: dict) -> bool:
    """Replace a snapshot's country id by its code; whether anything changed."""
    value = content.get("country")
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        content["country"] = codes.get(int(value), "")
        return True
    if value is None and "country" in content:
        content["country"] = ""
        return True
    return False


def forwards(apps, schema_editor):
    codes = _codes(apps)
    UrgentActionPage = apps.get_model("cases", "UrgentActionPage")
    for page_id, country_id in UrgentActionPage.objects.exclude(country__isnull=True).values_list("pk", "country"):
        UrgentActionPage.objects.filter(pk=page_id).update(country_code=codes.get(country_id, ""))

    ContentType = apps.get_model("contenttypes", "ContentType")
    case_type = ContentType.objects.filter(app_label="cases", model="urgentactionpage").first()
    if case_type is None:
        return
    Revision = apps.get_model("wagtailcore", "Revision")
    for revision in Revision.objects.filter(content_type=case_type).only("pk", "content").iterator():
        if _recode(revision.content, codes):
            Revision.objects.filter(pk=revision.pk).update(content=revision.content)
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    for source in TranslationSource.objects.filter(specific_content_type=case_type).only("pk", "content_json"):
        content = json.loads(source.content_json)
        if _recode(content, codes):
            TranslationSource.objects.filter(pk=source.pk).update(content_json=json.dumps(content))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_case_path_index"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="urgentactionpage",
            name="country_code",
            field=django_countries.fields.CountryField(blank=True, max_length=2, verbose_name="country"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="urgentactionpage", name="country"),
        migrations.RenameField(model_name="urgentactionpage", old_name="country_code", new_name="country"),
        migrations.AlterField(
            model_name="urgentactionpage",
            name="country",
            field=django_countries.fields.CountryField(blank=True, db_index=True, max_length=2, verbose_name="country"),
        ),
    ]
