"""Factories shared by every app's tests. Units go through the service so paths are real."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from neuguong.accounts.models import RoleGrant
from neuguong.core.actors import SYSTEM
from neuguong.core.text import name_sort_key, search_key, split_full_name
from neuguong.orgs import services
from neuguong.orgs.models import Membership, MembershipStatus, Person, Post, Unit, UnitKind

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Lan", "Mai", "Nam", "Tâm"]


def make_unit(name: str, kind: str = UnitKind.SUBORDINATE_COMMITTEE, parent: Unit | None = None) -> Unit:
    return services.unit_create(name=name, kind=kind, parent_id=parent.pk if parent else None, acting_user=SYSTEM)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(
        lambda n: f"{FAMILY[n % len(FAMILY)]} {MIDDLE[n % len(MIDDLE)]} {GIVEN[n % len(GIVEN)]}"
    )
    gender = "male"
    birth_date = dt.date(1980, 5, 17)
    unit = None

    @factory.lazy_attribute
    def search_name(self):
        return search_key(self.full_name)

    @factory.lazy_attribute
    def sort_key(self):
        return name_sort_key(self.full_name)

    @factory.lazy_attribute
    def family_name(self):
        return split_full_name(self.full_name)[0]

    @factory.lazy_attribute
    def given_name(self):
        return split_full_name(self.full_name)[1]


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    cell = None
    joined_on = dt.date(2010, 3, 26)
    full_member_on = dt.date(2011, 3, 26)
    status = MembershipStatus.FULL
    card_number = factory.Sequence(lambda n: f"{10000000 + n}")


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post

    person = factory.SubFactory(PersonFactory)
    unit = None
    title = "Bí thư"
    started_on = dt.date(2020, 10, 1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-thu-nghiem-1")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def grant(user, role: str, unit: Unit) -> RoleGrant:
    return RoleGrant.objects.create(user=user, role=role, unit=unit)
