"""Importing a read document (cases.actions.import_document): drafts where they belong, officials
reused, translations filled, a document imported twice changing nothing, refusals leaving nothing."""

import dataclasses
import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

from cases.actions import fingerprint, import_document, read_as_json, read_from_json
from cases.document_text import ImportedFile
from cases.models import (
    CaseDocumentPage,
    DocumentImport,
    FollowUpKind,
    FollowUpPage,
    Gender,
    ImportOutcome,
    Target,
    TargetRole,
    UrgentActionPage,
)
from cases.reading import ReadDocument, ReadPerson, ReadTarget

PROSECUTOR = ReadTarget(
    name="Kamran Aliyev",
    title="Prosecutor General",
    postal_address="Prosecutor General's Office\n7 Nobel Avenue\nBaku AZ1007\nAzerbaijan",
    email="info@prosecutor.gov.az",
    fax="+994 12 492 06 04",
    social_media="@ProsecutorAz",
    salutation="Dear Prosecutor General",
    salutations={"az": "Hörmətli Baş Prokuror"},
    preferred_languages=["en", "az"],
)
AMBASSADOR = ReadTarget(
    name="Ambassador Ramin Hasanov",
    title="Embassy of Azerbaijan",
    postal_address="Hubertusallee 43\n14193 Berlin",
    email="berlin@mission.mfa.gov.az",
    salutation="Your Excellency",
    role=TargetRole.COPY_TO,
)


pytestmark = pytest.mark.usefixtures("english")  # messages are checked by their English words


def read_ua(**fields) -> ReadDocument:
    """The English urgent action UA 168/12 as the reading rules give it."""
    return ReadDocument(
        **{
            "language": "en",
            "kind": "urgent_action",
            "sequence": 168,
            "year": 2012,
            "ai_index": "EUR 55/011/2012",
            "issue_date": datetime.date(2012, 6, 12),
            "title": "Activist detained for his journalism",
            "country": "AZ",
            "persons": [ReadPerson(name="Mehman Huseynov", gender="man", age=27, occupation="journalist")],
            "summary": "Journalist Mehman Huseynov was detained on 9 June and faces up to seven years in prison.",
            "take_action": ["Release Mehman Huseynov immediately.", "Drop all charges against him."],
            "model_letter": "I am writing to express my concern.\n\nPlease release him.",
            "targets": [PROSECUTOR, AMBASSADOR],
            "appeal_deadline": datetime.date(2012, 7, 24),
            "appeal_languages": ["az", "en"],
            "previous_document": "",
            "background": ["Mehman Huseynov is a blogger.", "He has been harassed before."],
            **fields,
        }
    )


def read_follow_up(**fields) -> ReadDocument:
    return read_ua(
        **{
            "kind": "further_information",
            "follow_up": 1,
            "ai_index": "EUR 55/012/2012",
            "issue_date": datetime.date(2012, 6, 30),
            "title": "Journalist charged",
            "persons": [],
            "summary": "Mehman Huseynov was charged on 28 June.",
            "previous_document": "https://www.amnesty.org/en/documents/eur55/011/2012/en/",
            **fields,
        }
    )


def test_an_urgent_action_is_read_into_a_draft_with_every_field(site_tree):
    done = import_document(read=read_ua(), file=ImportedFile("ua-168-12-en.docx", b"PK word file"))

    assert done.outcome == ImportOutcome.CREATED, done.message
    page = UrgentActionPage.objects.get(pk=done.page_id)
    assert not page.live and page.has_unpublished_changes  # a draft: the import never publishes
    assert page.get_parent().pk == site_tree.index_en.pk
    assert page.slug == "168-12" and page.number == "168/12"
    assert (page.title, page.ai_index, page.country.code) == (
        "Activist detained for his journalism",
        "EUR 55/011/2012",
        "AZ",
    )
    assert page.issue_date == datetime.date(2012, 6, 12)
    assert page.appeal_deadline == datetime.date(2012, 7, 24)
    assert page.appeal_languages == "az, en"
    assert page.summary.startswith("Journalist Mehman Huseynov was detained")
    assert page.body == "<p>Mehman Huseynov is a blogger.</p><p>He has been harassed before.</p>"
    assert page.take_action == (
        "<ul><li>Release Mehman Huseynov immediately.</li><li>Drop all charges against him.</li></ul>"
    )
    assert page.model_letter == "I am writing to express my concern.\n\nPlease release him."
    assert [(p.name, p.gender, p.age, p.occupation) for p in page.persons.all()] == [
        ("Mehman Huseynov", Gender.MAN, 27, "journalist")
    ]
    rows = list(page.targets.select_related("target"))
    assert [(row.target.name, row.role) for row in rows] == [
        ("Kamran Aliyev", TargetRole.WRITE_TO),
        ("Ambassador Ramin Hasanov", TargetRole.COPY_TO),
    ]
    prosecutor = rows[0].target
    assert prosecutor.locale.language_code == "en"
    assert (prosecutor.email, prosecutor.fax, prosecutor.social_media) == (
        "info@prosecutor.gov.az",
        "+994 12 492 06 04",
        "@ProsecutorAz",
    )
    assert prosecutor.address_lines == ["Prosecutor General's Office", "7 Nobel Avenue", "Baku AZ1007", "Azerbaijan"]
    assert prosecutor.preferred_languages == "en, az"
    assert prosecutor.salutation_in("az") == "Hörmətli Baş Prokuror"
    download = page.downloads.get()
    assert (download.language, download.document.title) == ("en", "UA 168/12 english")
    assert download.document.file.read() == b"PK word file"


