"""Deterministic, valid value sets for a framework: benchmarks, demo data and property tests."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from tiepcan.lib.engine.definition import CompiledFramework, CompiledIndicator


def sample_indicator(
    indicator: CompiledIndicator, rng: random.Random, quality: float = 0.85
) -> dict[str, Any] | None:
    """Values for one indicator; ``quality`` (0..1) is how well the commune does. None = not arisen."""
    if indicator.allow_not_arisen and rng.random() < 0.08:
        return None
    values: dict[str, Any] = {}
    numbers = [f for f in indicator.fields if f["type"] in ("integer", "decimal", "percentage")]
    # Counts that must not exceed each other are drawn as a decreasing chain so validations hold.
    base = rng.randint(1, 60)
    for spec in indicator.fields:
        kind = spec["type"]
        if kind == "boolean":
            values[spec["name"]] = rng.random() < quality
        elif kind == "choice":
            options = [o["value"] for o in spec.get("options", [])]
            values[spec["name"]] = options[0] if rng.random() < quality else rng.choice(options)
        elif kind == "documents":
            docs = []
            for index in range(rng.randint(1, 4)):
                due = date(2026, rng.randint(1, 12), rng.randint(1, 28))
                late = rng.random() > quality
                docs.append(
                    {
                        "title": f"Văn bản {index + 1}",
                        "due_on": due.isoformat(),
                        "issued_on": (
                            due + timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 20))
                        ).isoformat(),
                    }
                )
            values[spec["name"]] = docs
        elif kind == "percentage":
            values[spec["name"]] = round(min(100.0, max(0.0, rng.gauss(quality * 100, 8))), 2)
        elif kind in ("integer", "decimal"):
            position = numbers.index(spec)
            if position == 0:
                values[spec["name"]] = base
            else:
                previous = values[numbers[position - 1]["name"]]
                factor = 1.0 if quality >= 1.0 else min(1.0, rng.gauss(quality, 0.12))
                values[spec["name"]] = max(0, min(previous, round(previous * factor)))
        elif kind == "date":
            values[spec["name"]] = date(2026, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
        else:
            values[spec["name"]] = f"{spec['label']} (mẫu)"
    return values


def sample_values(framework: CompiledFramework, seed: int, quality: float | None = None) -> dict[str, Any]:
    rng = random.Random(seed)  # noqa: S311 - sample data, not security
    level = quality if quality is not None else rng.uniform(0.6, 1.0)
    values: dict[str, Any] = {}
    not_arisen: list[str] = []
    for indicator in framework.indicators():
        if indicator.placeholder:
            continue  # nothing to fill in until its text is completed
        item = sample_indicator(indicator, rng, level)
        if item is None:
            not_arisen.append(indicator.code)
        else:
            values[indicator.code] = item
    return {"values": values, "not_arisen": not_arisen}
