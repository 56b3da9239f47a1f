"""``motcua api-key create | revoke | list``: the keys of partner systems that call the REST API."""

import argparse
import sys
from datetime import date

from .common import django_setup


def _fail(message: str) -> int:
    print(f"motcua: {message}", file=sys.stderr)
    return 1


def cmd_api_key_create(args: argparse.Namespace) -> int:
    """Register a partner system and print its API key — once: only its hash is kept."""
    django_setup()
    from motcua.api.keys import api_client_agency, api_client_create, expiry_from_date
    from motcua.core.errors import DomainError

    try:
        agency = api_client_agency(code=args.agency) if args.agency else None
    except DomainError as error:
        return _fail(error.message)
    expires_at = None
    if args.expires:
        try:
            expires_at = expiry_from_date(date.fromisoformat(args.expires))
        except ValueError:
            return _fail(f"ngày hết hạn “{args.expires}” không hợp lệ (dạng YYYY-MM-DD).")
    try:
        client, key = api_client_create(name=args.name, scopes=args.scope or [], agency=agency, expires_at=expires_at)
    except DomainError as error:
        return _fail(error.message)
    where = f", cơ quan {client.agency.code}" if client.agency else ""
    until = f", hiệu lực đến hết ngày {args.expires}" if expires_at else ""
    print(
        f"motcua: đã tạo khóa API cho “{client.name}” ({', '.join(client.scopes) or 'không có quyền'}{where}{until}); "
        "khóa chỉ hiển thị một lần:",
        file=sys.stderr,
    )
    print(key)
    return 0


def cmd_api_key_revoke(args: argparse.Namespace) -> int:
    """Revoke a partner's key at once: every call with it answers 401 from now on."""
    django_setup()
    from motcua.api.keys import api_client_revoke
    from motcua.core.errors import DomainError

    try:
        client = api_client_revoke(name=args.name)
    except DomainError as error:
        return _fail(error.message)
    print(f"motcua: đã thu hồi khóa API của “{client.name}” ({client.prefix}…).")
    return 0


def cmd_api_key_list(args: argparse.Namespace) -> int:
    """Every partner: name, key prefix, state, scopes, agency, expiry, last use."""
    django_setup()
    from django.utils import timezone

    from motcua.api.keys import api_client_list

    def when(moment) -> str:
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"

    clients = api_client_list()
    for client in clients:
        revoked = client.revoked_at is not None or not client.active
        state = "đang hoạt động" if client.usable else ("đã thu hồi" if revoked else "hết hạn")
        print(
            f"{client.name}\t{client.prefix}…\t{state}\t{','.join(client.scopes) or '-'}\t"
            f"{client.agency.code if client.agency else '-'}\thết hạn: {when(client.expires_at)}\t"
            f"dùng lần cuối: {when(client.last_used_at)}"
        )
    if not clients:
        print("motcua: chưa có hệ thống đối tác nào.", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    api_key = sub.add_parser("api-key", help="API keys of partner systems")
    api_key_sub = api_key.add_subparsers(dest="api_key_command", required=True)
    create = api_key_sub.add_parser("create", help="register a partner system; prints its key once")
    create.add_argument("name")
    create.add_argument("--scope", action="append", help="e.g. dossiers:read (repeatable)")
    create.add_argument("--agency", default="", help="code of the agency whose dossiers the partner reaches")
    create.add_argument("--expires", default="", help="last day the key works (YYYY-MM-DD)")
    create.set_defaults(func=cmd_api_key_create)
    revoke = api_key_sub.add_parser("revoke", help="revoke a partner's key at once")
    revoke.add_argument("name")
    revoke.set_defaults(func=cmd_api_key_revoke)
    api_key_sub.add_parser("list", help="list partner systems and their keys' state").set_defaults(
        func=cmd_api_key_list
    )
