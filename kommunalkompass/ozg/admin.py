"""The installation's OZG catalog and legal duties, for operators (e.g. the jurisdiction of
each OZG-Leistung, or a duty of the installation's own)."""

from django.contrib import admin

from .models import Lebenslage, LegalDuty, OzgLeistung, Themenfeld, Verwaltungsleistung


class VerwaltungsleistungInline(admin.TabularInline):
    model = Verwaltungsleistung
    extra = 0
    fields = ["leika_key", "name", "leika_type", "legal_basis"]


@admin.register(OzgLeistung)
class OzgLeistungAdmin(admin.ModelAdmin):
    list_display = ["ozg_id", "name", "themenfeld", "lebenslage", "jurisdiction"]
    list_editable = ["jurisdiction"]
    list_filter = ["jurisdiction", "themenfeld"]
    search_fields = ["ozg_id", "name", "verwaltungsleistungen__leika_key"]
    inlines = [VerwaltungsleistungInline]


@admin.register(Themenfeld)
class ThemenfeldAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]


@admin.register(Lebenslage)
class LebenslageAdmin(admin.ModelAdmin):
    list_display = ["name", "themenfeld"]
    list_filter = ["themenfeld"]


@admin.register(LegalDuty)
class LegalDutyAdmin(admin.ModelAdmin):
    list_display = ["title", "legal_basis", "deadline", "state", "shipped"]
    list_filter = ["shipped", "state"]
    search_fields = ["title", "key", "legal_basis"]
