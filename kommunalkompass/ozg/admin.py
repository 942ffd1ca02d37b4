"""The installation's OZG catalog and legal duties, for operators (e.g. the jurisdiction of
each OZG-Leistung, or a duty of the installation's own)."""

from django.contrib import admin

from .models import Lebenslage, LegalDuty, OzgLeistung, Themenfeld, Verwaltungsleistung
from .services import level_counts_recount


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

    # The organisations' counts per Themenfeld (OzgLevelCount) follow a Leistung that moves
    # to another Themenfeld or is deleted with its service states.
    def save_model(self, request, obj, form, change):
        before = OzgLeistung.objects.filter(pk=obj.pk).values_list("themenfeld_id").first()
        super().save_model(request, obj, form, change)
        if before is not None and before[0] != obj.themenfeld_id:
            level_counts_recount(themenfelder={before[0], obj.themenfeld_id})

    def delete_model(self, request, obj):
        themenfeld_id = obj.themenfeld_id
        super().delete_model(request, obj)
        level_counts_recount(themenfelder={themenfeld_id})

    def delete_queryset(self, request, queryset):
        themenfelder = set(queryset.values_list("themenfeld_id", flat=True))
        super().delete_queryset(request, queryset)
        level_counts_recount(themenfelder=themenfelder)


@admin.register(Themenfeld)
class ThemenfeldAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]

    # Its OZG-Leistungen are left without a Themenfeld: count them there.
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        level_counts_recount(themenfelder={None})

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        level_counts_recount(themenfelder={None})


@admin.register(Lebenslage)
class LebenslageAdmin(admin.ModelAdmin):
    list_display = ["name", "themenfeld"]
    list_filter = ["themenfeld"]


@admin.register(LegalDuty)
class LegalDutyAdmin(admin.ModelAdmin):
    list_display = ["title", "legal_basis", "deadline", "state", "shipped"]
    list_filter = ["shipped", "state"]
    search_fields = ["title", "key", "legal_basis"]
