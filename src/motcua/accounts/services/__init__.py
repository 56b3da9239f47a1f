"""Writes on accounts: one module per kind of account, every service re-exported here."""

from .citizens import citizen_upsert_from_identity
from .counter import citizen_register_at_counter, officer_ensure
from .edata import edata_item_delete
from .organisations import (
    ORGANISATION_KINDS,
    organisation_certificate_login,
    organisation_ensure,
    organisation_register,
)
from .users import user_ensure

__all__ = [
    "ORGANISATION_KINDS",
    "citizen_register_at_counter",
    "citizen_upsert_from_identity",
    "edata_item_delete",
    "officer_ensure",
    "organisation_certificate_login",
    "organisation_ensure",
    "organisation_register",
    "user_ensure",
]
