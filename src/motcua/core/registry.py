"""A small generic registry for plug-ins (payment providers, identity providers, search backends …).

Implementations register under a key; configuration chooses the key. Looking up an unknown key is a
configuration error, reported with the keys that do exist.
"""

from collections.abc import Callable, Iterator

from django.core.exceptions import ImproperlyConfigured


class Registry[T]:
    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, T] = {}

    def register(self, key: str) -> Callable[[T], T]:
        def decorator(item: T) -> T:
            if key in self._items:
                raise ImproperlyConfigured(f"{self.name}: {key!r} is registered twice")
            self._items[key] = item
            return item

        return decorator

    def __getitem__(self, key: str) -> T:
        try:
            return self._items[key]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise ImproperlyConfigured(f"{self.name}: unknown key {key!r} (known: {known})") from None

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._items))
