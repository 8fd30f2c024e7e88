"""A member's alert countries as ISO 3166 codes (django-countries), no longer snippets per language."""

import django_countries.fields
from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("members", "User")
    for member in User.objects.filter(alert_countries__isnull=False).distinct().prefetch_related("alert_countries"):
        codes = sorted({country.code for country in member.alert_countries.all()})
        User.objects.filter(pk=member.pk).update(alert_country_codes=",".join(codes))


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_receives_emails"),
        ("cases", "0008_country_iso"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="alert_country_codes",
            field=django_countries.fields.CountryField(blank=True, max_length=746, multiple=True, verbose_name="countries"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="user", name="alert_countries"),
        migrations.RenameField(model_name="user", old_name="alert_country_codes", new_name="alert_countries"),
    ]
