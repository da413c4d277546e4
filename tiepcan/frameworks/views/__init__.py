"""The frameworks' pages: the versions (list, detail, import, activation, diff) and the editor."""
