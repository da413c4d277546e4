"""Query lookups that keep hostile numbers from reaching the database driver.

Django already treats ``id=<a number beyond the column's range>`` as matching nothing
(``IntegerFieldExact``), but not ``id__in=[…]``: SQLite's driver then raises
``OverflowError`` ("Python int too large to convert to SQLite INTEGER") from deep inside
a form's ``ModelMultipleChoiceField`` or any filter built from typed ids. Out-of-range
values can match no row, so they are dropped from the list, exactly as Django does for
``exact``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
