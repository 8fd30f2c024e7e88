import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from cases.actions import DocumentText, add_follow_up, create_urgent_action
from cases.models import (
    DocumentTarget,
    FollowUpKind,
    Gender,
    PersonAtRisk,
    Target,
    TargetRole,
    TargetSalutation,
    Theme,
    today,
)
from tests.builders import build_follow_up, build_reissued_case

FI_DE = "/de/urgent-actions/2012/06/168-12/168-12-1/"
FI_EN = "/en/urgent-actions/2012/06/168-12/168-12-1/"
UA_DE = "/de/urgent-actions/2012/06/168-12/"


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text().split())


def page_text(response) -> str:
    """What a reader sees, one space between words, tags gone."""
    return " ".join(soup_of(response).get_text(" ").split())


def texts(response, selector: str) -> list[str]:
    return [text_of(element) for element in soup_of(response).select(selector)]


def links(response, selector: str) -> list[tuple[str, str]]:
    return [(text_of(a), a["href"]) for a in soup_of(response).select(selector)]


def case_titles(response) -> list[str]:
    return texts(response, ".case-card__title")


# The reference case and three more are built once for this module; each test's own additions
# are rolled back after it.


@pytest.fixture(scope="module")
def listed_cases(shared_reference_case):
    """Besides the reference case (closed, Azerbaijan): two open cases and one closed in Belarus."""
    tree, _reference = shared_reference_case
    belarus = "BY"
    torture = Theme.objects.create(name="Torture", slug="torture", locale=tree.en)
    return {
        "closed_recent": tree.add_case(
            sequence=5,
            issue_date=datetime.date(2020, 3, 1),
            appeal_deadline=datetime.date(2020, 4, 12),
            title="Closed in 2020",
            country=belarus,
            themes=[torture],
        ),
        "open_later": tree.add_case(
            sequence=9,
            issue_date=today() - datetime.timedelta(days=1),
            appeal_deadline=today() + datetime.timedelta(days=30),
            title="Open for a month",
            country=belarus,
        ),
        "open_soon": tree.add_case(
            sequence=8,
            issue_date=today() - datetime.timedelta(days=20),
            appeal_deadline=today() + datetime.timedelta(days=10),
            title="Open for ten days",
        ),
    }


@pytest.fixture
def site_tree(shared_reference_case, listed_cases, db):
    return shared_reference_case[0]


@pytest.fixture
def reference_case(shared_reference_case, listed_cases, db):
    return shared_reference_case[1]


# --- The reference follow-up ------------------------------------------------------------------


def test_reference_follow_up_is_served_at_its_dated_address_in_german_and_english(client, reference_case):
    german = client.get(FI_DE)
    english = client.get(FI_EN)

    assert "Neue Anklage gegen gewaltlosen politischen Gefangenen" in page_text(german)
    assert "New charges against prisoner of conscience" in page_text(english)
    assert reference_case.fi_en.url == FI_EN
    assert reference_case.fi_de.url == FI_DE


def test_follow_up_page_shows_number_ai_index_issue_date_and_title(client, reference_case):
    text = page_text(client.get(FI_EN))

    assert "FI 168/12-1" in text
    assert "EUR 55/9651/2019" in text
    assert "9 January 2019" in text
    assert texts(client.get(FI_EN), "h1") == ["New charges against prisoner of conscience"]


def test_the_page_names_each_person_at_risk_with_what_the_document_says_of_them(client, make_case):
    case = make_case(
        sequence=4,
        persons=[
            PersonAtRisk(name="Rosa Ramírez", gender=Gender.WOMAN, age=51, occupation="doctor"),
            PersonAtRisk(name="Pavel Sokolov", age=1),
            PersonAtRisk(name="Olga Sokolova"),
        ],
    )

    assert texts(client.get(case.url), ".persons li") == [
        "Rosa Ramírez (woman, 51 years old, doctor)",
        "Pavel Sokolov (1 year old)",
        "Olga Sokolova",
    ]


def test_german_interface_writes_dates_the_german_way(client, reference_case):
    text = page_text(client.get(FI_DE))

    assert "20. Februar 2019" in text
    assert "9. Januar 2019" in text


def test_closed_follow_up_says_when_it_closed(client, reference_case):
    assert "Closed on 20 February 2019" in page_text(client.get(FI_EN))


