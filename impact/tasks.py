"""The refresh of the impact figures on the task queue: no arguments, safe to run twice (each run
computes every kept row afresh from the letter reports, outcomes and cases)."""

import datetime

from django.db import transaction
from django_tasks import task
from wagtail.models import Page

from impact import actions


@task()
def refresh_impact_figures_task() -> None:
    actions.refresh_impact_figures()


def schedule_refresh(*, now: datetime.datetime | None = None) -> bool:
    """After letter reports or a publication: a refresh a few minutes from now, unless one is due
    already (actions.claim_refresh). True when this call scheduled it."""
    due_at = actions.claim_refresh(now=now)
    if due_at is None:
        return False

    def enqueue() -> None:
        if refresh_impact_figures_task.get_backend().supports_defer:
            refresh_impact_figures_task.using(run_after=due_at).enqueue()
        else:
            refresh_impact_figures_task.enqueue()

    transaction.on_commit(enqueue)
    return True


def schedule_refresh_after_publication(sender: type[Page], instance: Page, **kwargs: object) -> None:
    """Receiver of Wagtail's page_published: a published document may bring an outcome or a case,
    so a refresh is scheduled (at most one per few minutes) once the publication is committed."""
    from cases.models import CaseDocumentPage

    if isinstance(instance, CaseDocumentPage):
        transaction.on_commit(lambda: schedule_refresh())
