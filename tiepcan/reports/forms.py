"""Forms of the reports app."""

from __future__ import annotations

from tiepcan.accounts.forms import UserImportForm


class ResultImportForm(UserImportForm):
    """The same checks as the user import: an .xlsx file (by its content), at most 5 MB."""
