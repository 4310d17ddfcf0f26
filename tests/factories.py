"""factory_boy factories over the reference data that migrations load."""

from datetime import date

import factory
from django.contrib.auth.models import Group

from agreements.models import Agreement
from cooperation import roles
from cooperation.models import Department, Region, User
from events.models import PlannedEvent, ReportedEvent
from reports.models import Submission


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Департамент Смоленской области по направлению № {n}")
    short_name = factory.Sequence(lambda n: f"Департамент № {n}")
    sort_order = factory.Sequence(lambda n: 2000 + n)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _add_role(self, create, extracted)


def _add_role(user, create, name):
    if create and name:
        user.groups.add(Group.objects.get(name=name))


class StaffFactory(UserFactory):
    department = factory.SubFactory(DepartmentFactory)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _add_role(self, create, extracted or roles.STAFF)


def region(short_name):
    return Region.objects.get(short_name=short_name)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"agreement-{n}")
    short_title = factory.Sequence(lambda n: f"Соглашение № {n}")
    title = factory.LazyAttribute(lambda o: f"{o.short_title} о сотрудничестве")

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create:
            self.regions.set(extracted or [region("Тверская область")])


class PlannedEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedEvent

    year = 2022
    half = 2
    department = factory.SubFactory(DepartmentFactory)
    title = factory.Sequence(lambda n: f"Межрегиональный фестиваль № {n}")
    timing_text = "сентябрь 2022 года"
    starts_on = date(2022, 9, 1)
    ends_on = date(2022, 9, 30)


class ReportedEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportedEvent

    year = 2020
    quarter = 3
    department = factory.SubFactory(DepartmentFactory)
    title = factory.Sequence(lambda n: f"Межрегиональный конкурс № {n}")
    timing_text = "5-6 сентября"
    starts_on = date(2020, 9, 5)
    ends_on = date(2020, 9, 6)


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    department = factory.SubFactory(DepartmentFactory)
    year = 2020
    quarter = 3
