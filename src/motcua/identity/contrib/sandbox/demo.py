"""Demo citizens of the sandbox VNeID. Passwords are generated once per installation into
``var/sandbox_vneid.json`` (readable by the owner only); the loader can run any number of times."""

import datetime as dt
import json
import os
import secrets
from dataclasses import asdict, dataclass

from django.conf import settings

from .services import sandbox_identity_ensure


@dataclass(frozen=True)
class DemoIdentity:
    id_number: str
    password: str
    full_name: str
    level: int
    phone: str


DEMO_IDENTITIES = (
    {
        "id_number": "062090001234",
        "full_name": "Nguyễn Văn An",
        "birth_date": dt.date(1990, 5, 12),
        "gender": "Nam",
        "phone": "0912345678",
        "email": "nguyenvanan@example.vn",
        "address": "Số 25 đường Trần Hưng Đạo, phường Quyết Thắng, thành phố Kon Tum, tỉnh Kon Tum",
        "level": 2,
    },
    {
        "id_number": "062185004321",
        "full_name": "Trần Thị Bình",
        "birth_date": dt.date(1985, 11, 3),
        "gender": "Nữ",
        "phone": "0987654321",
        "email": "",
        "address": "Thôn 2, xã Đắk Cấm, thành phố Kon Tum, tỉnh Kon Tum",
        "level": 1,
    },
    {
        "id_number": "062198007788",
        "full_name": "Y Hoa",
        "birth_date": dt.date(1998, 2, 20),
        "gender": "Nữ",
        "phone": "0905123456",
        "email": "yhoa@example.vn",
        "address": "Làng Kon Klor, phường Thắng Lợi, thành phố Kon Tum, tỉnh Kon Tum",
        "level": 2,
    },
)


def _write_private(path, text: str) -> None:
    """Create the file readable by its owner only before any password is written into it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    path.chmod(0o600)


def sandbox_load_demo() -> list[DemoIdentity]:
    path = settings.VAR_DIR / "sandbox_vneid.json"
    saved = {item["id_number"]: item for item in json.loads(path.read_text())} if path.exists() else {}
    identities = []
    for fields in DEMO_IDENTITIES:
        password = saved.get(fields["id_number"], {}).get("password") or secrets.token_urlsafe(9)
        sandbox_identity_ensure(password=password, **fields)
        identities.append(
            DemoIdentity(fields["id_number"], password, fields["full_name"], fields["level"], fields["phone"])
        )
    _write_private(path, json.dumps([asdict(item) for item in identities], ensure_ascii=False, indent=2))
    return identities
