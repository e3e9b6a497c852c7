"""Ids of sources and actors by name, held by the one that writes them (a BatchWriter, a relink)."""

from __future__ import annotations

# A corpus names ever more people and outlets: past this many names the cache starts again, and a name no longer
# held is looked up by index, so the writer's memory stays flat.
IDS_CACHE = 20_000


class IdCache:
    """Row ids by (kind, name). Cleared whenever a transaction that may have created them is rolled back."""

    def __init__(self, limit: int = IDS_CACHE):
        self.limit = limit
        self._ids: dict[tuple[str, str], int] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def get(self, key: tuple[str, str]) -> int | None:
        return self._ids.get(key)

    def remember(self, key: tuple[str, str], id_: int) -> int:
        if len(self._ids) >= self.limit:
            self._ids.clear()
        self._ids[key] = id_
        return id_

    def clear(self) -> None:
        self._ids.clear()
