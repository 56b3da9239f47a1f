"""SMS gateways: one small interface, implementations registered by key, chosen by ``MOTCUA_SMS_GATEWAY``.

The embedded default (``outbox``) is a real gateway of the same interface: it delivers into the outbox that
the demo shows (``/hop-thu/``), so nothing in business code asks whether it runs in a demo.
"""

from django.conf import settings
from django.core import checks

from motcua.core.registry import Registry


class SmsGateway:
    """Delivers one text message to one Vietnamese mobile number (``0xxxxxxxxx``)."""

    key = ""

    def send(self, *, to: str, body: str) -> None:
        """Deliver or raise ``SmsDeliveryError`` (the task retries)."""
        raise NotImplementedError

    def check_config(self) -> list[str]:
        """Problems with the configuration, in plain words; empty when ready."""
        return []


class SmsDeliveryError(Exception):
    pass


sms_gateways: Registry[type[SmsGateway]] = Registry("SMS gateway")


def sms_gateway() -> SmsGateway:
    return sms_gateways[settings.MOTCUA_SMS_GATEWAY]()


def check_sms_gateway(app_configs, **kwargs) -> list[checks.CheckMessage]:
    try:
        problems = sms_gateway().check_config()
    except Exception as error:
        problems = [str(error)]
    return [checks.Error(problem, id="motcua.E001") for problem in problems]
