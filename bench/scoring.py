"""Scoring benchmark: 3,321 communes (the whole country since 7/2025) against each shipped framework.

Prints communes per second (one core, best of three runs) and peak memory of one
run (measured separately: tracemalloc slows what it watches).
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tiepcan.lib.engine import compile_framework, load_definition, score
from tiepcan.lib.engine.sample import sample_values

DATA = Path(__file__).resolve().parents[1] / "tiepcan" / "frameworks" / "data"
COMMUNES = 3321


def run(out: Callable[[str], Any] = print, communes: int = COMMUNES) -> dict[str, dict[str, float]]:
    figures: dict[str, dict[str, float]] = {}
    for code in ("qd619-2017", "qd25-2021", "qd27-2025"):
        framework = compile_framework(load_definition(DATA / f"{code}.yaml"))
        value_sets = [sample_values(framework, seed) for seed in range(communes)]
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            for values in value_sets:
                score(framework, values, unit_class="II")
            best = min(best, time.perf_counter() - started)
        tracemalloc.start()
        for values in value_sets:
            score(framework, values, unit_class="II")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        figures[code] = {"seconds": best, "per_second": communes / best, "peak_kb": peak / 1024}
        out(
            f"scoring {code:<11} {communes} communes in {best:.3f} s = {communes / best:,.0f} communes/s; peak {peak / 1024:,.0f} KiB"
        )
    return figures


if __name__ == "__main__":
    run()
