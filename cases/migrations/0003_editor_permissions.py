from django.contrib.auth.management import create_permissions
from django.db import migrations

CASE_DATA_MODELS = ["target", "country", "theme"]


def grant_case_data_to_editors(apps, schema_editor):
    """Editors and moderators maintain targets, countries and themes (Wagtail's groups)."""
    app_config = apps.get_app_config("cases")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(
        content_type__app_label="cases",
        content_type__model__in=CASE_DATA_MODELS,
        codename__regex=r"^(add|change|delete)_",
    )
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant_case_data_to_editors, migrations.RunPython.noop)]
