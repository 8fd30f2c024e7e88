"""A letter pack's countries as ISO 3166 codes (django-countries), no longer snippets per language."""

import django_countries.fields
from django.db import migrations


def forwards(apps, schema_editor):
    LetterPack = apps.get_model("letters", "LetterPack")
    for pack in LetterPack.objects.filter(countries__isnull=False).distinct().prefetch_related("countries"):
        codes = sorted({country.code for country in pack.countries.all()})
        LetterPack.objects.filter(pk=pack.pk).update(country_codes=",".join(codes))


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_letter_pack"),
        ("cases", "0008_country_iso"),
    ]

    operations = [
        migrations.AddField(
            model_name="letterpack",
            name="country_codes",
            field=django_countries.fields.CountryField(blank=True, max_length=746, multiple=True, verbose_name="countries"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="letterpack", name="countries"),
        migrations.RenameField(model_name="letterpack", old_name="country_codes", new_name="countries"),
    ]