def test_german_interface_says_abgeschlossen_am_for_a_closed_follow_up(client, reference_case):
    assert "Abgeschlossen am 20. Februar 2019" in page_text(client.get(FI_DE))


def test_open_document_says_until_when_to_write(client, make_case):
    deadline = today() + datetime.timedelta(days=30)
    case = make_case(sequence=3, appeal_deadline=deadline)

    text = page_text(client.get(case.url))

    assert f"Open until {deadline.day} {deadline:%B %Y}" in text


def test_archive_document_shows_its_issue_date_and_claims_neither_open_nor_closed(client, site_tree):
    archive = create_urgent_action(
        index_page=site_tree.index_en,
        sequence=4,
        issue_date=datetime.date(2012, 6, 4),
        text=DocumentText(title="Entered for the record", summary="Old.", take_action="<p>Write to the minister.</p>"),
        persons=["Amina Karimova"],
    )

    response = client.get(archive.url)

    assert texts(response, "#take-action-heading") == ["Take action"]
    (status,) = soup_of(response).select(".case-header__meta .status")
    assert text_of(status) == "Issued on 4 June 2012"
    assert status["class"] == ["status", "status--archive"]
    assert not soup_of(response).select(".status--open, .status--closed, .take-action__deadline")
    text = page_text(response)
    assert "Open until" not in text
    assert "closed on" not in text.lower()


def test_german_archive_document_says_when_it_was_issued(client, site_tree, make_case):
    archive = make_case(sequence=4, issue_date=datetime.date(2012, 6, 4))

    response = client.get(archive.get_translation(site_tree.de).url)

    assert texts(response, ".case-header__meta .status") == ["Veröffentlicht am 4. Juni 2012"]


def test_dated_updates_are_shown_newest_first(client, reference_case):
    # The outcome recorded on the day (its kind in the interface's language) before the update of that day.
    assert texts(client.get(FI_EN), ".update__title") == [
        "04.03.2019: Released: Mehman Huseynov",
        "04.03.2019: Released",
        "22.01.2019: Latest",
    ]
    assert texts(client.get(FI_DE), ".update__title") == [
        "04.03.2019: Freigelassen: Mehman Huseynov",
        "04.03.2019: Freigelassen",
        "22.01.2019: Neuigkeiten",
    ]
    assert "Released on 2 March." in page_text(client.get(FI_EN))


def test_follow_up_page_shows_summary_background_and_what_to_ask_for(client, reference_case):
    text = page_text(client.get(FI_EN))

    assert "On 26 December 2018 the authorities brought a new criminal charge against Mehman Huseynov." in text
    assert "Mehman Huseynov is a popular journalist and blogger in Azerbaijan." in text
    assert "Please write, calling for his immediate and unconditional release." in text
    assert "Mehman Huseynov (man, journalist and blogger)" in texts(client.get(FI_EN), ".facts dd")


def test_follow_up_page_lists_whom_to_write_to_with_address_salutation_email_and_fax(client, reference_case):
    response = client.get(FI_EN)
    text = page_text(response)

    assert "Kamran Aliyev" in text
    assert "Prosecutor General of the Republic of Azerbaijan" in text
    [address] = soup_of(response).select(".target address")
    assert address.get_text("\n").splitlines() == [
        "Prosecutor General's Office",
        "7 Nigar Rafibeyli Street",
        "Baku AZ1001",
        "Azerbaijan",
    ]
    assert "Dear Prosecutor General" in text
    assert ("prosecutor-general@example.org", "mailto:prosecutor-general@example.org") in links(response, "a")
    assert "+994 12 000 00 01" in text


def test_follow_up_page_offers_the_word_document_with_its_language(client, reference_case):
    response = client.get(FI_EN)
    [(label, href)] = [(label, href) for label, href in links(response, "a") if href.startswith("/documents/")]

    assert label == "FI 168/12-1 English (original)"
    assert "Microsoft Word Document" in page_text(response)
    download = client.get(href)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")  # a .docx is a zip archive


def test_more_on_this_topic_links_the_background_page_and_cases_of_the_same_country(client, reference_case, make_case):
    other = make_case(
        sequence=40, issue_date=datetime.date(2013, 2, 1), title="Blogger detained", country=reference_case.country
    )
    unrelated = make_case(sequence=41, issue_date=datetime.date(2013, 2, 2), title="Unrelated case")

    related = links(client.get(FI_EN), ".related a")

    assert ("Human rights basics", "/en/human-rights-basics/") in related
    assert ("UA 40/13 Blogger detained", other.url) in related
    assert unrelated.url not in [href for _label, href in related]
    assert reference_case.ua_en.url not in [href for _label, href in related]


