from ..base import SmsGateway, sms_gateways


@sms_gateways.register("outbox")
class OutboxGateway(SmsGateway):
    """Keeps the message in the outbox only (the demo and tests read it there); nothing leaves the machine."""

    key = "outbox"

    def send(self, *, to: str, body: str) -> None:
        return None
