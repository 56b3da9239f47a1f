"""The one settings module of motcua.

Every value comes from an environment variable with an embedded default that needs nothing but uv
(SQLite in ``var/``, files in ``var/media``, tasks in the database, mail to an outbox).
``docs/configuration.md`` lists every variable; ``tests/test_configuration.py`` keeps that list honest.
Production mode (``MOTCUA_ENV=production``) refuses to start with DEBUG on or without a secret key.
"""

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from .env import env, env_bool, env_list
from .identity import vneid_settings
from .integrations import national_settings, payment_settings

PACKAGE_DIR = Path(__file__).resolve().parent.parent


ENVIRONMENT = env("MOTCUA_ENV", "development")
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured(f"MOTCUA_ENV must be development, production or test, not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

VAR_DIR = Path(env("MOTCUA_VAR_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("MOTCUA_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("MOTCUA_DEBUG must be off when MOTCUA_ENV=production.")


def _secret_key() -> str:
    key = env("MOTCUA_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("MOTCUA_SECRET_KEY is required when MOTCUA_ENV=production.")
    # Outside production the key is generated once and kept in var/, never a fixed fallback.
    key_file = VAR_DIR / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("MOTCUA_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("MOTCUA_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "motcua.core",
    "motcua.accounts",
    "motcua.identity",
    "motcua.identity.contrib.oidc",
    "motcua.identity.contrib.sandbox",
    "motcua.identity.contrib.certificate",
    "motcua.catalogue",
    "motcua.dossiers",
    "motcua.workdays",
    "motcua.notifications",
    "motcua.documents",
    "motcua.audit",
    "motcua.payments",
    "motcua.payments.contrib.sandbox",
    "motcua.payments.contrib.vnpay",
    "motcua.payments.contrib.momo",
    "motcua.payments.contrib.vietqr",
    "motcua.payments.contrib.paygov",
    "motcua.reports",
    "motcua.integrations",
    "motcua.integrations.contrib.sandbox",
    "motcua.portal",
    "motcua.backoffice",
    "motcua.api",
    # After our apps: our templates override allauth's (account/*, mfa/*).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "altcha_django",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.conf.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "motcua.conf.middleware.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "motcua.portal.statistics.middleware.VisitCounterMiddleware",  # a count per day; nothing about the visitor
]

ROOT_URLCONF = "motcua.conf.urls"
WSGI_APPLICATION = "motcua.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.portal.context_processors.portal",
            ],
        },
    }
]

# --- Database: SQLite (WAL) in var/ by default, any DATABASE_URL otherwise -----------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(env("MOTCUA_DB_CONN_MAX_AGE", "60")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            " PRAGMA foreign_keys=ON; PRAGMA mmap_size=134217728; PRAGMA cache_size=-32000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory by default, Redis by MOTCUA_REDIS_URL, none by MOTCUA_CACHE=none ------------
REDIS_URL = env("MOTCUA_REDIS_URL")
CACHE_MODE = env("MOTCUA_CACHE", "redis" if REDIS_URL else "local")
if CACHE_MODE not in {"local", "redis", "none"} or (CACHE_MODE == "redis" and not REDIS_URL):
    raise ImproperlyConfigured("MOTCUA_CACHE must be local, none, or redis (with MOTCUA_REDIS_URL).")
CACHES = {
    "default": {
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}},
        "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "none": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }[CACHE_MODE]
}

