"""The REST API for partner systems (``/api/v1/``): django-ninja, API keys with scopes, one router per area."""
