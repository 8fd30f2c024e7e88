from django import forms
from django.utils.translation import gettext_lazy as _

from letters.models import MAX_LETTERS, Channel, LetterReport


class LetterReportForm(forms.Form):
    letters = forms.IntegerField(
        label=_("Letters sent"),
        min_value=1,
        max_value=MAX_LETTERS,
        initial=1,
        help_text=_("A local group counts all the letters of its meeting."),
    )
    channels = forms.MultipleChoiceField(
        label=_("Sent by"),
        choices=Channel.choices,
        initial=[Channel.POST],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose how you sent your letters.")},
    )

    @classmethod
    def for_report(cls, report: LetterReport | None, **kwargs) -> "LetterReportForm":
        if report is not None:
            kwargs.setdefault("initial", {"letters": report.letters, "channels": report.channels})
        return cls(**kwargs)
