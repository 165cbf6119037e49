"""Which body formats each operation takes, read from the routes as the OpenAPI document
states them (requestBody.content), without building that document.

The input guard asks this for every request whose body is not JSON (a digitised file's
chunk). It used to ask the OpenAPI document, whose first build is ~200 ms of pure
Python: it ran on the event loop at the first upload after a start, and every request
arriving meanwhile (a clerk's save) waited for it. Reading the routes is cheaper but not
free (FastAPI prepares each included route on first use: 30-160 ms), so the table is made
once, on a thread of its own as the server starts; a request that needs it earlier
awaits it without holding the event loop. tests/backend/test_body_types.py checks the
table against the document for every operation.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from typing import Any

from fastapi.openapi.constants import METHODS_WITH_BODY
from fastapi.routing import APIRoute, iter_route_contexts

from backend.openapi_errors import path_pattern

# path template -> method -> media types, in the OpenAPI document's order of paths
Table = dict[str, dict[str, frozenset[str]]]


def _operations(app: Any) -> Iterator[tuple[str, str, frozenset[str]]]:
    """(path template, method, media types), as fastapi.openapi.utils.get_openapi
    documents them: the body parameter's media type, then openapi_extra merged over it.
    Read from each route as included (a router's include may change them), as it does."""
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        template = route.path_format
        if template is None:
            continue
        extra = ((route.openapi_extra or {}).get("requestBody") or {}).get("content") or {}
        for method in route.methods or ():
            types = set(extra)
            if method in METHODS_WITH_BODY and route.body_field is not None:
                types.add(route.body_field.field_info.media_type)
            yield template, method, frozenset(types)


def table(app: Any) -> Table:
    """Like the document's `paths`: a later route with the same path and method replaces
    the earlier one."""
    paths: Table = {}
    for template, method, types in _operations(app):
        paths.setdefault(template, {})[method] = types
    return paths


Patterns = list[tuple[re.Pattern[str], dict[str, frozenset[str]]]]


class BodyTypes:
    """One application's table, made once on its own thread (start())."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._made: Future[Patterns] | None = None

    def start(self, app: Any) -> Future[Patterns]:
        """Begin making the table (once); the routes are all in place by then."""
        with self._lock:
            if self._made is None:
                made = self._made = Future()
                threading.Thread(target=self._make, args=(app, made), daemon=True,
                                 name="body-types").start()
            return self._made

    @staticmethod
    def _make(app: Any, made: Future[Patterns]) -> None:
        try:
            made.set_result([(path_pattern(t), ops) for t, ops in table(app).items()])
        except BaseException as exc:  # the request that awaits it raises it
            made.set_exception(exc)

    async def at(self, app: Any, method: str, path: str) -> frozenset[str]:
        """The media types the operation at (method, path) takes; empty when it takes no
        body or is not a documented route. The first documented path that matches and
        has the method answers, as backend.openapi_errors.operations_at does."""
        made = self.start(app)
        paths = made.result() if made.done() else await asyncio.wrap_future(made)
        for pattern, ops in paths:
            if method in ops and pattern.fullmatch(path):
                return ops[method]
        return frozenset()
