"""Typed views of the backend's JSON, at the boundary where it enters the client.

`ApiClient.request` returns Any (each endpoint has its own shape); the `from_json` of each
model reads it through these, so a missing object or list reads as empty and everything
past the boundary is typed.
"""

from __future__ import annotations

from typing import Any, cast

JsonObject = dict[str, Any]


def obj(value: object) -> JsonObject:
    """`value` when it is a JSON object, else {} (absent, null)."""
    return cast(JsonObject, value) if isinstance(value, dict) else {}


def is_object(value: object) -> bool:
    return isinstance(value, dict)


def objects(value: object) -> list[JsonObject]:
    """The JSON objects of a list (a missing or null list reads as empty)."""
    if not isinstance(value, list):
        return []
    return [obj(x) for x in cast(list[object], value)]