def test_a_document_imported_twice_changes_nothing(site_tree):
    first = import_document(read=read_ua(), file=ImportedFile("ua.docx", b"word"))
    counts = (Page.objects.count(), Revision.objects.count(), Target.objects.count())

    again = import_document(read=read_ua(), file=ImportedFile("ua.docx", b"word"))

    assert again.outcome == ImportOutcome.UNCHANGED
    assert again.page_id == first.page_id
    assert (Page.objects.count(), Revision.objects.count(), Target.objects.count()) == counts


def test_a_changed_document_is_shown_as_imported_before_and_updates_only_when_asked(site_tree):
    first = import_document(read=read_ua())
    page = UrgentActionPage.objects.get(pk=first.page_id)
    page.save_revision().publish()
    revisions = Revision.objects.filter(object_id=str(page.pk)).count()
    corrected = read_ua(summary="Mehman Huseynov was detained on 9 June 2012 in Baku.")

    shown = import_document(read=corrected)
    assert shown.outcome == ImportOutcome.EXISTS and shown.page_id == page.pk
    assert Revision.objects.filter(object_id=str(page.pk)).count() == revisions

    updated = import_document(read=read_from_json(shown.read), update=True)

    assert updated.outcome == ImportOutcome.UPDATED
    page.refresh_from_db()
    assert page.summary.startswith("Journalist Mehman Huseynov")  # what is live stays until published
    assert page.get_latest_revision_as_object().summary == "Mehman Huseynov was detained on 9 June 2012 in Baku."
    assert Revision.objects.filter(object_id=str(page.pk)).count() == revisions + 1
    assert import_document(read=corrected, update=True).outcome == ImportOutcome.UNCHANGED


def test_the_same_ai_index_finds_the_document_whatever_number_was_read(site_tree):
    first = import_document(read=read_ua())
    assert import_document(read=read_ua(sequence=None, year=None)).page_id == first.page_id


def test_officials_on_the_site_are_linked_not_entered_again(site_tree):
    by_email = Target.objects.create(
        locale=site_tree.en, name="K. Aliyev", title="Prosecutor", postal_address="Baku",
        email="INFO@prosecutor.gov.az", salutation="Dear Prosecutor General",
    )  # fmt: skip
    by_name = Target.objects.create(
        locale=site_tree.de, name="Ambassador Ramin Hasanov", title="Embassy of Azerbaijan",
        postal_address="Hubertusallee 43", salutation="Exzellenz",
    )  # fmt: skip

    done = import_document(read=read_ua())

    page = UrgentActionPage.objects.get(pk=done.page_id)
    assert [row.target_id for row in page.targets.all()] == [by_email.pk, by_name.pk]
    assert Target.objects.filter(locale=site_tree.en, name="Ambassador Ramin Hasanov").exists()  # its English
    assert Target.objects.count() == 3


def test_an_ai_index_that_is_another_documents_on_the_site_is_refused_not_written_over_it(site_tree):
    import_document(read=read_ua())
    follow_up = import_document(read=read_follow_up()).page
    revisions = Revision.objects.count()

    done = import_document(read=read_ua(sequence=7, year=2019, ai_index="EUR 55/012/2012"), update=True)

    assert done.outcome == ImportOutcome.REFUSED and done.page_id == follow_up.pk
    assert "EUR 55/012/2012 is that of FI 168/12-1" in done.message and "UA 7/19" in done.message
    assert Revision.objects.count() == revisions
    assert not UrgentActionPage.objects.filter(sequence=7).exists()


def test_a_follow_up_goes_under_its_case_with_its_number(site_tree):
    case = import_document(read=read_ua()).page

    done = import_document(read=read_follow_up())

    follow_up = FollowUpPage.objects.get(pk=done.page_id)
    assert follow_up.get_parent().pk == case.pk
    assert (follow_up.sequence, follow_up.kind, follow_up.slug) == (1, FollowUpKind.FURTHER_INFORMATION, "168-12-1")
    assert not follow_up.live
    assert 'href="https://www.amnesty.org/en/documents/eur55/011/2012/en/"' in follow_up.body
    # The officials of the case are the same officials.
    assert Target.objects.filter(email="info@prosecutor.gov.az").count() == 1


