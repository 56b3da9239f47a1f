"""Demo accounts. Passwords are generated once per installation into ``var/demo_logins.json``."""

import json
import secrets
from dataclasses import asdict, dataclass

from django.conf import settings

from .services import user_ensure


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    full_name: str
    superuser: bool = False


DEMO_ACCOUNTS = (
    ("Quản trị hệ thống", "quantri", "Quản trị viên hệ thống", True),
    ("Tổ chức, doanh nghiệp (demo)", "doanhnghiep", "Công ty TNHH Nông sản Ngọc Linh", False),
)


def accounts_load_demo() -> list[DemoLogin]:
    path = settings.VAR_DIR / "demo_logins.json"
    saved = {item["username"]: item for item in json.loads(path.read_text())} if path.exists() else {}
    logins = []
    for role, username, full_name, superuser in DEMO_ACCOUNTS:
        password = saved.get(username, {}).get("password") or secrets.token_urlsafe(9)
        logins.append(DemoLogin(role, username, password, full_name, superuser))
        user_ensure(username=username, password=password, full_name=full_name, superuser=superuser)
    path.write_text(json.dumps([asdict(login) for login in logins], ensure_ascii=False, indent=2))
    path.chmod(0o600)
    return logins
