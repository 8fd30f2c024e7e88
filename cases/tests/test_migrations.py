"""Migrations keep the existing data: the country snippets of urgent actions, members' alerts and
letter packs become ISO codes, in the pages, their revisions and wagtail-localize's snapshots."""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("cases", "0007_case_path_index"), ("members", "0003_receives_emails"), ("letters", "0002_letter_pack")]


def migrate(targets=None):
    """Migrate these apps to these migrations (none: every app to its latest), the others to their
    latest that depend on no later one of these (letters 0004 needs cases 0016); the models as they
    are then: the migrations applied."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    graph = executor.loader.graph
    return executor.loader.project_state(
        [node for node in executor.loader.applied_migrations if node in graph.nodes]
    ).apps


@pytest.fixture
def before():
    """The models before the country migrations; after the test, the database is migrated forward again."""
    yield migrate(BEFORE)
    migrate()


@pytest.fixture
def before_persons():
    yield migrate([("cases", "0009_delete_country")])
    migrate()


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

    apps = migrate()

    assert apps.get_model("cases", "UrgentActionPage").objects.get(pk=page.pk).country == "BY"
    assert apps.get_model("wagtailcore", "Revision").objects.get(pk=revision.pk).content["country"] == "BY"
    snapshot = apps.get_model("wagtail_localize", "TranslationSource").objects.get(pk=source.pk).content_json
    assert json.loads(snapshot)["country"] == "BY"
    alert_countries = apps.get_model("members", "User").objects.get(pk=member.pk).alert_countries
    assert [country.code for country in alert_countries] == ["BY", "EG"]
    assert [country.code for country in apps.get_model("letters", "LetterPack").objects.get(pk=pack.pk).countries] == [
        "BY"
    ]


def test_persons_at_risk_become_rows_shared_by_the_translations_of_a_case(before_persons):
    apps = before_persons
    Locale = apps.get_model("wagtailcore", "Locale")
    ContentType = apps.get_model("contenttypes", "ContentType")
    UrgentActionPage = apps.get_model("cases", "UrgentActionPage")
    case_type, _ = ContentType.objects.get_or_create(app_label="cases", model="urgentactionpage")
    key = uuid.uuid4()
    pages = [
        UrgentActionPage.objects.create(
            title="Two lawyers detained", slug="12-26", path=f"0001999{number}", depth=2, content_type=case_type,
            locale=Locale.objects.get_or_create(language_code=language)[0], translation_key=key, sequence=12,
            summary="...", persons_at_risk="Rosa Ramírez,  Pavel Sokolov ,",
        )
        for number, language in enumerate(["en", "de"])
    ]  # fmt: skip
    revision = apps.get_model("wagtailcore", "Revision").objects.create(
        content_type=case_type, base_content_type=case_type, object_id=str(pages[1].pk), created_at=timezone.now(),
        content={"title": pages[1].title, "persons_at_risk": "Rosa Ramírez, Pavel Sokolov"},
    )  # fmt: skip

    apps = migrate()

    PersonAtRisk = apps.get_model("cases", "PersonAtRisk")
    english, german = (list(PersonAtRisk.objects.filter(page_id=page.pk).order_by("sort_order")) for page in pages)
    assert [person.name for person in english] == ["Rosa Ramírez", "Pavel Sokolov"]
    assert [person.translation_key for person in german] == [person.translation_key for person in english]
    assert german[0].locale_id == pages[1].locale_id
    stored = apps.get_model("wagtailcore", "Revision").objects.get(pk=revision.pk).content
    assert [person["name"] for person in stored["persons"]] == ["Rosa Ramírez", "Pavel Sokolov"]
    assert "persons_at_risk" not in stored


@pytest.fixture
def before_search_facts():
    yield migrate([("cases", "0013_input_rules")])
    migrate()


def test_the_search_facts_of_the_documents_there_are_are_written_by_the_migration(before_search_facts):
    apps = before_search_facts
    Locale = apps.get_model("wagtailcore", "Locale")
    ContentType = apps.get_model("contenttypes", "ContentType")
    german, _ = Locale.objects.get_or_create(language_code="de")
    page = {"locale": german, "summary": "...", "issue_date": datetime.date(2022, 3, 1)}
    case = apps.get_model("cases", "UrgentActionPage").objects.create(
        title="Lawyer detained", slug="85-22", path="00019998", depth=2, translation_key=uuid.uuid4(), sequence=85,
        content_type=ContentType.objects.get_or_create(app_label="cases", model="urgentactionpage")[0],
        country="BY", live=True, appeal_deadline=datetime.date(2022, 4, 12), **page,
    )  # fmt: skip
    reissued = apps.get_model("cases", "FollowUpPage").objects.create(
        title="Lawyer sentenced", slug="85-22-1", path="000199980001", depth=3, translation_key=uuid.uuid4(),
        sequence=1, kind="reissued", ordinal=2, live=False, outcome="no_change",
        content_type=ContentType.objects.get_or_create(app_label="cases", model="followuppage")[0], **page,
    )  # fmt: skip

    apps = migrate([("cases", "0014_search_facts")])

    facts = apps.get_model("cases", "DocumentSearchFacts").objects.order_by("page_id")
    assert list(facts.values("page_id", "locale_id", "live", "kind", "case_id", "case_live", "country")) == [
        {"page_id": case.pk, "locale_id": german.pk, "live": True, "kind": "urgent_action", "case_id": case.pk,
         "case_live": True, "country": "BY"},
        {"page_id": reissued.pk, "locale_id": german.pk, "live": False, "kind": "reissued", "case_id": case.pk,
         "case_live": True, "country": "BY"},
    ]  # fmt: skip
    assert list(facts.values_list("issue_date", "appeal_deadline", "outcome")) == [
        (datetime.date(2022, 3, 1), datetime.date(2022, 4, 12), ""),
        (datetime.date(2022, 3, 1), None, "no_change"),
    ]


@pytest.fixture
def before_outcome_rows():
    yield migrate([("cases", "0016_case_outcomes")])
    migrate()


def test_a_pages_outcome_becomes_an_outcome_row_shared_by_its_language_versions(before_outcome_rows):
    apps = before_outcome_rows
    Locale = apps.get_model("wagtailcore", "Locale")
    ContentType = apps.get_model("contenttypes", "ContentType")
    english, _ = Locale.objects.get_or_create(language_code="en")
    german, _ = Locale.objects.get_or_create(language_code="de")
    case_type = ContentType.objects.get_or_create(app_label="cases", model="urgentactionpage")[0]
    follow_up_type = ContentType.objects.get_or_create(app_label="cases", model="followuppage")[0]
    UrgentActionPage = apps.get_model("cases", "UrgentActionPage")
    FollowUpPage = apps.get_model("cases", "FollowUpPage")
    case_key, follow_up_key = uuid.uuid4(), uuid.uuid4()
    common = {"summary": "...", "issue_date": datetime.date(2012, 6, 15), "live": True}
    case = UrgentActionPage.objects.create(
        title="Activist charged", slug="168-12", path="00019997", depth=2, locale=english, translation_key=case_key,
        content_type=case_type, sequence=168, outcome="charges_dropped", **common,
    )  # fmt: skip
    case_de = UrgentActionPage.objects.create(
        title="Aktivist angeklagt", slug="168-12", path="00019996", depth=2, locale=german, translation_key=case_key,
        content_type=case_type, sequence=168, outcome="charges_dropped", **common,
    )  # fmt: skip
    released = FollowUpPage.objects.create(
        title="Released", slug="168-12-1", path="000199970001", depth=3, locale=english,
        translation_key=follow_up_key, content_type=follow_up_type, sequence=1, outcome="released",
        closed_date=datetime.date(2019, 3, 4), **common,
    )  # fmt: skip
    FollowUpPage.objects.create(
        title="No news", slug="168-12-2", path="000199970002", depth=3, locale=english, translation_key=uuid.uuid4(),
        content_type=follow_up_type, sequence=2, outcome="", **common,
    )  # fmt: skip

    apps = migrate([("cases", "0017_outcomes_from_pages")])

    rows = apps.get_model("cases", "CaseOutcome").objects.order_by("page_id")
    assert list(rows.values_list("page_id", "kind", "date", "locale_id")) == [
        (case.pk, "charges_dropped", datetime.date(2012, 6, 15), english.pk),  # not closed: its issue date
        (case_de.pk, "charges_dropped", datetime.date(2012, 6, 15), german.pk),
        (released.pk, "released", datetime.date(2019, 3, 4), english.pk),  # closed: that day
    ]
    keys = list(rows.values_list("translation_key", flat=True))
    assert keys[0] == keys[1] != keys[2]  # one key for the language versions of a page
    assert "outcome" not in {f.name for f in apps.get_model("cases", "CaseDocumentPage")._meta.get_fields()}

    # Back again: the page's outcome is its newest row's.
    apps = migrate([("cases", "0016_case_outcomes")])
    pages = apps.get_model("cases", "CaseDocumentPage").objects.order_by("pk")
    assert list(pages.filter(pk__in=[case.pk, case_de.pk, released.pk]).values_list("outcome", flat=True)) == [
        "charges_dropped",
        "charges_dropped",
        "released",
    ]
    assert not apps.get_model("cases", "CaseOutcome").objects.exists()
