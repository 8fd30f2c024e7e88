"""Settings for Urgent Actions, driven by environment variables (see README, "Configuration").

A fresh clone runs with no variables set: SQLite in the checkout, mail to the console.
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and the email variables.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS, FALSE_WORDS = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A yes-or-no variable; unset or empty: `default`. A value that is neither (DEBUG=flase) is refused
    rather than read as no."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(f"{name} must be 1 or 0 (or true/false, yes/no, on/off), not {value!r}.")
    return value in TRUE_WORDS


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "urgentactions",
    "pages",
    "cases",
    "members",
    "letters",
    "notifications",
    "impact",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",  # issue 14: a member's sessions, to end them all on account deletion
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "urgentactions.outage.service_unavailable",  # 503 while the database or Redis is unreachable
    "urgentactions.middleware.refuse_nul_bytes",  # issue 14: before any view or query
    "urgentactions.api.preflight",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pages.cache.page_cache",  # public pages from the shared cache, before sessions and rendering
    "django.contrib.sessions.middleware.SessionMiddleware",
    "urgentactions.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.staff_two_factors",  # accounts that can enter the admin need two factors
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "urgentactions.middleware.content_security_policy",
    "urgentactions.middleware.private_when_showing_messages",
]

ROOT_URLCONF = "urgentactions.urls"
WSGI_APPLICATION = "urgentactions.wsgi.application"
ASGI_APPLICATION = "urgentactions.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Databases: SQLite in the checkout unless DATABASE_URL names another (postgres://...).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the task worker share the file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and (
    # What the planner counts for reading a block out of order: PostgreSQL's default (4) is meant for
    # spinning disks; on SSDs, or with the database in memory, 1.1 is the usual setting. With it the
    # search reads a word's matches through its full-text index instead of every index entry (a word
    # and a year at 20,000 documents: 23 ms -> 5 ms). DATABASE_RANDOM_PAGE_COST="" keeps the server's.
    random_page_cost := os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1")
):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={random_page_cost}"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"

# One login for everyone (staff too): allauth's, with its rate limits and verified addresses. Its
# backend is Django's ModelBackend (permissions) plus email login; no second backend to reach.
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "urgentactions.hashers.BoundedArgon2PasswordHasher",  # Argon2 ("argon2$..."), a few at a time
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Argon2 takes ~100 MB per hash: at most this many hashes run at once in one process (others wait),
# so a burst of logins cannot take the worker's memory (32 at once: 3.4 GB unbounded).
PASSWORD_HASHES_AT_ONCE = int(os.environ.get("PASSWORD_HASHES_AT_ONCE", "2"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Member accounts (django-allauth): email only, verified before the first login; answers never
# tell whether an address has an account (details go by email).
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupConsentForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
# members/adapter.py: a taken address at sign-up answers, works and mails like a new one; the client
# address for allauth's limits comes from TRUSTED_PROXIES (pages/clients.py).
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "members.adapter.SignupForm"}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Urgent Actions] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_RATE_LIMITS = {
    "signup": "10/m/ip,50/h/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "10/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# The client's address for every rate limit (allauth's, the API's): see pages/clients.py and
# docs/operations.md. Empty: trust nobody (REMOTE_ADDR). A count ("1": nginx in front) or networks
# ("10.0.0.0/8,127.0.0.1"). allauth reads it through the adapter; its own ALLAUTH_TRUSTED_* stay unset.
TRUSTED_PROXIES = os.environ.get("TRUSTED_PROXIES", "")
# Staff's two factors (allauth.mfa): an authenticator app (TOTP) or a passkey (WebAuthn), with
# recovery codes; required of every account that can enter the admin (members.middleware).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Urgent Actions"
# WebAuthn over plain http://localhost: development and tests only.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
LETTER_REPORTS_PER_MINUTE = 30  # per member: a group reports once; more is a script
# Sessions live in the database and are read through the cache (Redis where configured).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Messages ("Signed in as <name>") in an encrypted cookie, never in clear (urgentactions/messages.py).
MESSAGE_STORAGE = "urgentactions.messages.EncryptedCookieStorage"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "my_urgent_actions"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

# Background work: Django's task API (django-tasks backport) on the database queue.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# /readyz reports the task queue late (an alert; the process stays ready) when a task has waited this long.
READY_TASK_MAX_WAIT_SECONDS = int(os.environ.get("READY_TASK_MAX_WAIT_SECONDS", "300"))

# Cache: local memory by default, Redis where REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),  # for sites that share one Redis
            # An unreachable Redis fails a request in seconds (503, urgentactions.outage), not never.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache (pages/cache.py): public pages kept whole in the cache above, and by a reverse
# proxy for as long (s-maxage); a change shown on them renders them afresh. 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# How long a displayed letters counter may lag behind the reports (a case page is kept no longer).
LETTER_COUNTER_SECONDS = 5
# A reverse proxy or CDN in front (deploy/varnish): purged through Wagtail's front-end cache
# invalidation when public pages change.
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }

# Languages: the interface in four languages, German first (the section's own language).
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("fr", "Français"),
    ("it", "Italiano"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# locale_overrides/: allauth's own strings in the site's register (formal German). After locale/, so the
# project's catalogue wins for its msgids and makemessages (which writes to the first path) leaves it be;
# before allauth's catalogue, which says "du".
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
FORMAT_MODULE_PATH = ["urgentactions.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The largest international UA document (Word, PDF, text) an editor may import, in bytes: as large
# as a document upload (WAGTAILDOCS_MAX_UPLOAD_SIZE), since the file is kept as the page's download.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: SMTP where EMAIL_HOST is set; otherwise every email lands as a file in sent-mail/ (DEBUG)
# or, in production, is not sent: one log line each, no content (urgentactions/mail.py; issue 14)
# and a deploy check warns. EMAIL_BACKEND names another backend (an ESP's, e.g. django-anymail's).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Urgent Actions <urgent-actions@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))  # seconds per SMTP operation; see ALERTS_LEASE_SECONDS
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", BASE_DIR / "sent-mail"))
else:
    EMAIL_BACKEND = "urgentactions.mail.UnsentEmailBackend"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", EMAIL_BACKEND)

# Alerts (notifications): see README, "Alerts".
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")  # links in emails
ALERTS_GRACE_MINUTES = float(os.environ.get("ALERTS_GRACE_MINUTES", "5"))  # time to hold an event before it goes
ALERTS_RECENT_DAYS = 7  # a document first published, or an update dated, longer ago is not news
ALERTS_REMINDER_DAYS = int(os.environ.get("ALERTS_REMINDER_DAYS", "3"))  # remind this many days before a deadline
ALERTS_DIGEST_WEEKDAY = int(os.environ.get("ALERTS_DIGEST_WEEKDAY", "0"))  # Monday
ALERTS_DIGEST_HOUR = int(os.environ.get("ALERTS_DIGEST_HOUR", "8"))  # local time
ALERTS_BATCH_SIZE = int(os.environ.get("ALERTS_BATCH_SIZE", "200"))  # deliveries a sender claims at once
ALERTS_SENDERS = int(os.environ.get("ALERTS_SENDERS", "4"))  # sender tasks per event, for several workers
ALERTS_MAX_ATTEMPTS = 6  # temporary SMTP failures are retried with back-off (1 min ... 6 h), then given up
# A claimed batch whose worker died goes back to the queue after this; a live sender stops taking
# messages at half of it, and one message cannot take longer than a few EMAIL_TIMEOUTs.
ALERTS_LEASE_SECONDS = float(os.environ.get("ALERTS_LEASE_SECONDS", "300"))

# Security. The deploy check (manage.py check --deploy) runs clean with DEBUG=0.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The load balancer's probes (urgentactions/health.py) answer over plain HTTP too.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views allow their own same-origin frames

# Wagtail
WAGTAIL_SITE_NAME = "Urgent Actions"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "urgentactions.search"}}  # see urgentactions/search
WAGTAILDOCS_EXTENSIONS = ["doc", "docx", "odt", "pdf", "rtf", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The admin's login, logout and private pages' login lead to allauth's; passwords are reset and
# changed there too (urgentactions/urls.py sends Wagtail's own addresses there).
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # issue 14: the admin asks no other host (avatars from gravatar.com)
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("fr", "Français"),
    ("it", "Italiano"),
]
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per task and per page action drowns what matters; warnings still show.
    # An unreachable database or Redis: one line per request (urgentactions.outage), no traceback.
    "filters": {"unavailable": {"()": "urgentactions.outage.UnavailableLogFilter"}},
    "loggers": {
        "django.request": {"filters": ["unavailable"]},
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # a line per layout step of each PDF otherwise
        # Damaged imported PDFs are refused with a message to the editor (cases.document_text); pypdf's
        # warnings about repairing them are noise there.
        "pypdf": {"level": "ERROR"},
    },
}

SITE_MESSAGE_COOKIE = "ua_dismissed_message"
