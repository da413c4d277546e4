from django.contrib import admin

from tiepcan.units.models import Agency, Unit, UnitClassification, UnitSuccession


class ClassificationInline(admin.TabularInline):
    model = UnitClassification
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name", "name_search"]
    raw_id_fields = ["parent"]
    inlines = [ClassificationInline]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "partial", "effective_on"]
    raw_id_fields = ["predecessor", "successor"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "unit"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    raw_id_fields = ["unit"]
