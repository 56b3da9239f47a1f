"""Which addresses we may send to: a webhook URL is the partner's choice, so it is checked twice (SSRF).

Once when the endpoint is saved (a clear Vietnamese message for the administrator), and again before every
delivery (DNS may have changed since). Only ``http``/``https``; in production only ``https``, and unless
``MOTCUA_WEBHOOK_ALLOW_PRIVATE`` is on, never an address that is not public (loopback, private, link-local —
the cloud metadata service —, carrier-grade NAT, multicast, reserved). Redirects are never followed (``http``).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from motcua.core.errors import DomainError

_BAD_URL = "bad_url"


def _refuse(message: str) -> DomainError:
    return DomainError(message, code=_BAD_URL)


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise _refuse(f"Không tìm thấy máy chủ “{host}” (tên miền không phân giải được).") from None
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]


def url_check(url: str) -> None:
    """DomainError (Vietnamese) unless ``url`` is an address we may POST to under the current settings."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise _refuse("Địa chỉ nhận không hợp lệ.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _refuse("Địa chỉ nhận phải là một địa chỉ web đầy đủ, bắt đầu bằng https://.")
    if settings.PRODUCTION and parts.scheme != "https":
        raise _refuse("Địa chỉ nhận phải dùng https:// (kết nối được mã hóa).")
    if parts.username or parts.password:
        raise _refuse("Địa chỉ nhận không được chứa tên đăng nhập hoặc mật khẩu.")
    if settings.MOTCUA_WEBHOOK_ALLOW_PRIVATE:
        return
    host = parts.hostname
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        raise _refuse("Địa chỉ nhận không được trỏ tới máy chủ nội bộ.")
    for address in _addresses(host, port or (443 if parts.scheme == "https" else 80)):
        if not address.is_global or address.is_multicast:
            raise _refuse(
                f"Địa chỉ nhận trỏ tới địa chỉ nội bộ hoặc dành riêng ({address}); chỉ chấp nhận địa chỉ công khai."
            )
