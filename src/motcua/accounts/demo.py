"""Demo accounts. Passwords are generated once per installation into ``var/demo_logins.json``.

Officers get their memberships in the demo agencies, so the catalogue demo must be loaded first (``motcua demo``
does). They have no authenticator yet: the back office makes each one set up TOTP at the first sign-in.
"""

import json
import secrets
from dataclasses import asdict, dataclass

from django.conf import settings

from .models import StaffRole
from .services import officer_ensure, organisation_ensure, user_ensure


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    full_name: str
    superuser: bool = False


DEMO_ACCOUNTS = (("Quản trị hệ thống", "quantri", "Quản trị viên hệ thống", True),)
# The demo business: account + password, or its certificate from var/demo-ca/ (tax code in the subject).
DEMO_BUSINESS = ("Tổ chức, doanh nghiệp (demo)", "doanhnghiep", "Công ty TNHH Nông sản Ngọc Linh")
DEMO_BUSINESS_TAX_CODE = "6101234567"
DEMO_BUSINESS_EMAIL = "doanhnghiep@ngoclinh.example.vn"

PROVINCE_CENTRE = "000.00.33.H34"  # Trung tâm Phục vụ hành chính công tỉnh (Bộ phận Tiếp nhận và Trả kết quả)
AGRICULTURE = "000.00.16.H34"  # Sở Nông nghiệp và Phát triển nông thôn
QUYET_THANG = "000.23.34.H34"  # Ủy ban nhân dân phường Quyết Thắng (Bộ phận Một cửa)
# The demo dossiers: received at the provincial centre's desk, then processed at the Sở NN&PTNT.
DEMO_RECEPTION_OFFICER = "tiepnhan"
DEMO_SPECIALIST = "chuyenvien"

# (label, username, full name, memberships as (agency code, role))
DEMO_OFFICERS = (
    (
        "Cán bộ tiếp nhận, TTPVHCC tỉnh",
        "tiepnhan",
        "Nguyễn Thị Hồng Nhung",
        ((PROVINCE_CENTRE, StaffRole.RECEPTION),),
    ),
    (
        "Cán bộ tiếp nhận, P. Quyết Thắng",
        "tiepnhan.qt",
        "Y Blim",
        ((QUYET_THANG, StaffRole.RECEPTION),),
    ),
    ("Chuyên viên, Sở NN&PTNT", "chuyenvien", "Trần Văn Hùng", ((AGRICULTURE, StaffRole.SPECIALIST),)),
    ("Lãnh đạo phòng, Sở NN&PTNT", "truongphong", "Lê Thị Thu Hà", ((AGRICULTURE, StaffRole.DIVISION_HEAD),)),
    (
        "Lãnh đạo cơ quan, Sở NN&PTNT",
        "giamdoc",
        "Phạm Minh Tuấn",
        ((AGRICULTURE, StaffRole.AGENCY_LEADER), (AGRICULTURE, StaffRole.AGENCY_ADMIN)),
    ),
    # Reconciles the Sở's collection account, refunds, daily report (/mot-cua/ke-toan/).
    ("Kế toán, Sở NN&PTNT", "ketoan", "Đỗ Thị Mai", ((AGRICULTURE, StaffRole.ACCOUNTANT),)),
)


def accounts_load_demo() -> list[DemoLogin]:
    path = settings.VAR_DIR / "demo_logins.json"
    saved = {item["username"]: item for item in json.loads(path.read_text())} if path.exists() else {}
    logins = []
    for role, username, full_name, superuser in DEMO_ACCOUNTS:
        password = saved.get(username, {}).get("password") or secrets.token_urlsafe(9)
        logins.append(DemoLogin(role, username, password, full_name, superuser))
        user_ensure(username=username, password=password, full_name=full_name, superuser=superuser)
    role, username, full_name = DEMO_BUSINESS
    password = saved.get(username, {}).get("password") or secrets.token_urlsafe(9)
    logins.append(DemoLogin(role, username, password, full_name))
    organisation_ensure(
        username=username, password=password, name=full_name, tax_code=DEMO_BUSINESS_TAX_CODE, email=DEMO_BUSINESS_EMAIL
    )
    for role, username, full_name, memberships in DEMO_OFFICERS:
        password = saved.get(username, {}).get("password") or secrets.token_urlsafe(9)
        logins.append(DemoLogin(role, username, password, full_name))
        officer_ensure(username=username, password=password, full_name=full_name, memberships=memberships)
    path.write_text(json.dumps([asdict(login) for login in logins], ensure_ascii=False, indent=2))
    path.chmod(0o600)
    return logins
