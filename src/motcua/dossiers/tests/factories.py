"""Factories for dossier tests (imported by later portal / back-office tests too)."""

import factory

from motcua.accounts.models import CitizenProfile, StaffRole
from motcua.accounts.tests.factories import MembershipFactory, OfficerFactory, UserFactory
from motcua.catalogue.models import OnlineLevel, Procedure, ProcedureCase
from motcua.catalogue.tests.factories import AgencyFactory


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    agency = factory.SubFactory(AgencyFactory)
    online_level = OnlineLevel.FULL


class ProcedureCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureCase

    procedure = factory.SubFactory(ProcedureFactory)
    name = "Trường hợp chung"


class CitizenProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenProfile

    user = factory.SubFactory(UserFactory)
    id_number = factory.Sequence(lambda n: f"0620{n:08d}")
    address = "Phường Quyết Thắng, tỉnh Kon Tum"
    verified_by_vneid = True


def citizen(**profile_fields):
    """A citizen account with an e-ID profile."""
    return CitizenProfileFactory(**profile_fields).user


def officer_of(agency, role: str = StaffRole.RECEPTION):
    officer = OfficerFactory()
    MembershipFactory(user=officer, agency=agency, role=role)
    return officer
