from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from pages.inputs import MAX_NAME, MAX_POSTAL_ADDRESS, no_control_characters


class UserQuerySet(models.QuerySet["User"]):
    def reachable(self) -> "UserQuerySet":
        """Members who may be emailed: active, their address verified, not unsubscribed from everything."""
        from allauth.account.models import EmailAddress

        verified = EmailAddress.objects.filter(user=models.OuterRef("pk"), email__iexact=models.OuterRef("email"))
        return self.filter(models.Exists(verified.filter(verified=True)), is_active=True, receives_emails=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    """Users are identified by their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)


class AlertFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never")


class User(AbstractUser):
    """A member or a staff user; logs in with the email address.

    Members' data is sensitive (it can reveal political opinion): only what the network needs.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"), max_length=MAX_NAME, blank=True, validators=[no_control_characters]
    )
    sign_with_initials = models.BooleanField(
        _("sign letters with initials and town only"),
        default=False,
        help_text=_("Advised if you have ties to the countries you write to."),
    )
    town = models.CharField(_("town"), max_length=MAX_NAME, blank=True, validators=[no_control_characters])
    postal_address = models.TextField(
        _("postal address"),
        blank=True,
        max_length=MAX_POSTAL_ADDRESS,
        validators=[no_control_characters],
        help_text=_("Optional: printed as the sender on generated letters."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    follow_on_report = models.BooleanField(
        _("follow a case when I report a letter on it"),
        default=True,
        help_text=_("You then receive its follow-ups and updates."),
    )
    alert_frequency = models.CharField(
        _("alerts about new urgent actions"),
        max_length=20,
        choices=AlertFrequency.choices,
        default=AlertFrequency.WEEKLY,
    )
    alert_all = models.BooleanField(_("alert me about every new urgent action"), default=False)
    alert_countries = CountryField(_("countries"), multiple=True, blank=True)
    alert_themes = models.ManyToManyField("cases.Theme", verbose_name=_("themes"), blank=True, related_name="+")
    receives_emails = models.BooleanField(
        _("send me emails"),
        default=True,
        help_text=_("Alerts about new urgent actions and the follow-ups and updates of the cases you follow."),
    )
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    consent_text = models.TextField(_("consent given to"), blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="members_user_email_case_insensitive_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.email


class Follow(models.Model):
    """A member follows a case (the "update function"): its follow-ups and updates reach them."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follows")
    case_key = models.UUIDField(_("case"), help_text=_("translation key of the urgent action"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        constraints = [models.UniqueConstraint(fields=["member", "case_key"], name="members_follow_once")]

    def __str__(self) -> str:
        return f"{self.member} follows {self.case_key}"
