"""The refresh of the impact figures on the task queue: no arguments, safe to run twice (each run
computes every kept row afresh from the letter reports, outcomes and cases)."""

from django.db import transaction
from django_tasks import task

from impact import actions


@task()
def refresh_impact_figures_task() -> None:
    actions.refresh_impact_figures()


def schedule_refresh_after_publication(sender, instance, **kwargs) -> None:
    """Receiver of Wagtail's page_published: a published document may bring an outcome or a case,
    so a refresh is scheduled (at most one per few minutes) once the publication is committed."""
    from cases.models import CaseDocumentPage

    if isinstance(instance, CaseDocumentPage):
        transaction.on_commit(lambda: actions.schedule_refresh())
