"""Signals of the units app, for the apps that cache what a unit is called.

``units_changed`` is sent, after the rows are written and inside the writer's transaction, with
``province_ids``: the provinces under which units were renamed or otherwise edited (the admin's
save of one unit, the units importer's bulk update of many, which sends no ``post_save``). The
reports app bumps those provinces' results versions, so the dashboards and the public pages
cached under them show the new name at once (docs/results.md, "Cache version").
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from tiepcan.units.models import Unit, path_ids

units_changed = Signal()


def province_of(unit: Unit) -> int | None:
    """The id of the province a unit lies under (its own for a province)."""
    ids = path_ids(unit.path) if unit.path else []
    return ids[0] if ids else unit.pk


@receiver(post_save, sender=Unit, dispatch_uid="units_changed_on_save")
def _unit_saved(sender: type[Unit], instance: Unit, created: bool, raw: bool = False, **kwargs: Any) -> None:
    # A new unit is in no cached page yet (its path is only written after this signal).
    if created or raw:
        return
    province = province_of(instance)
    if province is not None:
        units_changed.send(sender=Unit, province_ids=[province])
