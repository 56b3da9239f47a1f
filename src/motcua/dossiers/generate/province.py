"""The synthetic province of the benchmark data: agencies, procedures, officers, applicants (see ``generate``)."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, Sum

from motcua.accounts.models import AccountKind, CitizenProfile, Organisation, StaffMembership, StaffRole, User
from motcua.catalogue.models import Agency, Channel, OnlineLevel, Procedure, ProcedureCase
from motcua.catalogue.services import procedures_refresh_search
from motcua.core.text import fold

from ..models import ApplicantKind, DossierTask
from ..workflow import State

PREFIX = "bench."  # usernames of everything generated
SUFFIX = "G01"  # agency codes of the synthetic agencies
PROVINCE = "tỉnh Kon Tum"
DAYS_BACK = 730

# A real year of a province (share of all dossiers). Open states past reception hold one open step each.
STATE_SHARES: dict[str, float] = {
    State.SUBMITTED: 0.020,
    State.RECEIVED: 0.020,
    State.PROCESSING: 0.060,
    State.SUPPLEMENT_REQUESTED: 0.007,
    State.AWAITING_PAYMENT: 0.003,
    State.RESULT_READY: 0.025,
    State.REFUSED: 0.015,
    State.WITHDRAWN: 0.007,
    State.STOPPED: 0.003,
    State.RETURNED: 0.840,
}
WITH_OPEN_TASK = frozenset({State.RECEIVED, State.PROCESSING, State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT})
DEPARTMENT_SHARE = 0.35  # the Sở handle fewer but heavier dossiers than the communes together

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
FAMILY += ["Dương", "Lý", "A", "Y", "Đinh", "Trương"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Công", "Ngọc"]
MIDDLE_F = ["Thị", "Ngọc", "Thanh", "Thu", "Minh", "Kim", "Hồng", "Mỹ"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phong", "Phúc", "Quang", "Sơn"]
GIVEN_M += ["Tâm", "Thắng", "Tuấn", "Việt", "Thút", "Blúp"]
GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Thảo", "Trang", "Vy"]
GIVEN_F += ["Yến", "Hơ Len"]
VILLAGES = ["Thôn 1", "Thôn 2", "Thôn 3", "Thôn Kon Klor", "Làng Plei Đôn", "Tổ dân phố 4", "Tổ dân phố 7"]
STREETS = ["Trần Hưng Đạo", "Phan Đình Phùng", "Lê Hồng Phong", "Bà Triệu", "Nguyễn Huệ", "Hùng Vương"]
BUSINESS_KINDS = ["Công ty TNHH", "Công ty cổ phần", "Hợp tác xã", "Doanh nghiệp tư nhân"]
BUSINESS_NAMES = ["Đại Phát", "Hưng Thịnh", "Tây Nguyên Xanh", "Ngọc Linh", "Sâm Việt", "Măng Đen", "Đăk Bla"]
PROCEDURE_NAMES = [
    "Đăng ký khai sinh",
    "Chứng thực bản sao từ bản chính",
    "Đăng ký kết hôn",
    "Xác nhận tình trạng hôn nhân",
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Đăng ký hộ kinh doanh",
    "Cấp giấy chứng nhận đủ điều kiện kinh doanh",
    "Cấp lại giấy phép lái xe",
    "Thẩm định thiết kế cơ sở",
    "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
]


@dataclass(frozen=True)
class GenerateReport:
    created: int  # dossiers added by this run
    total: int  # dossiers in the database afterwards
    open_tasks: int  # open steps added by this run
    tasks: int  # steps added by this run, closed ones included
    by_state: dict[str, int]
    seconds: float
    agencies: int  # receiving agencies used (departments + communes)
    reception_username: str  # the provincial centre's reception officer: receives for every department
    specialist_username: str  # a specialist of the busiest department

    @property
    def per_second(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class _Procedure:
    id: int
    case_id: int | None
    duration: Decimal
    unit: str
    fee: int


@dataclass
class _Province:
    centre: Agency
    departments: list[Agency]
    communes: list[Agency]
    procedures: dict[int, list[_Procedure]] = field(default_factory=dict)
    desk: dict[int, int] = field(default_factory=dict)  # agency id → the reception officer who enters walk-ins

    @property
    def receiving(self) -> list[Agency]:
        return self.departments + self.communes


@dataclass(frozen=True)
class _Person:
    user_id: int | None
    kind: str
    name: str
    id_number: str
    born: date | None
    address: str
    phone: str
    email: str
    vneid: bool

    def applicant_fields(self) -> dict:
        """The ``Dossier`` fields that describe this person as its applicant."""
        return {
            "applicant_id": self.user_id,
            "applicant_kind": self.kind,
            "applicant_name": self.name,
            "applicant_id_number": self.id_number,
            "applicant_date_of_birth": self.born,
            "applicant_address": self.address,
            "applicant_phone": self.phone,
            "applicant_email": self.email,
        }


def officer_username(role: str, agency: Agency) -> str:
    return f"{PREFIX}{role}.{agency.code}"


def officer_for_bench(role: str) -> User:
    """A generated officer with a long list: the centre's reception officer (``StaffRole.RECEPTION``: the desk that
    receives for the most agencies), or for another role the one of the agency with the most open steps in it."""
    if role == StaffRole.RECEPTION:
        agency = (
            Agency.objects.filter(memberships__user__username__startswith=PREFIX, memberships__role=role)
            .annotate(served=Count("served_agencies", distinct=True))
            .order_by("-served", "id")
            .first()
        )
    else:
        busiest = (
            DossierTask.objects.filter(finished_at__isnull=True, role=role)
            .values("agency_id")
            .annotate(open=Count("id"))
            .order_by("-open", "agency_id")
            .first()
        )
        agency = Agency.objects.filter(pk=busiest["agency_id"]).first() if busiest else None
    if agency is None:
        raise LookupError(f"No generated officer with role {role!r}: run dossiers_generate first.")
    return User.objects.get(username=officer_username(role, agency))


def _rng(key: str) -> random.Random:
    return random.Random(key)  # noqa: S311 — synthetic data, reproducible from the key; nothing secret


# --- The province --------------------------------------------------------------------------------------------
def _agency_create(code: str, name: str, level: str, position: int, **extra) -> Agency:
    agency, _ = Agency.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "position": position, **extra}
    )
    return agency


def _province(*, departments: int, communes: int) -> _Province:
    served = Agency.objects.filter(served_agencies__isnull=False, is_active=True).order_by("position", "id").first()
    centre = served or (
        Agency.objects.filter(name__icontains="Phục vụ hành chính công", is_active=True).order_by("id").first()
    )
    if centre is None:
        centre = _agency_create(
            f"000.00.33.{SUFFIX}",
            "Trung tâm Phục vụ hành chính công tỉnh",
            Agency.Level.PROVINCE,
            1,
            counter="Bộ phận Tiếp nhận và Trả kết quả",
        )
    active = Agency.objects.filter(is_active=True).exclude(pk=centre.pk).order_by("position", "id")
    found = list(active.filter(level=Agency.Level.DEPARTMENT))
    for n in range(len(found), departments):
        found.append(
            _agency_create(f"000.00.{n:02d}.{SUFFIX}", f"Sở giả lập số {n + 1}", Agency.Level.DEPARTMENT, 100 + n)
        )
    Agency.objects.filter(pk__in=[a.pk for a in found], served_by__isnull=True).update(served_by=centre)
    local = list(active.filter(level__in=[Agency.Level.DISTRICT, Agency.Level.COMMUNE]))
    for n in range(len(local), communes):
        local.append(
            _agency_create(
                f"000.{40 + n // 100:02d}.{n % 100:02d}.{SUFFIX}",
                f"Ủy ban nhân dân xã Giả Lập {n + 1}",
                Agency.Level.COMMUNE,
                1000 + n,
            )
        )
    return _Province(centre=centre, departments=found, communes=local)


def _procedures(province: _Province, rng: random.Random, *, per_agency: int = 40) -> None:
    """The online procedures each receiving agency takes dossiers for; 3 synthetic ones where it has none."""
    ids = [a.pk for a in province.receiving]
    rows = (
        Channel.objects.filter(kind=Channel.Kind.ONLINE, case__procedure__agency_id__in=ids)
        .filter(case__procedure__is_active=True)
        .values_list("case__procedure__agency_id", "case__procedure_id", "case_id", "duration_value", "duration_unit")
        .annotate(fee=Sum("fee_items__amount"))
        .order_by("case__procedure_id", "case__position", "case_id")
    )
    found: dict[int, dict[int, _Procedure]] = {}
    for agency_id, procedure_id, case_id, duration, unit, fee in rows:
        mine = found.setdefault(agency_id, {})
        if procedure_id not in mine and len(mine) < per_agency:
            mine[procedure_id] = _Procedure(procedure_id, case_id, duration or Decimal(5), unit, fee or 0)
    missing = [a for a in province.receiving if a.pk not in found]
    if missing:
        with transaction.atomic():
            procedures = Procedure.objects.bulk_create(
                Procedure(
                    code=f"{agency.code}.TT{k:02d}",
                    name=name,
                    agency=agency,
                    online_level=OnlineLevel.FULL,
                    search_name=f" {fold(name)} ",
                )
                for agency in missing
                for k, name in enumerate(rng.sample(PROCEDURE_NAMES, 3), 1)
            )
            cases = ProcedureCase.objects.bulk_create(ProcedureCase(procedure=p, name="") for p in procedures)
            durations = [Decimal(rng.choice([3, 5, 7, 10, 15])) for _ in cases]
            Channel.objects.bulk_create(
                Channel(case=case, kind=Channel.Kind.ONLINE, duration_value=days, duration_unit="working_days")
                for case, days in zip(cases, durations, strict=True)
            )
            for procedure, case, days in zip(procedures, cases, durations, strict=True):
                found.setdefault(procedure.agency_id, {})[procedure.pk] = _Procedure(
                    procedure.pk, case.pk, days, "working_days", 0
                )
            for agency in missing:
                procedures_refresh_search(agency=agency)
    province.procedures = {agency_id: list(mine.values()) for agency_id, mine in found.items()}


# --- People ----------------------------------------------------------------------------------------------------
def _name(rng: random.Random) -> str:
    female = rng.random() < 0.5
    middle, given = (MIDDLE_F, GIVEN_F) if female else (MIDDLE_M, GIVEN_M)
    return f"{rng.choice(FAMILY)} {rng.choice(middle)} {rng.choice(given)}"


def _address(rng: random.Random, communes: list[Agency]) -> str:
    place = rng.choice(communes).name.removeprefix("Ủy ban nhân dân ")
    street = rng.choice(VILLAGES) if rng.random() < 0.6 else f"Số {rng.randint(1, 300)} {rng.choice(STREETS)}"
    return f"{street}, {place}, {PROVINCE}"


def _person(n: int, communes: list[Agency], user_id: int | None = None) -> _Person:
    """Applicant ``n`` of the pool (businesses every tenth), the same in every run."""
    rng = _rng(f"person:{n}")
    phone = f"09{rng.randint(0, 99_999_999):08d}"
    if n % 10 == 9:
        name = f"{rng.choice(BUSINESS_KINDS)} {rng.choice(BUSINESS_NAMES)} {n}"
        email = f"lienhe{n}@doanhnghiep.example"
        return _Person(
            user_id, ApplicantKind.BUSINESS, name, f"99{n:08d}", None, _address(rng, communes), phone, email, False
        )
    born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 55))
    sex = (0 if rng.random() < 0.5 else 1) + (2 if born.year >= 2000 else 0)
    id_number = f"099{sex}{born.year % 100:02d}{n:06d}"  # province code 099 does not exist: never a real person
    email = f"congdan{n}@thudientu.example" if rng.random() < 0.4 else ""
    vneid = rng.random() < 0.85
    return _Person(
        user_id, ApplicantKind.CITIZEN, _name(rng), id_number, born, _address(rng, communes), phone, email, vneid
    )


def _walk_in(rng: random.Random, communes: list[Agency]) -> _Person:
    born = date(1945, 1, 1) + timedelta(days=rng.randint(0, 365 * 60))
    id_number = f"0{rng.randint(1, 96):02d}{rng.randint(0, 3)}{born.year % 100:02d}{rng.randint(0, 999_999):06d}"
    phone = f"03{rng.randint(0, 99_999_999):08d}"
    return _Person(None, ApplicantKind.CITIZEN, _name(rng), id_number, born, _address(rng, communes), phone, "", False)


def _users(usernames: dict[str, tuple[str, str]]) -> dict[str, int]:
    """Create the accounts that do not exist yet ({username: (kind, full name)}); their ids by username."""
    have = dict(User.objects.filter(username__in=list(usernames)).values_list("username", "id"))
    unusable = make_password(None)  # generated accounts never sign in with a password
    User.objects.bulk_create(
        User(username=username, kind=kind, full_name=name, password=unusable)
        for username, (kind, name) in usernames.items()
        if username not in have
    )
    return dict(User.objects.filter(username__in=list(usernames)).values_list("username", "id"))


def _applicants(province: _Province, size: int) -> list[_Person]:
    people = [_person(n, province.communes) for n in range(size)]
    names = {
        f"{PREFIX}applicant.{n:04d}": (
            AccountKind.BUSINESS if p.kind == ApplicantKind.BUSINESS else AccountKind.CITIZEN,
            p.name,
        )
        for n, p in enumerate(people)
    }
    ids = _users(names)
    people = [_person(n, province.communes, ids[f"{PREFIX}applicant.{n:04d}"]) for n in range(size)]
    CitizenProfile.objects.bulk_create(
        [
            CitizenProfile(
                user_id=p.user_id,
                id_number=p.id_number,
                date_of_birth=p.born,
                address=p.address,
                nationality="Việt Nam",
                identity_level=2,
                verified_by_vneid=True,
            )
            for p in people
            if p.kind == ApplicantKind.CITIZEN
        ],
        ignore_conflicts=True,
    )
    Organisation.objects.bulk_create(
        [
            Organisation(user_id=p.user_id, name=p.name, tax_code=p.id_number, address=p.address)
            for p in people
            if p.kind == ApplicantKind.BUSINESS
        ],
        ignore_conflicts=True,
    )
    return people


def _officers(province: _Province) -> None:
    """A reception officer at every desk (the centre and each commune); a specialist, a division head and a
    leader at every receiving agency."""
    desks = [province.centre, *province.communes]
    processing = (StaffRole.SPECIALIST, StaffRole.DIVISION_HEAD, StaffRole.AGENCY_LEADER)
    wanted = [(a, StaffRole.RECEPTION) for a in desks] + [(a, r) for a in province.receiving for r in processing]
    rng = _rng("officers")
    ids = _users({officer_username(r, a): (AccountKind.OFFICER, _name(rng)) for a, r in wanted})
    StaffMembership.objects.bulk_create(
        [StaffMembership(user_id=ids[officer_username(r, a)], agency=a, role=r) for a, r in wanted],
        ignore_conflicts=True,
    )
    centre = ids[officer_username(StaffRole.RECEPTION, province.centre)]
    province.desk = {a.pk: centre for a in province.departments}
    province.desk |= {a.pk: ids[officer_username(StaffRole.RECEPTION, a)] for a in province.communes}