def test_breadcrumbs_lead_from_home_through_year_and_month_to_the_follow_up(client, reference_case):
    crumbs = links(client.get(FI_DE), ".breadcrumbs a")

    assert [href for _label, href in crumbs] == [
        "/de/",
        "/de/urgent-actions/",
        "/de/urgent-actions/2012/",
        "/de/urgent-actions/2012/06/",
        UA_DE,
        FI_DE,
    ]
    assert [label for label, _href in crumbs] == [
        "Startseite",
        "Eilaktionen",
        "2012",
        "06",
        "Aserbaidschanischer Aktivist: Anklage muss fallengelassen werden",
        "Neue Anklage gegen gewaltlosen politischen Gefangenen",
    ]
    for _label, href in crumbs:
        assert client.get(href).status_code == 200, href


def test_year_archive_lists_the_case(client, reference_case):
    response = client.get("/de/urgent-actions/2012/")

    assert "Aserbaidschanischer Aktivist: Anklage muss fallengelassen werden" in case_titles(response)
    assert ("Aserbaidschanischer Aktivist: Anklage muss fallengelassen werden", UA_DE) in links(
        response, ".case-card__title a"
    )


def test_month_archive_lists_the_case_and_only_that_month(client, reference_case, make_case):
    make_case(sequence=170, issue_date=datetime.date(2012, 7, 2), title="A July case")

    june = case_titles(client.get("/en/urgent-actions/2012/06/"))

    assert june == ["Azeri activist: charges must be dropped"]
    assert case_titles(client.get("/en/urgent-actions/2012/07/")) == ["A July case"]


@pytest.mark.parametrize(
    "path",
    [
        "/de/urgent-actions/2012/07/168-12/",
        "/de/urgent-actions/2013/06/168-12/",
        "/de/urgent-actions/2012/07/168-12/168-12-1/",
        "/de/urgent-actions/2012/06/999-12/",
        "/de/urgent-actions/2011/",
        "/de/urgent-actions/2012/13/",
    ],
)
def test_wrong_year_month_or_number_is_not_found(client, reference_case, path):
    assert client.get(path).status_code == 404


def test_undated_address_redirects_permanently_to_the_dated_one(client, reference_case):
    response = client.get("/de/urgent-actions/168-12/")

    assert response.status_code == 301
    assert response["Location"] == UA_DE


def test_an_unpublished_follow_up_is_not_served_to_visitors(client, make_case):
    case = make_case(sequence=12, issue_date=datetime.date(2012, 3, 1), appeal_deadline=datetime.date(2012, 4, 1))
    draft = add_follow_up(
        urgent_action=case,
        sequence=1,
        issue_date=datetime.date(2019, 1, 9),
        text=DocumentText(title="Draft follow-up", summary="Not yet published."),
        publish=False,
    )

    assert client.get("/en/urgent-actions/2012/03/12-12/12-12-1/").status_code == 404
    assert "Draft follow-up" not in page_text(client.get(case.url))
    assert draft.live is False


# --- Languages ---------------------------------------------------------------------------------


def test_document_links_to_each_language_it_is_written_in_within_the_same_interface(client, reference_case):
    languages = links(client.get(FI_DE), ".content-languages a")

    assert languages == [("Deutsch", FI_DE), ("English", f"{FI_DE}?ua_language=en")]


def test_the_content_language_changes_the_text_and_keeps_the_interface_language(client, reference_case):
    response = client.get(FI_DE, {"ua_language": "en"})

    assert texts(response, "h1") == ["New charges against prisoner of conscience"]
    soup = soup_of(response)
    assert soup.html["lang"] == "de"
    assert soup.select_one("article")["lang"] == "en"
    assert [href for _label, href in links(response, ".breadcrumbs a")] == [
        "/de/",
        "/de/urgent-actions/",
        "/de/urgent-actions/2012/",
        "/de/urgent-actions/2012/06/",
        UA_DE,
        FI_DE,
    ]
    assert soup.select_one('.content-languages a[aria-current="true"]').get_text() == "English"


