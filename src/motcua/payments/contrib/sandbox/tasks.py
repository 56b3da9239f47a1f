"""The sandbox bank's server-to-server IPN, delivered like VNPay does: an HTTP GET to our IPN endpoint."""

import logging
from datetime import timedelta

import requests
from django.conf import settings
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from .bank import ipn_params
from .models import SandboxTransaction

logger = logging.getLogger(__name__)
RETRIES = 3
ANSWERED = frozenset({"00", "01", "02", "04", "97"})  # VNPay stops retrying on these


def sandbox_ipn_deliver(params: dict[str, str]) -> str:
    """GET ``{MOTCUA_PUBLIC_URL}/thanh-toan/sandbox/ipn/?<params>``; the RspCode answered ("" if none)."""
    url = f"{settings.MOTCUA_PUBLIC_URL}/thanh-toan/sandbox/ipn/"
    try:
        response = requests.get(url, params=params, timeout=settings.MOTCUA_PAYMENT_TIMEOUT_SECONDS)
        return str(response.json().get("RspCode", ""))
    except (requests.RequestException, ValueError, AttributeError) as error:
        logger.warning("sandbox IPN to %s failed: %s", url, error)
        return ""


@task()
def sandbox_ipn_task(transaction_id: int, variant: str = "final", attempt: int = 1) -> str:
    record = SandboxTransaction.objects.filter(pk=transaction_id).first()
    if record is None:
        return ""
    code = sandbox_ipn_deliver(ipn_params(record, variant))
    SandboxTransaction.objects.filter(pk=record.pk).update(ipn_sent=F("ipn_sent") + 1)
    if code not in ANSWERED and attempt < RETRIES and sandbox_ipn_task.get_backend().supports_defer:
        later = timezone.now() + timedelta(seconds=30 * attempt)
        sandbox_ipn_task.using(run_after=later).enqueue(transaction_id, variant, attempt + 1)
    return code
