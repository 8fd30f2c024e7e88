from django.db import models
from django.utils.translation import gettext_lazy as _


class Export(models.Model):
    """No table: it carries the permission to download the staff exports."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("download_exports", _("Can download the exports of cases and letters"))]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
