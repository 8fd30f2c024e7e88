"""Work that takes longer than a request: each task takes ids and is safe to run twice."""

from django.db import transaction
from django_tasks import task

from letters.actions import build_letter_pack, refresh_address_health
from letters.models import LetterPack


@task()
def build_letter_pack_task(pack_id: int) -> None:
    pack = LetterPack.objects.filter(pk=pack_id).first()
    if pack is not None:  # the member may have deleted their account meanwhile
        build_letter_pack(pack)


def build_letter_pack_after_commit(pack: LetterPack) -> None:
    """Have a requested pack built by a worker once the request that asked for it is committed."""
    transaction.on_commit(lambda: build_letter_pack_task.enqueue(pack.pk))


@task()
def refresh_address_health_task() -> None:
    """Daily (`manage.py refresh_address_health` from cron): reports older than ADDRESS_REPORT_DAYS
    stop counting, so an address whose reports aged out is no longer marked. Safe to run twice."""
    refresh_address_health()
