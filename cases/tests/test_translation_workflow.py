"""The editors' translation workflow with wagtail-localize: a translation is a draft until it is
published, and a change to the source reaches the translation when the editor syncs it, keeping
what was already translated."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.operations import translate_object

from cases.actions import add_case_update, add_target
from cases.models import Target, Theme, today
from tests.builders import with_two_factors_on
from urgentactions.demo import create_demo_editor


def translate_all(source: TranslationSource, locale, prefix: str) -> None:
    """Give every segment of `source` not yet translated a text in `locale` (as the editor does)."""
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": f"{prefix} {segment.string.data}"},
        )


@pytest.fixture
def case(make_case):
    return make_case(sequence=61, title="Student held", appeal_deadline=today() + datetime.timedelta(days=20))


@pytest.fixture
def german_translation(site_tree, case) -> Translation:
    """What "Translate this page" submits: the German page, still with the English text for now."""
    translate_object(case, [site_tree.de])
    return Translation.objects.get(source__object_id=case.translation_key, target_locale=site_tree.de)


def test_a_translation_stays_a_draft_until_it_is_published(
    client, site_tree, case, german_translation, django_capture_on_commit_callbacks
):
    """The segment editor keeps each translated text apart from the page; "Publish" applies them."""
    german_url = case.get_translation(site_tree.de).url
    translate_all(german_translation.source, site_tree.de, "DE")

    assert "<h1>Student held</h1>" in client.get(german_url).content.decode()  # still the English text
    assert german_translation.get_progress() == (german_translation.source.stringsegment_set.count(),) * 2

    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes once committed
        german_translation.save_target(publish=True)

    assert "<h1>DE Student held</h1>" in client.get(german_url).content.decode()


def test_a_change_to_the_source_reaches_the_translation_when_synced_keeping_what_was_translated(
    client, site_tree, case, german_translation
):
    translate_all(german_translation.source, site_tree.de, "DE")
    german_translation.save_target(publish=True)

    add_case_update(document=case, date=today(), title="Transferred", text="<p>Moved to another prison.</p>")
    source = german_translation.source
    source.update_from_db()  # what "Sync translated pages" does
    translate_all(source, site_tree.de, "DE")
    german_translation.save_target(publish=True)

    page = client.get(case.get_translation(site_tree.de).url).content.decode()
    assert "DE Transferred" in page
    assert "DE Moved to another prison." in page
    assert "<h1>DE Student held</h1>" in page
    assert StringTranslation.objects.filter(locale=site_tree.de, data="DE Student held").count() == 1


def test_editors_may_submit_pages_for_translation(db):
    permissions = Group.objects.get(name="Editors").permissions.values_list("content_type__app_label", "codename")

    assert ("wagtail_localize", "submit_translation") in permissions


@pytest.fixture
def editor_client(client, site_tree):
    client.force_login(with_two_factors_on(create_demo_editor()))
    return client


def test_a_page_whose_targets_and_themes_exist_only_in_german_is_submitted_for_translation(editor_client, site_tree):
    """New targets and themes were made in German (the admin's default language) and used on an
    English case: "Translate this page" still makes the French translation, pointing to them."""
    target = Target.objects.create(
        locale=site_tree.de, name="Generalstaatsanwalt", postal_address="Baku", salutation="Sehr geehrter Herr"
    )
    theme = Theme.objects.create(locale=site_tree.de, name="Folter", slug="folter")
    case = site_tree.add_case(sequence=62, targets=[target], themes=[theme])
    french = site_tree.locales["fr"]

    response = editor_client.post(
        reverse("wagtail_localize:submit_page_translation", args=(case.pk,)), {"locales": [french.pk]}
    )

    assert response.status_code == 302
    translation = case.get_translation(french).specific
    assert not translation.alias_of_id
    assert [row.target for row in translation.targets.all()] == [target]
    assert list(translation.themes.all()) == [theme]


def test_a_case_is_translated_with_its_country_whatever_the_languages(editor_client, site_tree):
    """A country is an ISO code, the same in every language: "Translate this page" used to answer with
    a server error when the country (then a snippet) existed in the page's language only."""
    case = site_tree.add_case(sequence=63, country="BY")
    french = site_tree.locales["fr"]

    response = editor_client.post(
        reverse("wagtail_localize:submit_page_translation", args=(case.pk,)), {"locales": [french.pk]}, follow=True
    )

    assert response.status_code == 200
    assert case.get_translation(french).specific.country.code == "BY"


def test_updates_and_targets_added_to_the_source_later_reach_the_translation_when_synced_in_the_admin(
    editor_client, site_tree, case
):
    """ "Sync translated pages" after a new dated update and a new target: the translation shows both,
    the update in the source's words until it is translated."""
    french = site_tree.locales["fr"]
    editor_client.post(reverse("wagtail_localize:submit_page_translation", args=(case.pk,)), {"locales": [french.pk]})
    minister = Target.objects.create(
        locale=site_tree.en, name="Minister of Justice", postal_address="Minsk", salutation="Dear Minister"
    )
    add_case_update(document=case, date=today(), title="Transferred", text="<p>Moved to another prison.</p>")
    add_target(document=case, target=minister)
    source = TranslationSource.objects.get(object_id=case.translation_key)

    response = editor_client.post(
        reverse("wagtail_localize:update_translations", args=(source.pk,)), {"publish_translations": "on"}
    )

    assert response.status_code == 302
    translation = case.get_translation(french).specific
    assert [update.title for update in translation.updates.all()] == ["Transferred"]
    assert [row.target for row in translation.targets.all()] == [minister]
    assert "Moved to another prison." in editor_client.get(translation.url).content.decode()


def test_a_dated_update_added_to_the_english_text_reaches_the_german_translation_when_synced(
    editor_client, reference_case
):
    """The German text of FI 168/12-1 was written with translate_document: "Sync translated pages"
    brings it the new update (in English until translated) and keeps its German text."""
    fi_en, fi_de = reference_case.fi_en, reference_case.fi_de
    add_case_update(document=fi_en, date=today(), title="Transferred", text="<p>Moved to another prison.</p>")
    source = TranslationSource.objects.get(object_id=fi_en.translation_key)

    response = editor_client.post(
        reverse("wagtail_localize:update_translations", args=(source.pk,)), {"publish_translations": "on"}
    )

    assert response.status_code == 302
    page = editor_client.get(fi_de.url).content.decode()
    assert "Transferred" in page
    assert "Moved to another prison." in page
    assert "<h1>Neue Anklage gegen gewaltlosen politischen Gefangenen</h1>" in page
    assert "Freigelassen" in page and "Die neue Anklage wurde fallengelassen." in page
    assert "Released on 2 March." not in page


def test_an_editor_translates_a_target_from_its_own_page(editor_client, site_tree):
    target = Target.objects.create(
        locale=site_tree.en, name="Kamran Aliyev", title="Prosecutor General", postal_address="Baku", salutation="Sir"
    )
    submit_url = reverse("wagtail_localize:submit_snippet_translation", args=("cases", "target", target.pk))
    edit_page = editor_client.get(reverse("wagtailsnippets_cases_target:edit", args=(target.pk,))).content.decode()
    assert submit_url in edit_page  # the "Translate" action

    response = editor_client.post(submit_url, {"locales": [site_tree.de.pk]})

    german = Target.objects.get(translation_key=target.translation_key, locale=site_tree.de)
    assert response.status_code == 302
    assert editor_client.get(response["Location"]).status_code == 200  # wagtail-localize's translation editor
    translation = Translation.objects.get(source__object_id=target.translation_key, target_locale=site_tree.de)
    translate_all(translation.source, site_tree.de, "DE")
    translation.save_target()
    german.refresh_from_db()
    assert (german.title, german.salutation, german.postal_address) == ("DE Prosecutor General", "DE Sir", "Baku")
