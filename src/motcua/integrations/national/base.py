"""The national-portal adapter interface: four members. Adapters register by key; MOTCUA_NATIONAL_ADAPTER picks one.

An adapter turns one queued message (a dossier's status with its national code 1–10) into whatever the portal
speaks and says how it went: ``accepted``, ``rejected`` (the portal refused it: retrying the same message will not
help, the dossier's queue stops and officers see the reason) or ``transient`` (no answer, a 5xx, a refused
login: tried again later with backoff). It never touches the queue itself: ``services.national`` does.

Registered here: ``none`` (the sync is off: nothing is queued). ``contrib/sandbox`` registers ``sandbox``, which
pushes JSON over HTTPS to our own sandbox receiver (or any server that speaks it). There is no adapter for the
real national portal's protocol: its message format is not published (``docs/integrations.md``).
"""

from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from django.conf import settings

from motcua.core.registry import Registry

ACCEPTED, REJECTED, TRANSIENT = "accepted", "rejected", "transient"


@dataclass(frozen=True)
class OutgoingMessage:
    message_id: UUID
    dossier_code: str
    sequence: int
    status_code: int
    payload: dict


@dataclass(frozen=True)
class PushResult:
    outcome: str  # ACCEPTED | REJECTED | TRANSIENT
    reason: str = ""  # why it was not accepted (shown to officers)
    response: dict = field(default_factory=dict)  # what the portal answered, kept on the message


class NationalAdapter:
    key: ClassVar[str]
    label: ClassVar[str]
    # False: the sync is off — transitions queue nothing (``none``).
    enabled: ClassVar[bool] = True

    def __init__(self, config: dict | None = None) -> None:
        self.config = dict(config or {})

    def check_config(self) -> list[str]:
        """What is missing or wrong in the configuration (empty: ready)."""
        return []

    def push(self, message: OutgoingMessage) -> PushResult:
        raise NotImplementedError


adapters: Registry[type[NationalAdapter]] = Registry("national-portal adapters")


@adapters.register("none")
class NoAdapter(NationalAdapter):
    key = "none"
    label = "Không đồng bộ"
    enabled = False

    def push(self, message: OutgoingMessage) -> PushResult:
        return PushResult(TRANSIENT, "Chưa cấu hình kênh đồng bộ với Cổng Dịch vụ công quốc gia.")


def adapter_get() -> NationalAdapter:
    """The configured adapter (ImproperlyConfigured if its key is unknown)."""
    return adapters[settings.MOTCUA_NATIONAL_ADAPTER](settings.MOTCUA_NATIONAL)
