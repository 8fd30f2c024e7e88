from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # the models cannot be imported before the app registry is ready
    from letters.models import AuthorityReply
    from members.models import User


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Letters")

    def member_data(self, member: "User") -> dict:
        """The member's letter reports, letter packs, address reports and replies recorded, for their
        data export (members.actions.member_data)."""
        from letters.models import AddressReport, AuthorityReply, LetterPack, LetterReport

        reports = [
            {
                "document": str(report.document_key),
                "document_number": report.document.specific.display_number if report.document else None,
                "letters": report.letters,
                "channels": report.channels,
                "first_reported": report.created_at.isoformat(),
                "last_reported": report.updated_at.isoformat(),
            }
            for report in LetterReport.objects.for_member(member).select_related("document")
        ]
        packs = [
            {
                "requested": pack.created_at.isoformat(),
                "language": pack.language,
                "countries": [country.code for country in pack.countries],
                "themes": [theme.slug for theme in pack.themes.all()],
                "state": pack.state,
            }
            for pack in LetterPack.objects.filter(member=member).prefetch_related("themes")
        ]
        address_reports = [
            {
                "official": str(report.target_key),
                "channel": report.channel,
                "address": report.address,
                "note": report.note,
                "reported": report.created_at.isoformat(),
            }
            for report in AddressReport.objects.filter(member=member).order_by("created_at")
        ]
        replies = [
            {
                "document": str(reply.document_key),
                "target": str(reply.target),
                "received_on": reply.received_on.isoformat(),
                "text": reply.text,
                "scan": bool(reply.scan),
                "state": reply.state.value,
                "recorded": reply.created_at.isoformat(),
            }
            for reply in AuthorityReply.objects.for_member(member).select_related("target")
        ]
        return {
            "reports": reports,
            "letter_packs": packs,
            "address_reports": address_reports,
            "authority_replies": replies,
        }

    def erase_member_data(self, member: "User") -> None:
        """Before the member is deleted (members.actions.erase_member): their packs' files go too;
        the reports and approved replies stay, without the person; pending replies go."""
        from letters.actions import delete_letter_pack, erase_member_replies
        from letters.models import LetterPack

        for pack in LetterPack.objects.filter(member=member):
            delete_letter_pack(pack=pack)
        erase_member_replies(member=member)

    def ready(self) -> None:
        from django.db.models.signals import post_delete
        from wagtail.signals import published, unpublished

        from letters.models import AuthorityReply

        # Case pages list approved replies: render them afresh when one is approved, withdrawn or
        # deleted (a draft recorded by a member changes nothing public). Invalidation only.
        published.connect(_replies_changed, sender=AuthorityReply, dispatch_uid="page-cache-reply-published")
        unpublished.connect(_replies_changed, sender=AuthorityReply, dispatch_uid="page-cache-reply-unpublished")
        post_delete.connect(_reply_deleted, sender=AuthorityReply, dispatch_uid="page-cache-reply-deleted")


def _replies_changed(sender: type, **kwargs: object) -> None:
    from pages.cache import public_pages_changed

    public_pages_changed()


def _reply_deleted(sender: type, instance: "AuthorityReply", **kwargs: object) -> None:
    if instance.live:
        _replies_changed(sender)
