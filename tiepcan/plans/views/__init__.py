"""The plans app's views, one module per part of the plan; ``tiepcan/plans/urls.py`` maps them."""
