# The page-level outcome becomes a dated outcome row of the page (cases.models.CaseOutcome).

import uuid

from django.db import migrations, models


def outcomes_from_pages(apps, schema_editor):
    """Each page with an outcome gets an outcome row of that kind, dated when the page closed (else
    when it was issued), in the page's language; the rows of a page's language versions share one
    translation key, as wagtail-localize would give them."""
    CaseDocumentPage = apps.get_model("cases", "CaseDocumentPage")
    CaseOutcome = apps.get_model("cases", "CaseOutcome")
    keys: dict[uuid.UUID, uuid.UUID] = {}
    rows = []
    pages = CaseDocumentPage.objects.exclude(outcome="").order_by("pk")
    for page in pages.values("pk", "outcome", "closed_date", "issue_date", "locale_id", "translation_key").iterator():
        rows.append(
            CaseOutcome(
                page_id=page["pk"],
                kind=page["outcome"],
                date=page["closed_date"] or page["issue_date"],
                locale_id=page["locale_id"],
                translation_key=keys.setdefault(page["translation_key"], uuid.uuid4()),
                sort_order=0,
            )
        )
    CaseOutcome.objects.bulk_create(rows, batch_size=500)


def pages_from_outcomes(apps, schema_editor):
    """Back: a page's outcome is its newest outcome row's kind (the rows are removed: going forward
    again makes them anew from the pages)."""
    CaseDocumentPage = apps.get_model("cases", "CaseDocumentPage")
    CaseOutcome = apps.get_model("cases", "CaseOutcome")
    newest = {}
    for row in CaseOutcome.objects.order_by("page_id", "date", "sort_order", "pk").values("page_id", "kind"):
        newest[row["page_id"]] = row["kind"]
    for page_id, kind in newest.items():
        CaseDocumentPage.objects.filter(pk=page_id).update(outcome=kind)
    CaseOutcome.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0016_case_outcomes"),
    ]

    operations = [
        migrations.RunPython(outcomes_from_pages, pages_from_outcomes),
        migrations.RemoveField(model_name="casedocumentpage", name="outcome"),
        migrations.RemoveField(model_name="documentsearchfacts", name="outcome"),
    ]
