"""The project's settings with the framework's floor beside the site: views that do no work, served
by the same server, middleware and settings, so a benchmark measures its page against what Django
itself does at best in the same run (`DJANGO_SETTINGS_MODULE=bench.floor_settings`)."""

from urgentactions.settings import *  # noqa: F403 (the whole of the project's settings)

ROOT_URLCONF = "bench.floor_urls"
