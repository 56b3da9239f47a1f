"""``sandbox`` — "Ngân hàng thử nghiệm": a simulated bank and e-wallet inside this server speaking VNPay 2.1.0.

The same provider code as VNPay (``VnpayProvider``) with its own terminal code and secret; the gateway is the bank
page ``/thanh-toan/sandbox/ngan-hang/`` and the merchant API (querydr, refund) is answered in-process by
``bank.api_answer`` instead of over HTTPS. The IPN is delivered by a task (``tasks.py``) to
``{MOTCUA_PUBLIC_URL}/thanh-toan/sandbox/ipn/``; the return and IPN views are VNPay's.
"""

from typing import ClassVar

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy

from ...base import providers
from ..vnpay.provider import VnpayProvider
from . import bank


@providers.register("sandbox")
class SandboxProvider(VnpayProvider):
    key: ClassVar[str] = "sandbox"
    label: ClassVar[str] = gettext_lazy("Ngân hàng thử nghiệm")
    description: ClassVar[str] = gettext_lazy(
        "Ngân hàng và ví điện tử mô phỏng để trình diễn, kiểm thử: không có khoản tiền thật nào được chuyển."
    )

    def check_config(self) -> list[str]:
        problems = []
        if not settings.MOTCUA_PAYMENT_SANDBOX:
            problems.append("the sandbox bank is enabled while MOTCUA_PAYMENT_SANDBOX is off")
        if len(self.tmn_code) != 8:
            problems.append("TMN_CODE must be 8 characters")
        if not self.secret:
            problems.append("HASH_SECRET (MOTCUA_SANDBOX_PAY_SECRET) is missing")
        return problems

    def gateway_url(self) -> str:
        return reverse("pay_sandbox:bank")  # on this server, whatever host the payer reached it by

    def api_call(self, body: dict[str, str]) -> object:
        return bank.api_answer(body)
