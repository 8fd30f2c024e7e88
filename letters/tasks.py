"""Work that takes longer than a request: each task takes ids and is safe to run twice."""

from django.db import transaction
from django_tasks import task

from letters.actions import build_letter_pack
from letters.models import LetterPack


@task()
def build_letter_pack_task(pack_id: int) -> None:
    pack = LetterPack.objects.filter(pk=pack_id).first()
    if pack is not None:  # the member may have deleted their account meanwhile
        build_letter_pack(pack)


def build_letter_pack_after_commit(pack: LetterPack) -> None:
    """Have a requested pack built by a worker once the request that asked for it is committed."""
    transaction.on_commit(lambda: build_letter_pack_task.enqueue(pack.pk))