def test_an_unknown_content_language_shows_the_document_as_it_is(client, reference_case):
    response = client.get(FI_DE, {"ua_language": "xx"})

    assert texts(response, "h1") == ["Neue Anklage gegen gewaltlosen politischen Gefangenen"]


def test_untranslated_language_shows_the_english_text_and_points_to_the_written_languages(client, reference_case):
    fi_fr = "/fr/urgent-actions/2012/06/168-12/168-12-1/"
    response = client.get(fi_fr)

    assert texts(response, "h1") == ["New charges against prisoner of conscience"]
    assert [href for _label, href in links(response, ".content-languages a")] == [f"{fi_fr}?ua_language=de", fi_fr]


def test_language_switcher_keeps_the_chosen_content_language(client, reference_case):
    switcher = dict(links(client.get(FI_DE, {"ua_language": "en"}), ".language-switcher a"))

    assert switcher["EN English"] == f"{FI_EN}?ua_language=en"
    assert switcher["FR Français"] == "/fr/urgent-actions/2012/06/168-12/168-12-1/?ua_language=en"


def test_language_switcher_keeps_the_visitor_on_the_same_document(client, reference_case):
    switcher = dict(links(client.get(FI_DE), ".language-switcher a"))

    assert switcher["EN English"] == FI_EN
    assert texts(client.get(switcher["EN English"]), "h1") == ["New charges against prisoner of conscience"]


def test_language_switcher_keeps_the_visitor_in_the_same_archive_month(client, reference_case):
    switcher = dict(links(client.get("/de/urgent-actions/2012/06/"), ".language-switcher a"))

    assert switcher["EN English"] == "/en/urgent-actions/2012/06/"


# --- The index ---------------------------------------------------------------------------------


def test_index_lists_open_cases_soonest_deadline_first_then_closed_cases_newest_first(client, reference_case):
    assert case_titles(client.get("/en/urgent-actions/")) == [
        "Open for ten days",
        "Open for a month",
        "Closed in 2020",
        "Azeri activist: charges must be dropped",
    ]


def test_index_filters_by_country(client, reference_case):
    assert case_titles(client.get("/en/urgent-actions/?country=BY")) == ["Open for a month", "Closed in 2020"]
    assert case_titles(client.get("/en/urgent-actions/?country=AZ")) == ["Azeri activist: charges must be dropped"]


def test_index_filters_by_theme(client, reference_case):
    assert case_titles(client.get("/en/urgent-actions/?theme=torture")) == ["Closed in 2020"]
    assert case_titles(client.get("/en/urgent-actions/?theme=freedom-of-expression")) == [
        "Azeri activist: charges must be dropped"
    ]


def test_index_filters_by_status(client, reference_case):
    assert case_titles(client.get("/en/urgent-actions/?status=open")) == ["Open for ten days", "Open for a month"]
    assert case_titles(client.get("/en/urgent-actions/?status=closed")) == [
        "Closed in 2020",
        "Azeri activist: charges must be dropped",
    ]


def test_index_lists_an_archive_case_with_its_issue_date_among_the_closed_and_calls_it_neither(
    client, reference_case, make_case
):
    make_case(sequence=4, issue_date=datetime.date(2012, 6, 4), title="Entered for the record")

    closed = client.get("/en/urgent-actions/?status=closed")

    assert "Entered for the record" in case_titles(closed)
    assert "Entered for the record" not in case_titles(client.get("/en/urgent-actions/?status=open"))
    (card,) = [card for card in soup_of(closed).select(".case-card") if "Entered for the record" in text_of(card)]
    assert not card.select(".status")
    assert "Issued on 4 June 2012" in text_of(card)


def test_german_index_filters_by_the_same_country_codes(client, reference_case):
    assert case_titles(client.get("/de/urgent-actions/?country=AZ")) == [
        "Aserbaidschanischer Aktivist: Anklage muss fallengelassen werden"
    ]


@pytest.mark.parametrize("query", ["country=XX", "theme=no-such-theme", "status=maybe", "page=abc", "page=99"])
def test_index_answers_a_bad_filter_with_a_message_not_an_error(client, reference_case, query):
    response = client.get(f"/en/urgent-actions/?{query}")

    assert response.status_code == 200
    if not query.startswith("page"):
        assert texts(response, ".form-error")
    assert len(case_titles(response)) == 4


