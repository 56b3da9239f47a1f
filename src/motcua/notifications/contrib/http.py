"""A generic HTTP SMS gateway: POST {"to", "message", "sender"} as JSON with a bearer token."""

import json
import urllib.error
import urllib.request

from django.conf import settings

from ..base import SmsDeliveryError, SmsGateway, sms_gateways


@sms_gateways.register("http")
class HttpGateway(SmsGateway):
    key = "http"
    timeout = 10

    def check_config(self) -> list[str]:
        problems = []
        if not settings.MOTCUA_SMS_URL.startswith("https://") and not settings.MOTCUA_SMS_URL.startswith(
            "http://127.0.0.1"
        ):
            problems.append("MOTCUA_SMS_URL must be an https:// address for MOTCUA_SMS_GATEWAY=http.")
        if not settings.MOTCUA_SMS_TOKEN:
            problems.append("MOTCUA_SMS_TOKEN is required for MOTCUA_SMS_GATEWAY=http.")
        return problems

    def send(self, *, to: str, body: str) -> None:
        payload = json.dumps({"to": to, "message": body, "sender": settings.MOTCUA_SMS_SENDER}).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked by check_config
            settings.MOTCUA_SMS_URL,
            data=payload,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.MOTCUA_SMS_TOKEN}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                if not 200 <= response.status < 300:
                    raise SmsDeliveryError(f"gateway answered {response.status}")
        except (urllib.error.URLError, TimeoutError) as error:
            raise SmsDeliveryError(f"gateway unreachable: {error}") from error
