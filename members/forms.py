from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country
from wagtail.models import Locale

from cases.models import UrgentActionPage
from members.actions import record_signup
from members.models import User
from pages.inputs import MAX_NAME, no_control_characters
from pages.text import alphabetical

CONSENT_TEXT = _(
    "I agree that Urgent Actions stores my email address and the letters I report to count them, "
    "to show me my Urgent Actions and to send me the updates I ask for. Nobody else sees them. "
    "I can download or delete my data at any time."
)


class SignupConsentForm(forms.Form):
    """Added to allauth's sign-up form: an explicit, recorded consent (GDPR Art. 9)."""

    consent = forms.BooleanField(label=CONSENT_TEXT, required=True)

    def signup(self, request: HttpRequest, user: User) -> None:
        record_signup(member=user, consent_text=gettext(CONSENT_TEXT), language=get_language())


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "display_name",
            "sign_with_initials",
            "town",
            "postal_address",
            "preferred_language",
            "follow_on_report",
            "alert_frequency",
            "alert_all",
            "alert_countries",
            "alert_themes",
            "receives_emails",
        ]
        widgets = {
            "postal_address": forms.Textarea(attrs={"rows": 4}),
            "alert_countries": forms.CheckboxSelectMultiple,
            "alert_themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, locale: Locale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The countries there are urgent actions about (and those already chosen), in the interface
        # language; themes exist once per language: those of the interface language.
        codes = {country.code for country in UrgentActionPage.objects.live().filter(locale=locale).countries()}
        codes |= {country.code for country in self.instance.alert_countries}
        countries = alphabetical([Country(code) for code in codes])
        self.fields["alert_countries"].choices = [(country.code, country.name) for country in countries]
        self.fields["alert_themes"].queryset = self.fields["alert_themes"].queryset.filter(locale=locale)


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete my account and my personal data. The letters I reported stay counted, without my name."),
        required=True,
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=MAX_NAME,
        validators=[no_control_characters],
        help_text=_("Where you use it, e.g. “Letters app on my phone”."),
    )