def test_index_page_queries_do_not_grow_with_the_number_of_cases(
    client, reference_case, make_case, django_assert_max_num_queries
):
    for sequence in range(1, 22):  # 25 cases with the four of this module
        make_case(
            sequence=sequence,
            issue_date=datetime.date(2015 + sequence % 5, 1 + sequence % 12, 1),
            appeal_deadline=today() + datetime.timedelta(days=sequence) if sequence % 2 else None,
            country=reference_case.country,
            themes=[reference_case.theme],
        )

    # 17 queries with 20 cards on the page; one more query per card would make it 37.
    with django_assert_max_num_queries(17):
        response = client.get("/en/urgent-actions/")

    assert len(case_titles(response)) == 20


def test_a_re_issued_urgent_action_is_numbered_as_issued_and_links_the_previous_document(client, site_tree):
    case, second, further = build_reissued_case(site_tree)

    english, german = client.get(second.url), client.get(second.url.replace("/en/", "/de/"))

    assert texts(english, ".case-header__meta .doc-number") == ["2nd UA 85/22"]
    assert texts(german, ".case-header__meta .doc-number") == ["2. UA 85/22"]
    assert "061/2022" in texts(english, ".facts dd")
    assert texts(english, ".previous-document") == ["UA 85/22 (043/2022)"]
    assert texts(client.get(further.url), ".previous-document") == ["2nd UA 85/22 (061/2022)"]
    assert texts(client.get(case.url), ".previous-document") == []
    assert second.url.endswith("/2022/03/85-22/85-22-1/")


def test_a_re_issued_urgent_action_must_say_which_time_it_is_issued(make_case):
    case = make_case(sequence=85)
    with pytest.raises(ValidationError) as refused:
        build_follow_up(case, kind=FollowUpKind.REISSUED, title="Lawyer sentenced")
    assert "ordinal" in refused.value.message_dict


@pytest.fixture
def honduras(site_tree, make_case):
    """A Honduras UA: write to the Spanish-speaking minister, send a copy to the embassy."""
    minister = Target.objects.create(
        locale=site_tree.en, name="Rolando Argueta", title="Minister of Security",
        postal_address="Secretaría de Seguridad\nTegucigalpa\nHonduras", email="ministro@example.org",
        phone="+504 2220 0000", social_media="@SeguridadHN", salutation="Dear Minister", preferred_languages="es, en",
    )  # fmt: skip
    TargetSalutation.objects.create(target=minister, language="es", salutation="Estimado Señor Ministro")
    embassy = Target.objects.create(
        locale=site_tree.en, name="Embassy of Honduras", postal_address="Cuxhavener Str. 14\n10555 Berlin",
        salutation="Your Excellency",
    )  # fmt: skip
    case = make_case(sequence=40, appeal_deadline=today() + datetime.timedelta(days=20))
    document_targets = [DocumentTarget(target=minister), DocumentTarget(target=embassy, role=TargetRole.COPY_TO)]
    return edit_and_publish(case, targets=document_targets, appeal_languages="es, en")


def edit_and_publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_the_page_keeps_whom_to_write_to_apart_from_whom_to_send_copies(client, honduras):
    response = client.get(honduras.url)
    soup = BeautifulSoup(response.content, "html.parser")
    write_to, copies = soup.select(".take-action .targets")

    assert [name.get_text() for name in write_to.select(".target__name")] == ["Rolando Argueta"]
    assert [name.get_text() for name in copies.select(".target__name")] == ["Embassy of Honduras"]
    assert texts(response, ".take-action h3") == ["Write to", "Send copies to"]
    minister = " ".join(write_to.get_text(" ").split())
    shown = [
        "Salutation Dear Minister",
        "Salutation in Spanish Estimado Señor Ministro",
        "Languages Spanish, English",
        "Phone +504 2220 0000",
        "Social media @SeguridadHN",
        "ministro@example.org",
    ]
    assert [line for line in shown if line not in minister] == []
    assert write_to.select_one("[lang=es]").get_text() == "Estimado Señor Ministro"
    assert texts(response, ".appeal-languages") == ["Write in one of these languages: Spanish, English."]
    german = client.get(honduras.url.replace("/en/", "/de/"))
    assert "Spanisch" in texts(german, ".appeal-languages")[0]
