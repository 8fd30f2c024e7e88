"""Letter packs: one PDF of the open urgent actions for a group's evening, built by a task.

Six cases (three open, three closed), a draft, and one pack of all open cases in English are built
once for this module; what a test adds is rolled back after it. "Today" is 3 March 2026 throughout.
"""

import datetime
import io
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pypdf
import pytest
from django.core.files.storage import default_storage

from cases import models as case_models
from cases.actions import DocumentText, OutcomeEntry, add_follow_up, create_urgent_action, translate_document
from cases.models import Target, Theme, UrgentActionPage
from letters import views
from letters.actions import build_letter_pack, delete_letter_pack, request_letter_pack
from letters.documents import pack_documents
from letters.models import LetterPack
from letters.tasks import build_letter_pack_task
from letters.tests.helpers import cache_control, in_order, page_text, soup_of, url
from members.actions import erase_member
from members.models import User
from tests.builders import SiteTree, build_site_tree, today_is, translated_snippet

TODAY = datetime.date(2026, 3, 3)


@pytest.fixture(scope="module", autouse=True)
def frozen_today():
    """Which cases are open, and the date on the cover, are those of 3 March 2026."""
    with today_is(TODAY):
        yield


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as soon as they are enqueued (after the request's commit), whatever the environment says."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# --- The cases ------------------------------------------------------------------------------------


@dataclass
class Cases:
    tree: SiteTree
    egypt: str  # ISO 3166 codes
    belarus: str
    torture: Theme
    death_penalty: Theme
    blogger: UrgentActionPage  # UA 31/26, Egypt, torture: open until 12 March
    unionist: UrgentActionPage  # UA 32/26, Belarus, torture: its follow-up FI 32/26-1 is open until 10 April
    death_sentence: UrgentActionPage  # UA 33/26, Belarus, death penalty: open until 30 April 2026


BLOGGER_LETTER = "I am writing about Karim Saeed, a blogger tortured in detention.\n\nPlease investigate his torture."
BLOGGER_LETTER_DE = (
    "ich schreibe Ihnen wegen Karim Saeed, der in Haft gefoltert wurde.\n\nBitte lassen Sie die Vorwürfe prüfen."
)
UNIONIST_LETTER = "I am concerned about Pavel Sokolov, a trade unionist.\n\nPlease ensure he sees a lawyer."
SENTENCED_LETTER = "Pavel Sokolov was sentenced to three years.\n\nPlease quash his conviction and release him."
DEATH_SENTENCE_LETTER = "I urge you to commute the death sentence of Ales Karpenka."


def open_case(tree: SiteTree, *, sequence: int, title: str, model_letter: str = "", **fields) -> UrgentActionPage:
    text = DocumentText(title=title, summary=f"News of {title.lower()}.", model_letter=model_letter)
    fields.setdefault("issue_date", datetime.date(2026, 2, 10))
    return create_urgent_action(index_page=tree.index_en, sequence=sequence, text=text, **fields)


@pytest.fixture(scope="module")
def shared_cases(module_db) -> Cases:
    tree = build_site_tree()
    egypt = "EG"
    belarus = "BY"
    torture = Theme.objects.create(name="Torture", slug="torture", locale=tree.en)
    translated_snippet(torture, tree.de, name="Folter")
    death_penalty = Theme.objects.create(name="Death penalty", slug="death-penalty", locale=tree.en)
    translated_snippet(death_penalty, tree.de, name="Todesstrafe")
    prosecutor = Target.objects.create(
        locale=tree.en,
        name="Hamada al-Sawy",
        title="Public Prosecutor",
        postal_address="Office of the Public Prosecutor\nMadinat al-Rehab\nCairo\nEgypt",
        salutation="Dear Counsellor",
    )
    translated_snippet(
        prosecutor, tree.de, title="Generalstaatsanwalt", salutation="Sehr geehrter Herr Generalstaatsanwalt"
    )
    minister = Target.objects.create(
        locale=tree.en,
        name="Ivan Kubrakov",
        title="Minister of Internal Affairs",
        postal_address="Gorodskoy Val 4\n220030 Minsk\nBelarus",
        salutation="Dear Minister",
    )
    judge = Target.objects.create(
        locale=tree.en,
        name="Olga Ivanova",
        title="Chair of the Minsk City Court",
        postal_address="Minsk City Court\nUlitsa Surganova 41\n220013 Minsk\nBelarus",
        salutation="Dear Judge",
    )

    blogger = open_case(
        tree,
        sequence=31,
        title="Blogger tortured in detention",
        model_letter=BLOGGER_LETTER,
        country=egypt,
        themes=[torture],
        appeal_deadline=datetime.date(2026, 3, 12),
        targets=[prosecutor],
        persons=["Karim Saeed"],
    )
    translate_document(
        document=blogger,
        locale=tree.de,
        text=DocumentText(
            title="Blogger in Haft gefoltert",
            summary="Karim Saeed wurde in Haft gefoltert.",
            model_letter=BLOGGER_LETTER_DE,
        ),
    )
    unionist = open_case(
        tree,
        sequence=32,
        title="Trade unionist arrested",
        model_letter=UNIONIST_LETTER,
        country=belarus,
        themes=[torture],
        issue_date=datetime.date(2026, 1, 20),
        appeal_deadline=datetime.date(2026, 3, 20),
        targets=[minister],
        persons=["Pavel Sokolov"],
    )
    add_follow_up(
        urgent_action=unionist,
        sequence=1,
        issue_date=datetime.date(2026, 2, 25),
        text=DocumentText(title="Trade unionist sentenced", summary="Three years.", model_letter=SENTENCED_LETTER),
        appeal_deadline=datetime.date(2026, 4, 10),
        targets=[judge],
    )
    death_sentence = open_case(
        tree,
        sequence=33,
        title="Death sentence upheld",
        model_letter=DEATH_SENTENCE_LETTER,
        country=belarus,
        themes=[death_penalty],
        appeal_deadline=datetime.date(2026, 4, 30),  # the latest: last in a pack
        targets=[minister],
        persons=["Ales Karpenka"],
    )

    # Closed in three ways, and a draft: none of them goes into a pack.
    open_case(
        tree,
        sequence=34,
        title="Deadline passed yesterday",
        country=egypt,
        appeal_deadline=TODAY - datetime.timedelta(days=1),
        persons=["A"],
    )
    open_case(
        tree,
        sequence=35,
        title="Closed early on release",
        country=belarus,
        appeal_deadline=datetime.date(2026, 5, 1),
        closed_date=datetime.date(2026, 3, 1),
        persons=["B"],
    )
    closed_by_news = open_case(
        tree,
        sequence=36,
        title="Open until June at first",
        country=egypt,
        themes=[torture],
        appeal_deadline=datetime.date(2026, 6, 1),
        persons=["C"],
    )
    add_follow_up(
        urgent_action=closed_by_news,
        sequence=1,
        issue_date=datetime.date(2026, 2, 28),
        text=DocumentText(title="Released on bail", summary="Released."),
        closed_date=datetime.date(2026, 2, 28),
        outcomes=[OutcomeEntry(kind=case_models.Outcome.RELEASED, date=datetime.date(2026, 2, 28))],
    )
    open_case(tree, sequence=37, title="Not yet published", country=egypt, publish=False, persons=["D"])
    return Cases(
        tree=tree,
        egypt=egypt,
        belarus=belarus,
        torture=torture,
        death_penalty=death_penalty,
        blogger=blogger,
        unionist=unionist,
        death_sentence=death_sentence,
    )


LEFT_OUT = [
    "Deadline passed yesterday",
    "Closed early on release",
    "Open until June at first",
    "Released on bail",
    "Not yet published",
]


@dataclass
class BuiltPack:
    pack: LetterPack
    content: bytes


@pytest.fixture(scope="module")
def shared_pack(shared_cases) -> BuiltPack:
    """All open cases, in English, as the task builds them."""
    member = User.objects.create_user("group@example.org", display_name="Local group Bonn")
    pack = build_letter_pack(request_letter_pack(member=member, language="en"))
    with pack.file.open("rb") as file:
        return BuiltPack(pack=pack, content=file.read())


@pytest.fixture
def cases(shared_cases, db) -> Cases:
    return shared_cases


@pytest.fixture
def english_pack(shared_pack, db) -> BuiltPack:
    return shared_pack


# --- Helpers --------------------------------------------------------------------------------------


def pdf_pages(content: bytes) -> list[str]:
    """Each page's text, one space between words."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def ask_for_pack(client, *, language: str = "en", **choices):
    """Send the pack form as a browser does: the page's CSRF token and the boxes ticked (none: all cases)."""
    form_page = client.get(url("letter_packs", language=language))
    token = soup_of(form_page).select_one("input[name=csrfmiddlewaretoken]")["value"]
    return client.post(url("letter_packs", language=language), {"csrfmiddlewaretoken": token, **choices})


def numbers(documents) -> list[str]:
    return [document.display_number for document in documents]


# --- What a pack holds ----------------------------------------------------------------------------


def test_the_cover_lists_the_open_cases_soonest_deadline_first(english_pack):
    cover = pdf_pages(english_pack.content)[0]

    assert in_order(
        cover,
        "Letter pack of 3 March 2026",
        "3 urgent actions, each with its model letter and the addresses to write to.",
        "Number Title Appeal deadline",
        "UA 31/26 Blogger tortured in detention 12 March 2026",
        "FI 32/26-1 Trade unionist sentenced 10 April 2026",
        "UA 33/26 Death sentence upheld 30 April 2026",
    ), cover


def test_each_open_case_follows_on_its_own_pages_with_its_model_letter_and_addresses(english_pack):
    pages = pdf_pages(english_pack.content)
    sheets = " ".join(pages[1:])

    assert [page.split()[:2] for page in pages[1:]] == [["UA", "31/26"], ["FI", "32/26-1"], ["UA", "33/26"]]
    assert in_order(
        sheets,
        "UA 31/26 Blogger tortured in detention",
        "Please send appeals before 12 March 2026.",
        "Hamada al-Sawy Public Prosecutor Office of the Public Prosecutor Madinat al-Rehab Cairo Egypt",
        "Salutation: Dear Counsellor",
        "Model letter I am writing about Karim Saeed, a blogger tortured in detention. Please investigate his torture.",
        "FI 32/26-1 Trade unionist sentenced",
        "Please send appeals before 10 April 2026.",
        "Olga Ivanova Chair of the Minsk City Court Minsk City Court Ulitsa Surganova 41 220013 Minsk Belarus",
        "Salutation: Dear Judge",
        "Model letter Pavel Sokolov was sentenced to three years. Please quash his conviction and release him.",
        "UA 33/26 Death sentence upheld",
        "Ivan Kubrakov Minister of Internal Affairs Gorodskoy Val 4 220030 Minsk Belarus",
        "Model letter I urge you to commute the death sentence of Ales Karpenka.",
    ), sheets


def test_a_case_with_a_follow_up_is_in_the_pack_as_its_newest_document(english_pack):
    text = " ".join(pdf_pages(english_pack.content))

    assert "Trade unionist sentenced" in text
    assert "UA 32/26" not in text
    assert "Trade unionist arrested" not in text
    assert "Please ensure he sees a lawyer." not in text


def test_closed_and_unpublished_cases_are_left_out_of_the_pack(english_pack):
    text = " ".join(pdf_pages(english_pack.content))

    for title in LEFT_OUT:
        assert title not in text
    assert english_pack.pack.documents_total == 3


@pytest.mark.parametrize(
    ("countries", "themes", "expected"),
    [
        ([], [], ["UA 31/26", "FI 32/26-1", "UA 33/26"]),
        (["belarus"], [], ["FI 32/26-1", "UA 33/26"]),
        (["egypt"], [], ["UA 31/26"]),
        (["egypt", "belarus"], [], ["UA 31/26", "FI 32/26-1", "UA 33/26"]),
        ([], ["torture"], ["UA 31/26", "FI 32/26-1"]),
        ([], ["torture", "death_penalty"], ["UA 31/26", "FI 32/26-1", "UA 33/26"]),
        (["belarus"], ["death_penalty"], ["UA 33/26"]),
        (["egypt"], ["death_penalty"], []),
    ],
    ids=[
        "all",
        "Belarus",
        "Egypt",
        "Egypt or Belarus",
        "torture",
        "torture or death penalty",
        "Belarus and death penalty",
        "Egypt and death penalty: none",
    ],
)
def test_a_pack_of_some_countries_and_themes_holds_only_their_open_cases(cases, countries, themes, expected):
    chosen = pack_documents(
        language="en",
        countries=[getattr(cases, name) for name in countries],
        themes=[getattr(cases, name) for name in themes],
    )

    assert numbers(chosen) == expected


def test_a_german_pack_chosen_by_country_and_theme_has_the_german_text_where_there_is_one(cases):
    torture_de = Theme.objects.get(translation_key=cases.torture.translation_key, locale=cases.tree.de)

    chosen = pack_documents(language="de", themes=[torture_de])
    in_belarus = pack_documents(language="de", countries=[cases.belarus])

    assert numbers(chosen) == ["UA 31/26", "FI 32/26-1"]
    assert [document.title for document in chosen] == ["Blogger in Haft gefoltert", "Trade unionist sentenced"]
    assert numbers(in_belarus) == ["FI 32/26-1", "UA 33/26"]


# --- Asking for a pack, following it, downloading it --------------------------------------------------


@pytest.fixture
def member(make_member) -> User:
    return make_member("lena.fischer@example.org", display_name="Lena Fischer")


@pytest.fixture
def other_member(make_member) -> User:
    return make_member("jonas.weber@example.org", display_name="Jonas Weber")


def test_a_member_asks_for_a_german_pack_of_one_country_and_it_ends_ready(
    client, cases, member, immediate_tasks, django_capture_on_commit_callbacks
):
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = ask_for_pack(client, language="de", countries=[cases.belarus])

    pack = LetterPack.objects.get(member=member)
    assert response.status_code == 302
    assert response["Location"] == url("letter_pack", pack.pk, language="de")
    assert pack.state == LetterPack.State.READY
    assert pack.language == "de"
    assert [country.code for country in pack.countries] == [cases.belarus]
    assert (pack.documents_total, pack.documents_done) == (2, 2)
    assert pack.finished_at is not None
    with pack.file.open("rb") as file:
        pages = pdf_pages(file.read())
    assert in_order(
        pages[0],
        "Briefpaket vom 3. März 2026",
        "Nummer Titel Frist für Appelle",
        "FI 32/26-1 Trade unionist sentenced 10. April 2026",
        "UA 33/26 Death sentence upheld",
    ), pages[0]
    assert "Blogger" not in " ".join(pages)
    page = client.get(response["Location"])
    assert 'http-equiv="refresh"' not in page.content.decode()
    assert soup_of(page).select_one("progress") is None
    assert soup_of(page).select_one(f'a[href="{url("letter_pack_download", pack.pk, language="de")}"]') is not None
    assert "2 Urgent Actions, druckfertig." in page_text(page)


def test_only_the_member_who_asked_for_a_pack_can_download_it(client, english_pack, other_member):
    pack = english_pack.pack
    download_url = url("letter_pack_download", pack.pk)
    client.force_login(pack.member)

    response = client.get(download_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    filename = f"letter-pack-{pack.created_at:%Y-%m-%d}-{pack.pk}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert {"private", "no-store"} <= cache_control(response)
    assert b"".join(response.streaming_content) == english_pack.content
    client.force_login(other_member)
    assert client.get(download_url).status_code == 404
    assert client.get(url("letter_pack", pack.pk)).status_code == 404


def test_letter_packs_are_for_members_only(client, english_pack):
    for address in (
        url("letter_packs"),
        url("letter_pack", english_pack.pack.pk),
        url("letter_pack_download", english_pack.pack.pk),
    ):
        response = client.get(address)

        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == url("account_login")
    assert client.post(url("letter_packs")).status_code == 302
    assert list(LetterPack.objects.all()) == [english_pack.pack]


def test_the_file_of_a_pack_has_a_name_no_one_can_guess(english_pack):
    name = english_pack.pack.file.name

    assert re.fullmatch(r"letter-packs/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", name), name


def test_building_a_ready_pack_again_changes_nothing(english_pack):
    pack = english_pack.pack

    build_letter_pack(LetterPack.objects.get(pk=pack.pk))
    build_letter_pack_task.call(pack.pk)

    again = LetterPack.objects.get(pk=pack.pk)
    assert again.file.name == pack.file.name
    assert again.finished_at == pack.finished_at
    assert (again.state, again.documents_total, again.documents_done) == (LetterPack.State.READY, 3, 3)
    with again.file.open("rb") as file:
        assert file.read() == english_pack.content


def test_the_task_leaves_a_pack_deleted_meanwhile_alone(cases, member):
    pack = request_letter_pack(member=member, language="en")
    delete_letter_pack(pack=pack)

    build_letter_pack_task.call(pack.pk)

    assert not LetterPack.objects.filter(member=member).exists()


def test_a_pack_without_open_cases_is_ready_with_a_cover_that_says_so_and_its_file_goes_with_it(cases, member):
    pack = build_letter_pack(
        request_letter_pack(member=member, language="en", countries=[cases.egypt], themes=[cases.death_penalty])
    )

    assert (pack.state, pack.documents_total, pack.documents_done) == (LetterPack.State.READY, 0, 0)
    with pack.file.open("rb") as file:
        pages = pdf_pages(file.read())
    assert len(pages) == 1
    assert "0 urgent actions" in pages[0]
    name = pack.file.name

    delete_letter_pack(pack=pack)

    assert not default_storage.exists(name)
    assert not LetterPack.objects.filter(pk=pack.pk).exists()


def test_a_pack_being_prepared_reloads_its_page_and_shows_its_progress(client, cases, member):
    pack = request_letter_pack(member=member, language="en")  # not committed: the task has not started
    client.force_login(member)

    queued = client.get(url("letter_pack", pack.pk))

    assert soup_of(queued).select_one('meta[http-equiv="refresh"]')["content"] == "3"
    assert soup_of(queued).select_one("progress")["value"] == "0"
    assert "Waiting to start" in page_text(queued)
    assert {"private", "no-store"} <= cache_control(queued)
    assert client.get(url("letter_pack_download", pack.pk)).status_code == 404

    # As the task records it after the cover and one of four cases.
    LetterPack.objects.filter(pk=pack.pk).update(state=LetterPack.State.RUNNING, documents_total=4, documents_done=1)
    running = client.get(url("letter_pack", pack.pk))

    assert soup_of(running).select_one('meta[http-equiv="refresh"]') is not None
    assert soup_of(running).select_one("progress")["value"] == "25"
    assert "1 of 4 urgent actions prepared." in page_text(running)
    assert client.get(url("letter_pack_download", pack.pk)).status_code == 404


def test_a_pack_that_cannot_be_laid_out_is_marked_failed_and_says_so(
    client, cases, member, monkeypatch, immediate_tasks, django_capture_on_commit_callbacks
):
    def no_pango(*args, **kwargs):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr("weasyprint.HTML.render", no_pango)
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = ask_for_pack(client)

    pack = LetterPack.objects.get(member=member)
    assert pack.state == LetterPack.State.FAILED
    assert pack.finished_at is not None
    assert not pack.file
    page = client.get(response["Location"])
    assert "The letter pack could not be prepared." in page_text(page)
    assert soup_of(page).select_one('meta[http-equiv="refresh"]') is None
    assert client.get(url("letter_pack_download", pack.pk)).status_code == 404


def test_a_member_asking_for_too_many_packs_in_an_hour_is_refused(client, cases, member, other_member, monkeypatch):
    monkeypatch.setattr(views, "PACKS_PER_HOUR", 2)
    client.force_login(member)

    first = ask_for_pack(client)
    second = ask_for_pack(client)
    refused = ask_for_pack(client)

    assert (first.status_code, second.status_code, refused.status_code) == (302, 302, 400)
    assert "You asked for many letter packs in the last hour. Please wait a little." in page_text(refused)
    assert LetterPack.objects.filter(member=member).count() == 2
    # The limit is each member's own.
    client.force_login(other_member)
    assert ask_for_pack(client).status_code == 302


def labels(response, name: str) -> list[str]:
    """The labels of the form's checkboxes called `name`, in the order shown."""
    return [box.parent.get_text(" ", strip=True) for box in soup_of(response).select(f"input[name={name}]")]


def test_the_packs_page_offers_the_countries_and_themes_of_its_language(client, cases, member):
    client.force_login(member)

    german = client.get(url("letter_packs", language="de"))
    english = client.get(url("letter_packs"))

    assert set(labels(german, "countries")) == {"Ägypten", "Belarus"}
    assert set(labels(german, "themes")) == {"Folter", "Todesstrafe"}
    assert labels(english, "countries") == ["Belarus", "Egypt"]
    assert labels(english, "themes") == ["Death penalty", "Torture"]
    assert {"private", "no-store"} <= cache_control(english)


def test_the_german_packs_page_lists_the_countries_alphabetically(client, cases, member):
    client.force_login(member)

    response = client.get(url("letter_packs", language="de"))

    assert labels(response, "countries") == ["Ägypten", "Belarus"]


def test_the_packs_page_lists_my_packs_with_their_choices_and_nobody_elses(client, cases, member, other_member):
    mine = request_letter_pack(member=member, language="en", countries=[cases.belarus], themes=[cases.torture])
    all_cases = request_letter_pack(member=member, language="en")
    theirs = request_letter_pack(member=other_member, language="en")
    client.force_login(member)

    response = client.get(url("letter_packs"))

    listed = soup_of(response).select_one('section[aria-labelledby="packs-heading"]')
    links = {link["href"] for link in listed.select("a[href]")}
    assert links == {url("letter_pack", mine.pk), url("letter_pack", all_cases.pk)}
    assert url("letter_pack", theirs.pk) not in response.content.decode()
    assert "Belarus; Torture" in " ".join(listed.get_text(" ").split())


def test_erasing_a_member_deletes_their_packs_and_the_files(cases, member):
    pack = build_letter_pack(request_letter_pack(member=member, language="en"))
    name = pack.file.name
    assert default_storage.exists(name)

    erase_member(member=member)

    assert not LetterPack.objects.filter(pk=pack.pk).exists()
    assert not default_storage.exists(name)


def test_a_member_deletes_a_ready_pack_with_its_file_and_nobody_elses(client, cases, member, other_member):
    pack = build_letter_pack(request_letter_pack(member=member, language="en"))
    theirs = request_letter_pack(member=other_member, language="en")
    name = pack.file.name
    client.force_login(member)

    assert "Delete this letter pack" in page_text(client.get(url("letter_pack", pack.pk)))
    assert client.post(url("letter_pack_delete", theirs.pk)).status_code == 404
    assert client.get(url("letter_pack_delete", pack.pk)).status_code == 405
    response = client.post(url("letter_pack_delete", pack.pk), follow=True)

    assert response.redirect_chain[-1][0] == url("letter_packs")
    assert "The letter pack was deleted." in page_text(response)
    assert not LetterPack.objects.filter(pk=pack.pk).exists()
    assert not default_storage.exists(name)
    assert LetterPack.objects.filter(pk=theirs.pk).exists()
