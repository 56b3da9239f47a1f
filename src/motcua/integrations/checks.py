"""The national adapter's ``check_config()`` as a Django system check (``manage check``, start-up, CI)."""

from django.conf import settings
from django.core.checks import Error, register

from .national.base import adapter_get, adapters


@register("integrations")
def national_adapter_configured(app_configs, **kwargs) -> list[Error]:
    key = settings.MOTCUA_NATIONAL_ADAPTER
    if key not in adapters:
        return [
            Error(
                f"MOTCUA_NATIONAL_ADAPTER: unknown adapter {key!r} (known: {', '.join(adapters)})",
                id="motcua.integrations.E001",
            )
        ]
    return [
        Error(f"national adapter {key!r}: {problem}", id="motcua.integrations.E002")
        for problem in adapter_get().check_config()
    ]
