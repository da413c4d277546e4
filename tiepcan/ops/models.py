"""The shared cache's table.

Without Redis, Django's database cache holds what every process must see alike (rate
limits, locks). A model rather than ``createcachetable`` so that ``migrate`` alone makes a
server ready, and the backup carries the table like any other.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CacheEntry(models.Model):
    """One row of ``django.core.cache.backends.db.DatabaseCache`` (its own schema)."""

    cache_key = models.CharField(_("khóa"), max_length=255, primary_key=True)
    value = models.TextField(_("giá trị"))
    expires = models.DateTimeField(_("hết hạn lúc"), db_index=True)

    class Meta:
        db_table = "tiepcan_cache"
        managed = True

    def __str__(self) -> str:
        return self.cache_key
