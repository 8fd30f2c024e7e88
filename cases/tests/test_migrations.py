"""Migrations keep the existing data: the country snippets of urgent actions, members' alerts and
letter packs become ISO codes, in the pages, their revisions and wagtail-localize's snapshots."""

import json
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("cases", "0007_case_path_index"), ("members", "0003_receives_emails"), ("letters", "0002_letter_pack")]
AFTER = [
    ("cases", "0009_delete_country"),
    ("members", "0004_alert_countries_iso"),
    ("letters", "0003_letter_pack_countries_iso"),
]


def migrate(targets):
    """Migrate these apps to these migrations, the others to their latest; the models as they are then."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    apps = {app for app, _name in targets}
    state = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in apps] + targets
    return executor.loader.project_state(state).apps


@pytest.fixture
def before():
    """The models before the migrations; after the test, the database is migrated forward again."""
    yield migrate(BEFORE)
    migrate(AFTER)


def test_countries_become_iso_codes_in_pages_revisions_snapshots_alerts_and_letter_packs(before):
    apps = before
    Locale = apps.get_model("wagtailcore", "Locale")
    Country = apps.get_model("cases", "Country")
    ContentType = apps.get_model("contenttypes", "ContentType")
    english, _ = Locale.objects.get_or_create(language_code="en")
    german, _ = Locale.objects.get_or_create(language_code="de")
    key = uuid.uuid4()
    belarus = Country.objects.create(name="Belarus", code="BY", locale=english, translation_key=key)
    belarus_de = Country.objects.create(name="Weißrussland", code="BY", locale=german, translation_key=key)
    egypt = Country.objects.create(name="Egypt", code="EG", locale=english, translation_key=uuid.uuid4())
    case_type, _ = ContentType.objects.get_or_create(app_label="cases", model="urgentactionpage")
    page = apps.get_model("cases", "UrgentActionPage").objects.create(
        title="Trade unionist tortured", slug="12-26", path="00019999", depth=2, locale=german,
        content_type=case_type, translation_key=uuid.uuid4(), sequence=12, persons_at_risk="A",
        summary="...", country=belarus_de,
    )  # fmt: skip
    revision = apps.get_model("wagtailcore", "Revision").objects.create(
        content_type=case_type, base_content_type=case_type, object_id=str(page.pk),
        content={"title": page.title, "country": belarus_de.pk}, created_at=timezone.now(),
    )  # fmt: skip
    translatable = apps.get_model("wagtail_localize", "TranslatableObject").objects.create(
        translation_key=page.translation_key, content_type=case_type
    )
    source = apps.get_model("wagtail_localize", "TranslationSource").objects.create(
        object=translatable, specific_content_type=case_type, locale=german,
        content_json=json.dumps({"title": page.title, "country": belarus_de.pk}), created_at=timezone.now(),
        last_updated_at=timezone.now(),
    )  # fmt: skip
    member = apps.get_model("members", "User").objects.create(email="amina@example.org")
    member.alert_countries.set([belarus_de, egypt])
    pack = apps.get_model("letters", "LetterPack").objects.create(member=member, language="de")
    pack.countries.set([belarus])

    apps = migrate(AFTER)

    assert apps.get_model("cases", "UrgentActionPage").objects.get(pk=page.pk).country == "BY"
    assert apps.get_model("wagtailcore", "Revision").objects.get(pk=revision.pk).content["country"] == "BY"
    snapshot = apps.get_model("wagtail_localize", "TranslationSource").objects.get(pk=source.pk).content_json
    assert json.loads(snapshot)["country"] == "BY"
    alert_countries = apps.get_model("members", "User").objects.get(pk=member.pk).alert_countries
    assert [country.code for country in alert_countries] == ["BY", "EG"]
    assert [country.code for country in apps.get_model("letters", "LetterPack").objects.get(pk=pack.pk).countries] == [
        "BY"
    ]
