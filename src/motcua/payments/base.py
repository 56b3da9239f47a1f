"""The payment provider interface: four methods. Each provider lives in ``contrib/<key>/`` with its URLs.

A provider turns an attempt into what the payer does next (``start``), turns what its server sent into a verified
``Notice`` (``verify``, raising ``SignatureInvalid``), asks for the state of a pending attempt (``query``) and,
where it can, refunds (``refund``). It never changes a fee order itself: ``services.notice_apply`` does, once.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings

from motcua.core.errors import DomainError
from motcua.core.registry import Registry

if TYPE_CHECKING:
    from .models import PaymentAttempt


class SignatureInvalid(Exception):
    """The callback is not signed by the provider (or was altered): nothing it says is believed."""


@dataclass(frozen=True)
class StartContext:
    return_url: str  # where the payer's browser comes back (display only)
    ipn_url: str  # where the provider's server confirms
    client_ip: str
    locale: str = "vn"
    bank_code: str = ""  # a bank chosen on our page, when the provider lets us pass it


@dataclass(frozen=True)
class Start:
    """What happens next for the payer: go to ``redirect_url``, or scan ``qr_payload``."""

    redirect_url: str = ""
    qr_payload: str = ""
    data: dict = field(default_factory=dict)  # kept on the attempt (provider request id, …)


@dataclass(frozen=True)
class Notice:
    """A provider's verified word about one attempt (from an IPN, a return, a webhook or a query)."""

    reference: str  # our attempt reference
    amount: int  # đồng, as the provider states it
    paid: bool
    code: str  # the provider's result code ("00", "24", "0" …)
    message: str = ""
    pending: bool = False  # the provider does not know the outcome yet: change nothing
    provider_transaction: str = ""
    bank_code: str = ""


class PaymentProvider:
    key: ClassVar[str]
    label: ClassVar[str]  # shown to the payer ("Ngân hàng thử nghiệm", "Ví MoMo" …)
    description: ClassVar[str] = ""
    online: ClassVar[bool] = True  # offered on the citizen's page (False: counter only)

    def __init__(self, config: Mapping[str, object] | None = None) -> None:
        self.config = dict(config or {})

    def check_config(self) -> list[str]:
        """What is missing or wrong in this provider's configuration (empty: ready)."""
        return []

    def start(self, *, attempt: "PaymentAttempt", context: StartContext) -> Start:
        raise NotImplementedError

    def verify(self, *, params: Mapping[str, str], body: bytes = b"") -> Notice:
        raise NotImplementedError

    def query(self, *, attempt: "PaymentAttempt") -> Notice | None:
        """The provider's current word on ``attempt``; None when it has no status query."""
        return None

    def refund(self, *, attempt: "PaymentAttempt", amount: int, reason: str, officer_name: str) -> str:
        """Ask the provider to send ``amount`` back; returns its refund reference."""
        raise DomainError(
            "Kênh thanh toán này không hỗ trợ hoàn tiền trực tuyến: hãy chuyển khoản hoàn trả và ghi nhận thủ công.",
            code="refund_unsupported",
        )


providers: Registry[type[PaymentProvider]] = Registry("payment providers")


def provider_get(key: str) -> PaymentProvider:
    """The configured instance of provider ``key`` (ImproperlyConfigured if unknown)."""
    return providers[key](settings.MOTCUA_PAYMENT.get(key, {}))


def providers_online() -> list[PaymentProvider]:
    """The providers a payer may choose on the portal, in the configured order."""
    return [provider_get(key) for key in settings.MOTCUA_PAYMENT_PROVIDERS if key in providers]
