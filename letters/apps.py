from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Letters")

    def member_data(self, member) -> list[dict]:
        """The member's letter reports, for their data export (members.actions.member_data)."""
        from letters.models import LetterReport

        return [
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