# --- Tasks: Django's tasks API with the database backend ------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env("MOTCUA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Accounts (django-allauth: sign-up, e-mail confirmation, password reset, rate limits, TOTP) ------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
ACCOUNT_ADAPTER = "motcua.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = int(env("MOTCUA_EMAIL_CONFIRMATION_DAYS", "3"))
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Failed logins: 10 a minute per address, and an account locked for 5 minutes after 5 failures.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("MOTCUA_LOGIN_RATE_LIMIT", "10/m/ip,5/300s/key"),
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MOTCUA_TOTP_ISSUER", "Một cửa điện tử")
# A session with no request for this long is ended (citizens: 15 minutes; officers: their own value).
MOTCUA_SESSION_IDLE_MINUTES = int(env("MOTCUA_SESSION_IDLE_MINUTES", "15"))
MOTCUA_OFFICER_SESSION_IDLE_MINUTES = int(env("MOTCUA_OFFICER_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = int(env("MOTCUA_SESSION_MAX_HOURS", "8")) * 3600
# Public base address, for links in e-mail and SMS sent from the worker (no request there).
MOTCUA_PUBLIC_URL = env("MOTCUA_PUBLIC_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")

# --- Captcha ("mã xác nhận"): self-hosted ALTCHA proof of work -----------------------------------
MOTCUA_CAPTCHA = env_bool("MOTCUA_CAPTCHA", default=True)
ALTCHA_HMAC_SECRET = env("MOTCUA_CAPTCHA_SECRET") or f"altcha:{SECRET_KEY}"
ALTCHA_TEST_MODE = not MOTCUA_CAPTCHA
ALTCHA_WIDGET_I18N = True
# Per-process replay protection is what the embedded mode has; at scale MOTCUA_REDIS_URL shares it.
SILENCED_SYSTEM_CHECKS = ["altcha.W001"] if CACHE_MODE != "redis" else []

# --- Citizen identity: VNeID (or any OpenID Connect provider): conf/identity.py ------------------
globals().update(vneid_settings(production=PRODUCTION, public_url=MOTCUA_PUBLIC_URL, secret_key=SECRET_KEY))

# --- Organisations: login with the unit's digital-signature certificate ---------------------------
MOTCUA_CERT_TRUSTED_CAS = env_list("MOTCUA_CERT_TRUSTED_CAS", "")
MOTCUA_CERT_CRLS = env_list("MOTCUA_CERT_CRLS", "")
MOTCUA_CERT_DEMO_CA = env_bool("MOTCUA_CERT_DEMO_CA", default=not PRODUCTION)
if PRODUCTION and MOTCUA_CERT_DEMO_CA:
    raise ImproperlyConfigured("MOTCUA_CERT_DEMO_CA cannot be on when MOTCUA_ENV=production.")

# --- Digital signatures of results (documents/signing.py) ------------------------------------------
# The agency's .p12 (or a folder of <agency code>.p12); without it, outside production, a demo CA in var/ signs.
MOTCUA_SIGNING_PKCS12 = env("MOTCUA_SIGNING_PKCS12")
MOTCUA_SIGNING_PKCS12_PASSWORD = env("MOTCUA_SIGNING_PKCS12_PASSWORD")
# CA certificates (PEM or DER files, comma-separated) a result's signature must chain to on the verification page.
MOTCUA_SIGNING_TRUST_ROOTS = env_list("MOTCUA_SIGNING_TRUST_ROOTS", "")

# --- Internationalisation: Vietnamese first, English second ---------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
LANGUAGE_COOKIE_NAME = "motcua_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Files ----------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("MOTCUA_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MOTCUA_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env("MOTCUA_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Before ``collectstatic`` has run (tests, ``manage`` commands) fall back to the unhashed file names.
WHITENOISE_MANIFEST_STRICT = False
WHITENOISE_MAX_AGE = 3600
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Mail: to the outbox in var/ by default, SMTP by configuration ---------------------------------
OUTBOX_DIR = VAR_DIR / "outbox"
EMAIL_TRANSPORT = env("MOTCUA_EMAIL", "outbox")
if EMAIL_TRANSPORT not in {"outbox", "smtp"}:
    raise ImproperlyConfigured("MOTCUA_EMAIL must be outbox or smtp.")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("MOTCUA_SMTP_HOST", "localhost"),
                "port": int(env("MOTCUA_SMTP_PORT", "587")),
                "username": env("MOTCUA_SMTP_USER"),
                "password": env("MOTCUA_SMTP_PASSWORD"),
                "use_tls": env_bool("MOTCUA_SMTP_TLS", default=True),
                "timeout": 20,
            },
        }
        if EMAIL_TRANSPORT == "smtp"
        else {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(OUTBOX_DIR)},
        }
    )
}
DEFAULT_FROM_EMAIL = env("MOTCUA_DEFAULT_FROM_EMAIL", "Cổng Dịch vụ công <no-reply@dichvucong.localhost>")

