"""Where a benchmark's CPU goes: the machine's processes sorted into client, app server and database.

A sampler thread reads utime + stime of each process from ``/proc`` once a second (and at the
start and the end): the client processes, the app server (the process the bench started and all
its descendants: gunicorn's master and workers), the database (PostgreSQL's backends serving
this database, found by their process title, and PostgreSQL's shared processes: WAL writer,
checkpointer, background writer, autovacuum, which also serve other databases on the server),
and Redis where it runs. What the machine spent besides (``/proc/stat``) is "other": the
kernel's work not charged to a process (softirq of the loopback network) and, on a shared
machine, every other process. A process that ends between two samples keeps the CPU it had at
the last sample (the loss is at most a second of it); one that starts meanwhile counts from nothing. Linux only; elsewhere nothing is counted.
"""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
GROUPS = ("client", "app server", "database", "database (shared)", "redis")
PG_SHARED = ("walwriter", "checkpointer", "background writer", "autovacuum", "logical replication", "stats")


def _cpu_seconds(pid: int) -> tuple[float, float] | None:
    """utime + stime of a process (all its threads) and when it started (since boot), in seconds."""
    try:
        raw = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()  # the command name may hold spaces and parentheses
    return (int(fields[11]) + int(fields[12])) / TICK, int(fields[19]) / TICK


def _uptime() -> float:
    try:
        return float((PROC / "uptime").read_text().split()[0])
    except OSError:
        return 0.0


def _command(pid: int) -> str:
    try:
        return (
            (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        )
    except OSError:
        return ""


def _machine_seconds() -> float:
    """CPU time the whole machine spent busy (every CPU), in seconds, from /proc/stat."""
    try:
        first = (PROC / "stat").read_text().splitlines()[0].split()
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in first[1:9])
    return (user + nice + system + irq + softirq + steal) / TICK


def _descendants(root: int) -> set[int]:
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        found.add(pid)
        for task in (PROC / str(pid) / "task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


@dataclass
class CpuAccount:
    """CPU seconds per group of processes over a stretch of time (``start`` … ``stop``)."""

    clients: Callable[[], Iterable[int]]
    server: int | None = None
    database: str = ""
    interval: float = 1.0
    first: dict[tuple[str, int], float] = field(default_factory=dict)
    last: dict[tuple[str, int], float] = field(default_factory=dict)
    machine: float = 0.0
    began: float = 0.0  # seconds since boot when the account started
    seen: dict[int, str] = field(default_factory=dict)  # pid: group ("" for none)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def _classify(self) -> dict[int, str]:
        """The processes to count, by group; a process's title is read once (new pids only)."""
        groups: dict[int, str] = dict.fromkeys(self.clients(), "client")
        if self.server:
            groups.update(dict.fromkeys(_descendants(self.server), "app server"))
        for entry in PROC.iterdir():
            if not entry.name.isdigit() or int(entry.name) in groups:
                continue
            pid = int(entry.name)
            if pid not in self.seen:
                self.seen[pid] = self._group_of(_command(pid))
            if self.seen[pid]:
                groups[pid] = self.seen[pid]
        return groups

    def _group_of(self, command: str) -> str:
        if command.startswith("postgres:"):
            if self.database and f" {self.database} " in f"{command} ":
                return "database"
            if any(word in command for word in PG_SHARED):
                return "database (shared)"
        elif command.startswith("redis-server"):
            return "redis"
        return ""

    def sample(self) -> None:
        for pid, group in self._classify().items():
            read = _cpu_seconds(pid)
            if read is not None:
                seconds, started = read
                # A process started since the account began counts from nothing.
                self.first.setdefault((group, pid), seconds if started < self.began else 0.0)
                self.last[(group, pid)] = seconds

    def start(self) -> None:
        self.machine, self.began = _machine_seconds(), _uptime()
        self.sample()

        def loop() -> None:
            while not self._stop.wait(self.interval):
                self.sample()

        self._thread = threading.Thread(target=loop, name="cpu-account", daemon=True)
        self._thread.start()

    def stop(self) -> dict[str, float]:
        """CPU seconds per group since ``start``, with "machine" (all of it) and "other" (the rest)."""
        self._stop.set()
        if self._thread:
            self._thread.join()
        self.sample()
        spent: dict[str, float] = defaultdict(float)
        for key, seconds in self.last.items():
            spent[key[0]] += seconds - self.first[key]
        result = {group: spent.get(group, 0.0) for group in GROUPS}
        result["machine"] = _machine_seconds() - self.machine
        result["other"] = max(0.0, result["machine"] - sum(spent.values()))
        return result


def split_line(spent: dict[str, float], count: int, what: str = "acknowledged save") -> str:
    """CPU milliseconds per ``what``, group by group."""
    if not count:
        return f"CPU per {what}: nothing to divide by"
    parts = [f"{group} {spent[group] * 1000 / count:.1f}" for group in GROUPS if spent.get(group)]
    server_side = sum(spent.get(g, 0.0) for g in ("app server", "database", "database (shared)", "redis"))
    return (
        f"CPU ms per {what}: "
        + ", ".join(parts)
        + f"; server side (app + database + redis) {server_side * 1000 / count:.1f}; other {spent['other'] * 1000 / count:.1f} "
        f"(kernel not charged to a process, and every other process on the machine)"
    )
