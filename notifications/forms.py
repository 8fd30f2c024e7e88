from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class TestEmailForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
