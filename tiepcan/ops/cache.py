"""The shared cache in the database (no Redis), with a counter that holds across processes.

Django's database cache increments by reading the value and writing it back: two app servers
counting the same client at once both read 7 and both write 8, so a client sending requests in
parallel would get past the API's rate limit. Here the row is locked first (``SELECT … FOR
UPDATE`` on PostgreSQL; SQLite's immediate transactions already let one writer in at a time).
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class LockingDatabaseCache(DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self.cache_model_class._meta.db_table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608 - table name quoted
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version)
