from django.apps import AppConfig
from django.core import checks


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = "Thông báo (thư điện tử, tin nhắn)"

    def ready(self) -> None:
        from . import contrib  # noqa: F401 - registers the SMS gateways
        from .base import check_sms_gateway

        checks.register(check_sms_gateway, "motcua")
