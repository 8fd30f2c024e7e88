from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Letters")

    def member_data(self, member) -> dict:
        """The member's letter reports, letter packs and address reports, for their data export
        (members.actions.member_data)."""
        from letters.models import AddressReport, LetterPack, LetterReport

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
        return {"reports": reports, "letter_packs": packs, "address_reports": address_reports}

    def erase_member_data(self, member) -> None:
        """Before the member is deleted (members.actions.erase_member): their packs' files go too;
        the reports stay, without the person."""
        from letters.actions import delete_letter_pack
        from letters.models import LetterPack

        for pack in LetterPack.objects.filter(member=member):
            delete_letter_pack(pack=pack)
