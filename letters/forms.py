from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cases.models import AddressChannel, Target, Theme, UrgentActionPage
from letters.models import MAX_ADDRESS_NOTE, MAX_LETTERS, MAX_REPLY_TEXT, Channel, LetterReport
from pages.inputs import no_control_characters
from pages.text import alphabetical


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
    def for_report(cls, report: LetterReport | None, **kwargs: Any) -> "LetterReportForm":
        if report is not None:
            kwargs.setdefault("initial", {"letters": report.letters, "channels": report.channels})
        return cls(**kwargs)


class PersonalLetterForm(forms.Form):
    """Which official, in which language, as which file: the choices a document offers."""

    target = forms.TypedChoiceField(label=_("To"), coerce=int)
    language = forms.ChoiceField(
        label=_("Language of the letter"),
        required=False,
        help_text=_("Automatic: the official's language if the case exists in it, else yours."),
    )
    format = forms.ChoiceField(label=_("File"), choices=[("docx", "Word (DOCX)"), ("pdf", "PDF")])

    def __init__(self, *args: Any, targets: list[Target], languages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = {target.pk: target for target in targets}
        self.fields["target"].choices = [(target.pk, str(target)) for target in targets]
        self.fields["language"].choices = [("", _("Automatic")), *languages]


class LetterPackForm(forms.Form):
    """Which open urgent actions go into a letter pack: all, or those of some countries and themes."""

    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: all countries."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: all themes."),
    )

    def __init__(self, *args: Any, locale: Locale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The countries of the cases in the language, named in the interface language.
        countries = UrgentActionPage.objects.live().filter(locale=locale).countries()
        self.fields["countries"].choices = [(country.code, country.name) for country in alphabetical(countries)]
        field = self.fields["themes"]
        field.queryset = Theme.objects.filter(locale=locale)
        field.choices = [(item.pk, item.name) for item in alphabetical(field.queryset)]


class AddressProblemForm(forms.Form):
    """Which of the document's officials, which of their addresses, and what happened."""

    target = forms.ChoiceField(label=_("Official"), widget=forms.RadioSelect)
    channel = forms.ChoiceField(label=_("What did not work"), choices=AddressChannel.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=MAX_ADDRESS_NOTE,
        validators=[no_control_characters],
        help_text=_("For example: returned, addressee unknown; the email bounced; no fax tone."),
    )

    def __init__(self, *args: Any, targets: list[Target], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = {str(target.translation_key): target for target in targets}
        self.fields["target"].choices = [(key, str(target)) for key, target in self.targets.items()]
        offered = {channel for target in targets for channel in target.address_channels}
        self.fields["channel"].choices = [choice for choice in AddressChannel.choices if choice[0] in offered]
        self.fields["target"].error_messages["invalid_choice"] = _("Choose one of the officials of this urgent action.")
        self.fields["channel"].error_messages["invalid_choice"] = _("Choose the postal address, the email or the fax.")

    def clean(self) -> dict:
        cleaned = super().clean()
        target, channel = self.targets.get(cleaned.get("target", "")), cleaned.get("channel")
        if target is not None and channel and channel not in target.address_channels:
            self.add_error("channel", _("This official has no such address: choose one that is listed."))
        return cleaned

    @property
    def chosen_target(self) -> Target:
        return self.targets[self.cleaned_data["target"]]


# --- Replies from the authorities ---------------------------------------------------------------


class AuthorityReplyForm(forms.Form):
    """A member's record of an official's reply: only the document's targets are offered."""

    target = forms.TypedChoiceField(label=_("Who replied"), coerce=int)
    received_on = forms.DateField(
        label=_("Received on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date the reply arrived."),
    )
    text = forms.CharField(
        label=_("What the reply says"),
        required=False,
        max_length=MAX_REPLY_TEXT,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A short summary or quotation, up to 2,000 characters."),
    )
    scan = forms.FileField(
        label=_("Scan or photo of the reply"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
        help_text=_("PDF, JPEG, PNG or WebP, up to 10 MB."),
    )

    def __init__(self, *args: Any, targets: list[Target], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = {target.pk: target for target in targets}
        self.fields["target"].choices = [(target.pk, str(target)) for target in targets]
