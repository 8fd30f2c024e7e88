"""The open JSON API (/api/v1/): cases, documents, countries, themes, outcomes, targets, counters."""

import datetime

import pytest

from cases.models import DocumentTarget, FollowUpKind, Outcome, Target, TargetRole, TargetSalutation, Theme, today
from tests.builders import build_follow_up, translated_snippet
from urgentactions.api import api


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Absolute addresses come from SITE_URL (issue 14); here it is the test client's host."""
    settings.SITE_URL = "http://testserver"


pytestmark = pytest.mark.django_db

FI_KEY_FIELDS = {"key", "number", "title", "issue_date", "status", "url", "kind", "language", "updates", "targets"}


def get(client, url: str, **headers):
    response = client.get(f"/api/v1{url}", headers=headers)
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def test_cases_are_listed_newest_first_with_pagination_in_the_language_asked(client, reference_case, make_case):
    make_case(sequence=12, title="Trade unionist tortured", appeal_deadline=today() + datetime.timedelta(days=9))
    english = get(client, "/cases?language=en").json()
    assert english["count"] == 2
    assert [case["number"] for case in english["items"]] == ["UA 12/26", "UA 168/12"]
    reference = english["items"][1]
    assert reference["title"] == "Azeri activist: charges must be dropped"
    assert reference["country"] == {"code": "AZ", "name": "Azerbaijan"}
    assert reference["themes"] == [{"slug": "freedom-of-expression", "name": "Freedom of expression"}]
    assert reference["persons_at_risk"] == ["Mehman Huseynov"]
    assert reference["persons"] == [
        {"name": "Mehman Huseynov", "gender": "man", "age": None, "occupation": "journalist and blogger"}
    ]
    # The newest outcome over the case's documents: released, on the follow-up.
    assert (reference["outcome"], reference["outcome_date"]) == (Outcome.RELEASED, "2019-03-04")
    assert [document["number"] for document in reference["documents"]] == ["UA 168/12", "FI 168/12-1"]
    assert reference["url"] == "http://testserver/en/urgent-actions/2012/06/168-12/"

    german = get(client, "/cases?language=de").json()
    titles = {case["number"]: case["title"] for case in german["items"]}
    assert titles["UA 168/12"] == "Aserbaidschanischer Aktivist: Anklage muss fallengelassen werden"
    assert {case["number"]: case["language"] for case in german["items"]} == {"UA 168/12": "de", "UA 12/26": "en"}

    first_page = get(client, "/cases?language=en&page=2").json()
    assert first_page["items"] == []


def test_cases_filter_by_country_theme_status_outcome_and_year(client, reference_case, site_tree, make_case):
    belarus = "BY"
    torture = Theme.objects.create(name="Torture", slug="torture", locale=site_tree.en)
    make_case(sequence=12, country=belarus, themes=[torture], appeal_deadline=today() + datetime.timedelta(days=9))

    def numbers(query: str) -> list[str]:
        return [case["number"] for case in get(client, f"/cases?language=en&{query}").json()["items"]]

    assert numbers("country=by") == ["UA 12/26"]
    assert numbers("theme=freedom-of-expression") == ["UA 168/12"]
    assert numbers("status=open") == ["UA 12/26"]
    assert numbers("status=closed") == ["UA 168/12"]
    assert numbers("outcome=released") == ["UA 168/12"]
    assert numbers("outcome=charges_dropped") == []  # no longer its newest
    assert numbers("year=2012") == ["UA 168/12"]
    assert get(client, "/cases?status=sometimes").status_code == 422  # a clear error, not a 500
    assert get(client, "/cases?language=xx").status_code == 422


