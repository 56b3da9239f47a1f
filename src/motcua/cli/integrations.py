"""Partners' webhooks and the national portal's sync: ``motcua webhook add|list|disable``, ``motcua national-sync
status|retry``."""

import argparse
import sys

from .common import django_setup


def cmd_webhook_add(args: argparse.Namespace) -> int:
    """Register an endpoint and print its secret — once: it is never displayed again."""
    django_setup()
    from motcua.core.errors import DomainError
    from motcua.integrations.services import webhook_endpoint_create

    try:
        endpoint, secret = webhook_endpoint_create(
            name=args.name, url=args.url, agency_code=args.agency or "", event_types=args.event or []
        )
    except DomainError as error:
        print(f"motcua: {error.message}", file=sys.stderr)
        return 1
    scope = f"cơ quan {endpoint.agency.code}" if endpoint.agency_id else "mọi cơ quan"
    events = ", ".join(endpoint.event_types) or "mọi sự kiện"
    print(
        f"motcua: đã thêm điểm nhận webhook số {endpoint.pk} “{endpoint.name}” ({scope}; {events}); "
        "khóa bí mật chỉ hiển thị một lần:",
        file=sys.stderr,
    )
    print(secret)
    return 0


def cmd_webhook_list(args: argparse.Namespace) -> int:
    django_setup()
    from motcua.integrations.selectors import webhook_endpoints_list

    endpoints = webhook_endpoints_list()
    if not endpoints:
        print("motcua: chưa có điểm nhận webhook nào.")
    for endpoint in endpoints:
        state = "đang hoạt động" if endpoint.is_active else "đã tắt"
        scope = endpoint.agency.code if endpoint.agency_id else "mọi cơ quan"
        counts = ", ".join(f"{key} {value}" for key, value in sorted(endpoint.counts.items())) or "chưa gửi"
        events = ",".join(endpoint.event_types) or "mọi sự kiện"
        print(f"{endpoint.pk:>4}  {endpoint.name}  {endpoint.url}  [{state}; {scope}; {events}; {counts}]")
    return 0


def cmd_webhook_disable(args: argparse.Namespace) -> int:
    django_setup()
    from motcua.core.errors import DomainError
    from motcua.integrations.services import webhook_endpoint_disable

    try:
        endpoint = webhook_endpoint_disable(endpoint_id=args.id)
    except DomainError as error:
        print(f"motcua: {error.message}", file=sys.stderr)
        return 1
    print(f"motcua: đã tắt điểm nhận webhook số {endpoint.pk} “{endpoint.name}”.")
    return 0


def cmd_national_status(args: argparse.Namespace) -> int:
    django_setup()
    from django.conf import settings

    from motcua.integrations.selectors import national_queue_counts

    counts = national_queue_counts()
    print(f"motcua: kênh đồng bộ “{settings.MOTCUA_NATIONAL_ADAPTER}”")
    for state in ("pending", "accepted", "rejected", "gave_up"):
        print(f"  {state:<10} {counts.get(state, 0):>8}")
    print(f"  hồ sơ đang dừng đồng bộ: {counts['stopped_dossiers']}")
    return 0


def cmd_national_retry(args: argparse.Namespace) -> int:
    """Send again every dossier whose sync stopped (refused or given up), or only ``--dossier``."""
    django_setup()
    from django.db import transaction

    from motcua.integrations.services import national_sync_retry_all

    with transaction.atomic():
        restarted = national_sync_retry_all(dossier_code=args.dossier or "")
    print(f"motcua: đã đưa {restarted} hồ sơ vào hàng đợi đồng bộ lại (tiến trình chạy nền sẽ gửi).")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    webhook = sub.add_parser("webhook", help="partners' webhook endpoints")
    webhook_sub = webhook.add_subparsers(dest="webhook_command", required=True)
    add = webhook_sub.add_parser("add", help="register an endpoint; prints its signing secret once")
    add.add_argument("name")
    add.add_argument("url")
    add.add_argument("--agency", help="only this agency's dossiers (its code); default: every agency")
    add.add_argument("--event", action="append", help="e.g. dossier.received (repeatable); default: every event")
    add.set_defaults(func=cmd_webhook_add)
    webhook_sub.add_parser("list", help="endpoints and their deliveries by state").set_defaults(func=cmd_webhook_list)
    disable = webhook_sub.add_parser("disable", help="stop sending to an endpoint")
    disable.add_argument("id", type=int)
    disable.set_defaults(func=cmd_webhook_disable)

    national = sub.add_parser("national-sync", help="the national public-service portal's sync queue")
    national_sub = national.add_subparsers(dest="national_command", required=True)
    national_sub.add_parser("status", help="messages by state").set_defaults(func=cmd_national_status)
    retry = national_sub.add_parser("retry", help="send again the dossiers whose sync stopped")
    retry.add_argument("--dossier", help="only this dossier (its code)")
    retry.set_defaults(func=cmd_national_retry)
