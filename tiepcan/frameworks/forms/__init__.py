"""The frameworks' forms: importing and activating versions (``versions``), the editor's (``editor``)."""

from tiepcan.frameworks.forms.versions import ActivationForm, FrameworkImportForm

__all__ = ["ActivationForm", "FrameworkImportForm"]