def test_a_document_holds_its_text_updates_and_targets_in_the_language_asked(client, reference_case):
    key = reference_case.fi_en.translation_key
    english = get(client, f"/documents/{key}?language=en").json()
    assert set(english) >= FI_KEY_FIELDS
    assert english["number"] == "FI 168/12-1"
    assert english["kind"] == "follow_up"
    assert english["ai_index"] == "EUR 55/9651/2019"
    assert english["status"] == "closed"
    assert english["languages"] == ["de", "en"]
    assert [update["title"] for update in english["updates"]] == ["Released", "Latest"]
    assert english["targets"][0]["salutation"] == "Dear Prosecutor General"
    assert english["previous"]["number"] == "UA 168/12"
    assert english["previous"]["url"] == "http://testserver/en/urgent-actions/2012/06/168-12/"
    german = get(client, f"/documents/{key}?language=de").json()
    assert german["title"] == "Neue Anklage gegen gewaltlosen politischen Gefangenen"
    assert [update["title"] for update in german["updates"]] == ["Freigelassen", "Neuigkeiten"]
    case = get(client, f"/cases/{reference_case.ua_en.translation_key}?language=en").json()
    assert case["number"] == "UA 168/12"
    assert get(client, f"/documents/{reference_case.ua_en.translation_key.hex[:8]}").status_code == 422
    assert get(client, "/documents/00000000-0000-0000-0000-000000000000").status_code == 404


