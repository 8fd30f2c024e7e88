"""The country snippets go, now that urgent actions, members' alerts and letter packs hold codes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_country_iso"),
        ("members", "0004_alert_countries_iso"),
        ("letters", "0003_letter_pack_countries_iso"),
    ]

    operations = [migrations.DeleteModel(name="Country")]
