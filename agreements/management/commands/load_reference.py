from django.core.management.base import BaseCommand
from django.db import transaction

from agreements.models import Agreement
from agreements.reference import load_agreements
from cooperation.models import Department, DepartmentName, ForeignPartner, Region, RegionAlias
from cooperation.reference import (
    load_department_names,
    load_departments,
    load_foreign_partners,
    load_region_aliases,
    load_regions,
)


class Command(BaseCommand):
    help = (
        "Обновляет справочники (субъекты РФ и их другие названия, департаменты и их наименования "
        "в разные годы, зарубежные партнёры, соглашения) из каталога fixtures/."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            regions = load_regions(Region)
            departments = load_departments(Department)
            names = load_department_names(DepartmentName, Department)
            aliases = load_region_aliases(RegionAlias, Region)
            foreign = load_foreign_partners(ForeignPartner)
            agreements = load_agreements(Agreement, Region)
        self.stdout.write(
            f"Справочники обновлены: субъектов РФ — {regions} (других названий — {aliases}), "
            f"департаментов — {departments} (наименований в другие годы — {names}), "
            f"зарубежных партнёров — {foreign}, соглашений — {agreements}."
        )