# --- SMS: to the outbox by default, an HTTP gateway by configuration --------------------------------
MOTCUA_SMS_GATEWAY = env("MOTCUA_SMS_GATEWAY", "outbox")
MOTCUA_SMS_URL = env("MOTCUA_SMS_URL")
MOTCUA_SMS_TOKEN = env("MOTCUA_SMS_TOKEN")
MOTCUA_SMS_SENDER = env("MOTCUA_SMS_SENDER", "DVC KONTUM")
# The outbox page lists every message sent (one-time codes included): a demo tool, never in production.
MOTCUA_OUTBOX_PAGE = env_bool("MOTCUA_OUTBOX_PAGE", default=not PRODUCTION)
if PRODUCTION and MOTCUA_OUTBOX_PAGE:
    raise ImproperlyConfigured("MOTCUA_OUTBOX_PAGE cannot be on when MOTCUA_ENV=production.")

# --- Security -------------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    # The one inline <style> the vendored ALTCHA 3.3.0 widget injects (tests/e2e recomputes this hash).
    "style-src": [CSP.SELF, "'sha256-ZgqGuQlekW98cv0XQjYUGCLTvc3q5MkU+2SkqlFGoTM='"],
    # ALTCHA solves its proof of work in Web Workers created from a Blob.
    "worker-src": [CSP.SELF, "blob:"],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("MOTCUA_SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("MOTCUA_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("MOTCUA_BEHIND_PROXY", False) else None
SECURE_HSTS_SECONDS = int(env("MOTCUA_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))

# --- The portal -----------------------------------------------------------------------------------
MOTCUA_PROVINCE_NAME = env("MOTCUA_PROVINCE_NAME", "Kon Tum")
MOTCUA_PORTAL_TITLE = env(
    "MOTCUA_PORTAL_TITLE", f"Hệ thống thông tin giải quyết thủ tục hành chính tỉnh {MOTCUA_PROVINCE_NAME}"
)
MOTCUA_SEARCH_PAGE_SIZE = int(env("MOTCUA_SEARCH_PAGE_SIZE", "20"))
# "Tra cứu hồ sơ" answers this many lookups a minute per address (guessing codes and ID numbers is slow).
MOTCUA_LOOKUP_PER_MINUTE = int(env("MOTCUA_LOOKUP_PER_MINUTE", "20"))

# --- Dossier files --------------------------------------------------------------------------------
# Each component has its own size limit (catalogue); these bound a whole dossier and one request.
MOTCUA_DOSSIER_MAX_MB = int(env("MOTCUA_DOSSIER_MAX_MB", "100"))
MOTCUA_FILES_PER_COMPONENT = int(env("MOTCUA_FILES_PER_COMPONENT", "10"))
MOTCUA_UPLOAD_MAX_MB = int(env("MOTCUA_UPLOAD_MAX_MB", "60"))
# Uploads above 2.5 MB go to a temporary file while they are checked: a worker's memory does not grow with them.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("MOTCUA_LOG_LEVEL", "INFO")},
    # pyHanko logs each untrusted or damaged PDF sent to the public verification page (which says so) with a traceback.
    "loggers": {"django.db.backends": {"level": "INFO"}, "fontTools": {"level": "WARNING"}}
    | {name: {"level": "ERROR"} for name in ("pyhanko", "pyhanko_certvalidator")},
}

if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("MOTCUA_ALLOWED_HOSTS is required when MOTCUA_ENV=production.")

# --- Fees and charges: payment providers (conf/integrations.py) -----------------------------------
globals().update(payment_settings(production=PRODUCTION, secret_key=SECRET_KEY))
globals().update(national_settings(production=PRODUCTION))