def test_documents_are_listed_newest_first_or_found_by_words_numbers_and_ai_indexes(
    client, reference_case, make_case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the search index is updated on commit
        make_case(sequence=12, title="Trade unionist tortured", appeal_deadline=today() + datetime.timedelta(days=9))

    def numbers(query: str) -> list[str]:
        answer = get(client, f"/documents?{query}")
        assert answer.status_code == 200, answer.content
        return [document["number"] for document in answer.json()["items"]]

    assert numbers("language=en") == ["UA 12/26", "FI 168/12-1", "UA 168/12"]
    listed = get(client, "/documents?language=de&q=Gefangenen").json()
    assert listed["count"] == 1
    (follow_up,) = listed["items"]
    assert follow_up["number"] == "FI 168/12-1"
    assert follow_up["kind"] == "follow_up"
    assert follow_up["case_key"] == str(reference_case.ua_en.translation_key)
    assert follow_up["language"] == "de"
    assert follow_up["ai_index"] == "EUR 55/9651/2019"
    assert follow_up["status"] == "closed"
    assert follow_up["url"].startswith("http://testserver/de/")
    assert numbers("language=en&q=tortured") == ["UA 12/26"]
    assert numbers("language=en&q=168/12") == ["UA 168/12", "FI 168/12-1"]
    assert numbers("language=en&q=EUR 55/9651/2019") == ["FI 168/12-1"]
    assert sorted(numbers("language=en&q=Huseynov&status=closed&country=az")) == ["FI 168/12-1", "UA 168/12"]
    assert numbers("language=en&status=open") == ["UA 12/26"]
    assert numbers("language=en&q=nothing-like-this") == []
    assert get(client, "/documents?q=" + "x" * 201).status_code == 422


def test_dated_updates_are_listed_newest_first_with_their_document(client, reference_case, site_tree, make_case):
    belarus = "BY"
    make_case(sequence=12, country=belarus)
    english = get(client, "/updates?language=en").json()
    assert [update["title"] for update in english["items"]] == ["Released", "Latest"]
    released = english["items"][0]
    assert released["date"] == "2019-03-04"
    assert released["document"]["number"] == "FI 168/12-1"
    assert released["document"]["url"] == "http://testserver/en/urgent-actions/2012/06/168-12/168-12-1/"
    assert released["case_key"] == str(reference_case.ua_en.translation_key)
    german = get(client, "/updates?language=de&since=2019-02-01").json()
    assert [update["title"] for update in german["items"]] == ["Freigelassen"]
    assert get(client, "/updates?language=en&country=az").json()["count"] == 2
    assert get(client, "/updates?language=en&country=by").json()["count"] == 0
    assert get(client, "/updates?since=yesterday").status_code == 422


def test_countries_themes_outcomes_and_counters(client, reference_case, site_tree):
    assert get(client, "/countries?language=de").json() == [{"code": "AZ", "name": "Aserbaidschan"}]
    assert get(client, "/countries?language=fr").json() == [{"code": "AZ", "name": "Azerbaïdjan"}]
    assert get(client, "/themes?language=en").json() == [
        {"slug": "freedom-of-expression", "name": "Freedom of expression"}
    ]
    outcomes = {outcome["value"]: outcome for outcome in get(client, "/outcomes").json()}
    assert outcomes["released"]["positive"] is True
    assert outcomes["further_harm"]["positive"] is False
    counter = get(client, f"/documents/{reference_case.fi_en.translation_key}/counter").json()
    assert counter == {"document_key": str(reference_case.fi_en.translation_key), "letters": 0, "reports": 0}
    targets = get(client, "/targets?language=en").json()
    assert targets["items"][0]["name"] == "Kamran Aliyev"
    translated_snippet(
        Theme.objects.get(slug="freedom-of-expression", locale=site_tree.en), site_tree.locales["fr"], name="Liberté"
    )
    assert get(client, "/themes?language=fr").json()[0]["name"] == "Liberté"


def test_answers_are_public_cacheable_and_validated_by_etag(client, reference_case):
    response = get(client, "/cases?language=en")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    etag = response["ETag"]
    again = get(client, "/cases?language=en", **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert get(client, "/cases?language=de", **{"If-None-Match": etag}).status_code == 200


def test_the_schema_and_the_documentation_are_published(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Urgent Actions API"
    assert {
        "/api/v1/cases",
        "/api/v1/cases/{key}",
        "/api/v1/documents/{key}",
        "/api/v1/documents/{key}/counter",
    } <= set(schema["paths"])
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"//cdn." not in docs.content  # the documentation loads nothing from other hosts


def test_too_many_requests_get_429(client, site_tree, monkeypatch):
    throttle = api.throttle[0]
    monkeypatch.setattr(throttle, "num_requests", 3)
    statuses = [client.get("/api/v1/outcomes").status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]


def test_a_re_issued_urgent_action_is_its_own_kind_and_found_by_every_form_of_its_number(client, make_case):
    case = make_case(sequence=85, issue_date=datetime.date(2022, 3, 1), section_number="043/2022")
    second = build_follow_up(
        case, issue_date=datetime.date(2022, 6, 1), kind=FollowUpKind.REISSUED, ordinal=2,
        section_number="061/2022", title="Lawyer sentenced",
    )  # fmt: skip

    document = get(client, f"/documents/{second.translation_key}?language=en").json()

    assert (document["kind"], document["number"], document["section_number"]) == (
        "reissued_urgent_action",
        "2nd UA 85/22",
        "061/2022",
    )
    assert document["previous"]["number"] == "UA 85/22"
    for query in ("2nd UA 85/22", "061/2022", "85/22-1"):
        assert [item["number"] for item in get(client, f"/documents?language=en&q={query}").json()["items"]] == [
            "2nd UA 85/22"
        ]
    assert len(get(client, "/documents?language=en&q=85.22").json()["items"]) == 2


def test_a_document_gives_its_targets_with_their_role_languages_and_salutations(client, site_tree, make_case):
    minister = Target.objects.create(
        locale=site_tree.en, name="Rolando Argueta", postal_address="Tegucigalpa", salutation="Dear Minister",
        preferred_languages="es, en", phone="+504 2220 0000", social_media="@SeguridadHN",
    )  # fmt: skip
    TargetSalutation.objects.create(target=minister, language="es", salutation="Estimado Señor Ministro")
    embassy = Target.objects.create(
        locale=site_tree.en, name="Embassy", postal_address="Berlin", salutation="Excellency"
    )
    case = make_case(sequence=40)
    case.targets = [DocumentTarget(target=minister), DocumentTarget(target=embassy, role=TargetRole.COPY_TO)]
    case.appeal_languages = "es, en"
    case.save_revision().publish()

    document = get(client, f"/documents/{case.translation_key}?language=en").json()

    assert [(target["name"], target["role"]) for target in document["targets"]] == [
        ("Rolando Argueta", "write_to"),
        ("Embassy", "copy_to"),
    ]
    first = document["targets"][0]
    assert (first["preferred_language"], first["preferred_languages"]) == ("es", ["es", "en"])
    assert first["salutations"] == [{"language": "es", "salutation": "Estimado Señor Ministro"}]
    assert (first["phone"], first["social_media"]) == ("+504 2220 0000", "@SeguridadHN")
    assert document["appeal_languages"] == ["es", "en"]
    listed = {target["name"]: target for target in get(client, "/targets?language=en").json()["items"]}
    assert listed["Rolando Argueta"]["salutations"] == first["salutations"]
