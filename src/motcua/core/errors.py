"""Domain errors raised by services; front doors turn them into clear Vietnamese messages."""


class DomainError(Exception):
    """A rule of the domain was broken. ``message`` is safe to show to the person who acted."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class NotFound(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_found")
