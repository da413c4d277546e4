"""gunicorn's access log as JSON that stays JSON, whatever a client puts in its request.

gunicorn escapes only double quotes in the values of ``access_log_format``: a path with a
backslash (``/a\\z``) or a control character made the line invalid JSON, and a log shipper
would drop exactly the requests an attacker shaped. Every string value is escaped as JSON here.
"""

from __future__ import annotations

import json

from gunicorn.glogging import Logger, SafeAtoms


class JsonSafeAtoms(SafeAtoms):
    """Escapes a value when the format reads it: gunicorn hands over every request header,
    response header and environ entry (about 70 strings), the format reads nine; escaping them
    all cost about 0,1 ms a request (bench rush, December 2026)."""

    def __init__(self, atoms: dict) -> None:
        dict.__init__(self, atoms)

    def __getitem__(self, key: str) -> object:
        value = super().__getitem__(key)
        return json.dumps(value, ensure_ascii=False)[1:-1] if isinstance(value, str) else value


class JsonAccessLogger(Logger):
    """``logger_class`` of deploy/gunicorn.conf.py."""

    atoms_wrapper_class = JsonSafeAtoms
