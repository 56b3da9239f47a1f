"""Settings of the payment providers (``payments/contrib/<key>/``), read from the environment like the rest.

Kept apart from ``settings.py`` only for size; ``settings.py`` merges what ``payment_settings`` returns.
Each provider's ``check_config()`` (a Django check) says what is missing for the providers that are enabled.
"""

import hashlib

from django.core.exceptions import ImproperlyConfigured

from .env import env, env_bool, env_list


def _derived(secret_key: str, name: str) -> str:
    """A demo secret derived from SECRET_KEY, so the sandbox needs no configuration (never used in production)."""
    return hashlib.sha256(f"{name}:{secret_key}".encode()).hexdigest()


def payment_settings(*, production: bool, secret_key: str) -> dict:
    sandbox = env_bool("MOTCUA_PAYMENT_SANDBOX", default=not production)
    if production and sandbox:
        raise ImproperlyConfigured("MOTCUA_PAYMENT_SANDBOX cannot be on when MOTCUA_ENV=production.")
    return {
        "MOTCUA_PAYMENT_SANDBOX": sandbox,
        # The providers a citizen may choose online, in this order ("vietqr" = a code to scan with any banking app).
        "MOTCUA_PAYMENT_PROVIDERS": env_list("MOTCUA_PAYMENT_PROVIDERS", "sandbox,vietqr" if sandbox else ""),
        # An online attempt not confirmed within this many minutes is expired (and queried first where possible).
        "MOTCUA_PAYMENT_ATTEMPT_MINUTES": int(env("MOTCUA_PAYMENT_ATTEMPT_MINUTES", "15")),
        "MOTCUA_PAYMENT_TIMEOUT_SECONDS": float(env("MOTCUA_PAYMENT_TIMEOUT_SECONDS", "30")),
        "MOTCUA_PAYMENT": {
            # The simulated bank inside this server: it speaks VNPay 2.1.0 with its own terminal and secret.
            "sandbox": {
                "TMN_CODE": "MOTCUA01",
                "HASH_SECRET": env("MOTCUA_SANDBOX_PAY_SECRET")
                or (_derived(secret_key, "sandbox-pay") if sandbox else ""),
            },
            "vnpay": {
                "URL": env("MOTCUA_VNPAY_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"),
                "API_URL": env("MOTCUA_VNPAY_API_URL", "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"),
                "TMN_CODE": env("MOTCUA_VNPAY_TMN_CODE"),
                "HASH_SECRET": env("MOTCUA_VNPAY_HASH_SECRET"),
            },
            "momo": {
                "ENDPOINT": env("MOTCUA_MOMO_ENDPOINT", "https://test-payment.momo.vn"),
                "PARTNER_CODE": env("MOTCUA_MOMO_PARTNER_CODE"),
                "ACCESS_KEY": env("MOTCUA_MOMO_ACCESS_KEY"),
                "SECRET_KEY": env("MOTCUA_MOMO_SECRET_KEY"),
                "REQUEST_TYPE": env("MOTCUA_MOMO_REQUEST_TYPE", "captureWallet"),
            },
            # Banks that push incoming transfers sign each push with this shared secret (HMAC-SHA256).
            "vietqr": {
                "WEBHOOK_SECRET": env("MOTCUA_VIETQR_WEBHOOK_SECRET")
                or (_derived(secret_key, "vietqr-webhook") if sandbox else ""),
            },
            # The national payment hub: INIT / QUERY endpoints and the shared secret given at onboarding.
            "paygov": {
                "INIT_URL": env("MOTCUA_PAYGOV_INIT_URL"),
                "QUERY_URL": env("MOTCUA_PAYGOV_QUERY_URL"),
                "PARTNER_CODE": env("MOTCUA_PAYGOV_PARTNER_CODE"),
                "SECRET": env("MOTCUA_PAYGOV_SECRET"),
            },
        },
    }


def _minutes(name: str, default: str) -> list[int]:
    """A retry schedule: comma-separated minutes, each a positive whole number (``1,5,30,120,720``)."""
    raw = env_list(name, default)
    if not raw or not all(item.isdigit() and int(item) > 0 for item in raw):
        raise ImproperlyConfigured(f"{name} must be comma-separated whole minutes above 0, like {default}.")
    return [int(item) for item in raw]


def national_settings(*, production: bool) -> dict:
    """The national public-service portal's sync and the partners' webhooks (``motcua.integrations``).

    The national adapter is chosen by key (``integrations/national/base.py``); ``sandbox`` pushes to this server's
    own sandbox receiver unless ``MOTCUA_NATIONAL_URL`` says where. Its secret, left empty with the sandbox on, is
    derived from SECRET_KEY where it is used (``integrations.contrib.sandbox.adapter``).
    """
    sandbox = env_bool("MOTCUA_NATIONAL_SANDBOX", default=not production)
    if production and sandbox:
        raise ImproperlyConfigured("MOTCUA_NATIONAL_SANDBOX cannot be on when MOTCUA_ENV=production.")
    return {
        "MOTCUA_NATIONAL_SANDBOX": sandbox,
        "MOTCUA_NATIONAL_ADAPTER": env("MOTCUA_NATIONAL_ADAPTER", "sandbox" if sandbox else "none"),
        "MOTCUA_NATIONAL": {
            "URL": env("MOTCUA_NATIONAL_URL"),
            "SECRET": env("MOTCUA_NATIONAL_SECRET"),
            "TIMEOUT_SECONDS": float(env("MOTCUA_NATIONAL_TIMEOUT_SECONDS", "10")),
        },
        # After a failed push: wait this many minutes before each next try; after the last, the dossier's sync
        # stops ("Đồng bộ lỗi") until an officer or `motcua national-sync retry` starts it again.
        "MOTCUA_NATIONAL_RETRY_MINUTES": _minutes("MOTCUA_NATIONAL_RETRY_MINUTES", "1,5,30,120,720,1440"),
        # Partners' webhooks: a receiver has this long to answer; then the retry schedule, then "gave up".
        "MOTCUA_WEBHOOK_TIMEOUT_SECONDS": float(env("MOTCUA_WEBHOOK_TIMEOUT_SECONDS", "5")),
        "MOTCUA_WEBHOOK_RETRY_MINUTES": _minutes("MOTCUA_WEBHOOK_RETRY_MINUTES", "1,5,30,120,720"),
        # Off in production: a webhook URL may not point at loopback, private or link-local addresses (SSRF).
        "MOTCUA_WEBHOOK_ALLOW_PRIVATE": env_bool("MOTCUA_WEBHOOK_ALLOW_PRIVATE", default=not production),
    }
