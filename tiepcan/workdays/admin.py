from django import forms
from django.contrib import admin
from django.http import HttpRequest

from tiepcan.accounts.models import User
from tiepcan.workdays.choices import DaySource
from tiepcan.workdays.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """System administrators keep the calendar: the yearly swapped and bridge days are decided each year."""

    list_display = ["day", "name", "day_off", "source"]
    list_filter = ["day_off", "source"]
    date_hierarchy = "day"
    search_fields = ["name"]
    fields = ["day", "name", "day_off"]

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: forms.ModelForm, change: bool) -> None:
        # Once an administrator has touched a row, seeding from the library leaves it alone.
        assert isinstance(request.user, User)  # the admin site admits staff only
        obj.source, obj.changed_by = DaySource.ADMIN, request.user
        super().save_model(request, obj, form, change)
