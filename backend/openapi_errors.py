"""Write the error answers every route can give into the OpenAPI document.

FastAPI documents only 200 and 422 by itself, so a client generated from the document (or
a contract checker such as schemathesis) would not know that a request without a token
answers 401, that a wrong role answers 403 or that a body over the limit answers 413 —
all with {"detail": "<Vietnamese sentence>"}. The rules follow where those errors come
from (backend/deps.py, backend/input_guard.py, backend/middleware.py, backend/errors.py),
so a new route gets them without a hand-written `responses=`; what a router declares
itself for a status is kept.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

ERROR = "ErrorDetail"
_REF = {"$ref": f"#/components/schemas/{ERROR}"}
_ERROR_SCHEMA = {
    "title": ERROR,
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string", "title": "Detail",
                              "description": "Vietnamese sentence for the clerk"}},
}
_TEXTS = {
    400: "Body that cannot be read (not UTF-8, nested too deep), or a bad Idempotency-Key",
    401: "Missing, expired or revoked bearer token",
    403: "The signed-in account's role may not do this",
    404: "Nothing with this identifier (or the feature is off on this server)",
    413: "Request body over the server's size limit",
    415: "Body in another format than the operation takes (JSON unless said otherwise)",
    422: "Invalid request: FastAPI's list of field errors, or one Vietnamese sentence",
    500: "Unexpected server error (generic Vietnamese sentence; details only in the log)",
}


def _api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        # Newer FastAPI keeps an included router whole instead of copying its routes.
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _api_routes(inner.routes)


def _dependencies(route: APIRoute) -> Iterator[Any]:
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        yield dep.call
        stack.extend(dep.dependencies)


def _answer(status: int, note: str = "") -> dict[str, Any]:
    return {"description": _TEXTS[status] + note,
            "content": {"application/json": {"schema": _REF}}}


def _document(route: APIRoute) -> None:
    calls = list(_dependencies(route))
    names = {getattr(call, "__name__", "") for call in calls}
    roles = sorted(set().union(*(getattr(c, "roles", ()) for c in calls)))
    wanted: dict[int, str] = {}
    if "bearer_token" in names:
        wanted[401] = ""
    if roles:
        wanted[403] = f" (allowed: {', '.join(roles)})"
    if route.dependant.path_params or "demo_only" in names:
        wanted[404] = ""
    wanted[500] = ""
    for status, note in wanted.items():
        route.responses.setdefault(status, _answer(status, note))


def _document_errors(doc: dict[str, Any]) -> None:
    # Every error answers {"detail": ...} (backend/errors.py), whoever declared it. A 422
    # is FastAPI's list of field errors or a router's one sentence (unknown procedure, bad
    # office hours...); NUL or broken Unicode anywhere in a request answers 422 too
    # (backend/middleware.py), even where FastAPI saw no input to validate.
    has_list = "HTTPValidationError" in doc.get("components", {}).get("schemas", {})
    validation = {"$ref": "#/components/schemas/HTTPValidationError"}
    for ops in doc.get("paths", {}).values():
        for op in ops.values():
            responses = op.setdefault("responses", {})
            if "requestBody" in op:  # read by backend/input_guard.py and BodyLimit
                for status in (400, 413, 415):
                    responses.setdefault(str(status), {"description": _TEXTS[status]})
            responses.setdefault("422", {"description": _TEXTS[422]})
            takes_input = has_list and ("requestBody" in op or op.get("parameters"))
            for status, answer in responses.items():
                if status[0] not in "45":
                    continue
                content = answer.setdefault("content", {}).setdefault("application/json", {})
                if status != "422":
                    content.setdefault("schema", _REF)  # a router's own 409, 503...
                    continue
                shapes = [content["schema"]] if content.get("schema") else []
                for shape in ([validation] if takes_input else []) + [_REF]:
                    if shape not in shapes:
                        shapes.append(shape)
                content["schema"] = shapes[0] if len(shapes) == 1 else {"anyOf": shapes}


@functools.lru_cache(maxsize=512)
def path_pattern(path_template: str) -> re.Pattern[str]:
    return re.compile("".join("[^/]+" if part.startswith("{") else re.escape(part)
                              for part in re.split(r"(\{[^}]+\})", path_template)))


def operations_at(doc: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    """method -> operation of every documented route whose template matches `path`."""
    found: dict[str, dict[str, Any]] = {}
    for template, ops in doc.get("paths", {}).items():
        if path_pattern(template).fullmatch(path):
            for method, op in ops.items():
                found.setdefault(method.upper(), op)
    return found


def install(app: FastAPI) -> None:
    """Call once every router is included: adds the common error answers to each route."""
    for route in _api_routes(app.routes):
        if route.include_in_schema:
            _document(route)
    build = app.openapi

    def openapi() -> dict[str, Any]:
        fresh = app.openapi_schema is None
        doc = build()
        if fresh:
            doc.setdefault("components", {}).setdefault("schemas", {})[ERROR] = _ERROR_SCHEMA
            _document_errors(doc)
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
