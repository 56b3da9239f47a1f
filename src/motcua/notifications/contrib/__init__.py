"""SMS gateway implementations; importing this package registers them."""

from . import http, outbox  # noqa: F401
