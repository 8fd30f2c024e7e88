from django.db import migrations

GROUPS = ["Editors", "Moderators"]


def grant(apps, schema_editor):
    """Editors and moderators publish the news, so they also see, hold and test its alerts."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="notifications", model="event")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="send_alerts", defaults={"name": "Can hold, release and test alerts"}
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="notifications", codename="send_alerts"))


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
