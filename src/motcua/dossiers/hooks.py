"""Apps above ``dossiers`` act on a dossier's transitions through this registry, never through signals.

A listener runs inside the transition's transaction, after its event is written, with the dossier locked: what it
writes commits or rolls back with the transition (``payments`` opens the fee order a stage calls for).

Dossiers written in bulk, outside the transitions (the demo's year of history), are announced once, by their ids,
inside the transaction that wrote them (``reports`` marks them for the next statistics refresh).
"""

from typing import Protocol

from .models import Dossier


class TransitionListener(Protocol):
    def __call__(self, *, dossier: Dossier, action: str, from_state: str, to_state: str) -> None: ...


_listeners: list[TransitionListener] = []


def on_transition(listener: TransitionListener) -> TransitionListener:
    """Register ``listener`` (from an AppConfig.ready); registering the same function twice is a no-op."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def transition_notify(*, dossier: Dossier, action: str, from_state: str, to_state: str) -> None:
    for listener in _listeners:
        listener(dossier=dossier, action=action, from_state=from_state, to_state=to_state)


class BulkWriteListener(Protocol):
    def __call__(self, *, dossier_ids: list[int]) -> None: ...


_bulk_listeners: list[BulkWriteListener] = []


def on_bulk_write(listener: BulkWriteListener) -> BulkWriteListener:
    """Register ``listener`` for dossiers written in bulk (from an AppConfig.ready); twice is a no-op."""
    if listener not in _bulk_listeners:
        _bulk_listeners.append(listener)
    return listener


def bulk_write_notify(*, dossier_ids: list[int]) -> None:
    for listener in _bulk_listeners:
        listener(dossier_ids=dossier_ids)