def test_a_reissued_urgent_action_takes_the_next_number_of_its_case(site_tree):
    import_document(read=read_ua())
    import_document(read=read_follow_up())

    done = import_document(read=read_follow_up(kind="reissued", follow_up=None, ordinal=2, ai_index="EUR 55/020/2012"))

    reissued = FollowUpPage.objects.get(pk=done.page_id)
    assert (reissued.kind, reissued.ordinal, reissued.sequence) == (FollowUpKind.REISSUED, 2, 2)
    again = import_document(read=read_follow_up(kind="reissued", follow_up=None, ordinal=2, ai_index=""))
    assert again.page_id == reissued.pk and again.outcome == ImportOutcome.EXISTS


def test_a_follow_up_of_a_case_not_on_the_site_is_refused_and_leaves_nothing(site_tree):
    pages, targets = Page.objects.count(), Target.objects.count()

    done = import_document(read=read_follow_up())

    assert done.outcome == ImportOutcome.REFUSED
    assert "UA 168/12 is not on the site" in done.message
    assert (Page.objects.count(), Target.objects.count()) == (pages, targets)


def test_a_document_without_a_number_is_refused(site_tree):
    done = import_document(read=read_ua(sequence=None, year=None, ai_index=""))
    assert done.outcome == ImportOutcome.REFUSED and "No UA number" in done.message


def test_the_german_version_of_a_document_fills_its_translation_not_a_second_case(site_tree):
    case = import_document(read=read_ua()).page
    german_prosecutor = dataclasses.replace(
        PROSECUTOR, title="Generalstaatsanwalt", salutation="Sehr geehrter Herr Generalstaatsanwalt"
    )

    done = import_document(
        read=read_ua(
            language="de",
            title="Aktivist wegen seiner journalistischen Arbeit inhaftiert",
            summary="Der Journalist Mehman Huseynov wurde am 9. Juni festgenommen.",
            targets=[german_prosecutor],
        )
    )

    assert done.outcome == ImportOutcome.TRANSLATED, done.message
    translation = CaseDocumentPage.objects.get(pk=done.page_id).specific
    assert translation.locale.language_code == "de" and translation.translation_key == case.translation_key
    assert translation.alias_of_id is None
    draft = translation.get_latest_revision_as_object()
    assert draft.title == "Aktivist wegen seiner journalistischen Arbeit inhaftiert"
    assert draft.summary == "Der Journalist Mehman Huseynov wurde am 9. Juni festgenommen."
    assert UrgentActionPage.objects.filter(sequence=168, alias_of__isnull=True).count() == 2  # en and de
    assert Translation.objects.filter(target_locale=site_tree.de, source__object_id=case.translation_key).exists()
    prosecutor = Target.objects.get(email="info@prosecutor.gov.az", locale=site_tree.en)
    assert prosecutor.in_language("de").salutation == "Sehr geehrter Herr Generalstaatsanwalt"


def test_a_french_document_of_a_new_case_is_entered_in_french(site_tree):
    done = import_document(read=read_ua(language="fr", title="Un militant détenu", targets=[AMBASSADOR]))

    assert done.outcome == ImportOutcome.CREATED, done.message
    page = UrgentActionPage.objects.get(pk=done.page_id)
    assert page.locale.language_code == "fr"
    assert page.targets.get().target.locale.language_code == "fr"


def test_lines_read_wrongly_are_left_empty_with_a_note(site_tree):
    done = import_document(
        read=read_ua(
            ai_index="EUR55-011-2012",
            appeal_languages=["English"],
            targets=[
                ReadTarget(name="Minister", postal_address="Baku", salutation="Dear Minister", email="not@mail"),
                ReadTarget(name="Minister " * 40, postal_address="Baku", salutation="Dear Minister"),
            ],
            persons=[ReadPerson(name="Mehman Huseynov", age=270)],
        )
    )

    assert done.outcome == ImportOutcome.CREATED
    page = UrgentActionPage.objects.get(pk=done.page_id)
    assert (page.ai_index, page.appeal_languages) == ("", "")
    assert page.targets.get().target.email == ""
    assert page.persons.get().age is None
    assert "AI index" in done.message and "Email" in done.message


def test_an_editor_without_rights_on_the_index_is_refused(site_tree, make_staff):
    editor = make_staff(groups=[])
    Group.objects.get(name="Editors")  # the group exists; this editor is not in it

    done = import_document(read=read_ua(), user=editor)

    assert done.outcome == ImportOutcome.REFUSED
    assert not UrgentActionPage.objects.filter(sequence=168).exists()


def test_what_was_read_is_kept_to_be_imported_again(site_tree):
    read = read_ua()
    done = import_document(read=read)
    assert read_from_json(DocumentImport.objects.get(pk=done.pk).read) == read
    assert done.read == read_as_json(read) and done.fingerprint == fingerprint(read)


@pytest.mark.parametrize("language", ["es", "xx"])
def test_a_document_in_a_language_the_site_lacks_is_refused(site_tree, language):
    done = import_document(read=read_ua(language=language))
    assert done.outcome == ImportOutcome.REFUSED and not done.page_id
