"""Each enabled provider's ``check_config()`` as a Django system check (``manage check``, start-up, CI)."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from .base import provider_get, providers


@register("payments")
def payment_providers_configured(app_configs, **kwargs) -> list[Error]:
    errors = []
    for key in settings.MOTCUA_PAYMENT_PROVIDERS:
        if key not in providers:
            errors.append(
                Error(
                    f"MOTCUA_PAYMENT_PROVIDERS: unknown provider {key!r} (known: {', '.join(providers)})",
                    id="motcua.payments.E001",
                )
            )
            continue
        try:
            problems = provider_get(key).check_config()
        except ImproperlyConfigured as error:
            problems = [str(error)]
        errors += [Error(f"payment provider {key!r}: {problem}", id="motcua.payments.E002") for problem in problems]
    return errors
