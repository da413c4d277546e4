"""The demo province (Lạng Sơn): units, agencies, demo accounts and, as features land, a year of data.

Every step is idempotent: ``manage.py demo`` may run on every ``make run``.
"""
