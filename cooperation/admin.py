from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from cooperation.admin_mixins import ReferenceDeleteGuardMixin
from cooperation.models import (
    Department,
    DepartmentName,
    ForeignPartner,
    Region,
    RegionAlias,
    User,
)


class RegionAliasInline(admin.TabularInline):
    model = RegionAlias
    extra = 0
    fields = ["alias", "kind", "forms"]


class DepartmentNameInline(admin.TabularInline):
    model = DepartmentName
    extra = 0
    fields = ["name", "short_name", "valid_from", "valid_until"]


@admin.register(Region)
class RegionAdmin(ReferenceDeleteGuardMixin, admin.ModelAdmin):
    inlines = [RegionAliasInline]
    retire_hint = (
        "Субъект РФ, который упомянут в соглашениях, «дорожных картах» или мероприятиях, "
        "не удаляется: если его данные неверны, исправьте их."
    )
    list_display = ["number", "short_name", "name", "iso_code", "federal_district", "kind"]
    list_display_links = ["short_name"]
    list_filter = ["federal_district", "kind", "is_home"]
    search_fields = ["name", "short_name", "name_genitive", "iso_code", "aliases__alias"]
    ordering = ["number"]


@admin.register(Department)
class DepartmentAdmin(ReferenceDeleteGuardMixin, admin.ModelAdmin):
    retire_hint = (
        "Департамент, на который ссылаются записи, не удаляется: укажите последний день его "
        "работы («действует по») и правопреемника — отчёты за прошлые периоды сохранятся."
    )
    list_display = ["name", "short_name", "kind", "sort_order", "active_from", "active_until"]
    list_editable = ["sort_order"]
    list_filter = ["kind", ("active_until", admin.EmptyFieldListFilter)]
    search_fields = ["name", "short_name", "names__name", "names__short_name"]
    autocomplete_fields = ["parent", "successor"]
    inlines = [DepartmentNameInline]
    list_select_related = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "kind", "sort_order", "parent"]}),
        ("Срок работы", {"fields": ["active_from", "active_until", "successor"]}),
    ]


@admin.register(ForeignPartner)
class ForeignPartnerAdmin(ReferenceDeleteGuardMixin, admin.ModelAdmin):
    # Events link partners abroad through plain many-to-many tables: the guard keeps a delete
    # from dropping those links silently.
    retire_hint = (
        "Зарубежного партнёра, с которым связаны мероприятия, удалить нельзя: измените его "
        "наименование, если оно записано неверно."
    )
    list_display = ["name", "country", "sort_order"]
    list_editable = ["sort_order"]
    list_filter = ["country"]
    search_fields = ["name", "aliases"]
    fields = ["name", "country", "aliases", "sort_order"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "department", "is_staff", "is_active"]
    list_filter = [*BaseUserAdmin.list_filter, "department"]
    list_select_related = ["department"]
    autocomplete_fields = ["department"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Департамент", {"fields": ["department"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        ("Департамент", {"fields": ["department"]}),
    ]
