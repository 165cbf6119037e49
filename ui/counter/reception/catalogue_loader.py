"""The procedure catalogue and the office calendar for the reception page: live from the
backend when it answers (and then saved for later), else the copy saved last time."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from counter_app.client.api import ApiClient
from counter_app.client.catalogue_cache import Cached, JsonCache, calendar_cache, catalogue_cache
from counter_app.client.dossiers import CalendarOverrides, DossierApi
from counter_app.client.models import Procedure
from ui.common.tasks import Task, logged

log = logging.getLogger(__name__)


def _fetch_and_keep(fetch, cache: JsonCache):
    """Pool thread: the live answer, saved for the next time the backend is down."""
    data = fetch()
    try:
        cache.save(data)
    except (OSError, TypeError, ValueError) as exc:  # a full disk must not stop reception
        log.warning("could not save %s: %s", cache.path.name, exc)
    return data


class CatalogueLoader(QObject):
    sig_procedures = Signal(object, str)
    """Procedures to list (list[Procedure]) and a note: empty when live, else the cache time."""
    sig_calendar = Signal(object)
    """The office's WorkingCalendar, built with its override tables."""
    sig_failed = Signal(object)
    """Neither the backend nor a saved copy could give a catalogue (the exception)."""

    def __init__(self, api: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = DossierApi(api)
        self._catalogue = catalogue_cache()
        self._calendar = calendar_cache()
        self.stale = False  # showing a saved copy: reload when the backend is back

    def load(self) -> None:
        api, cache = self._api, self._catalogue
        Task(self, lambda: _fetch_and_keep(api.procedures_json, cache), self._on_live) \
            .failure(self._on_live_failed).run()
        calendar = self._calendar
        Task(self, lambda: _fetch_and_keep(api.calendar_json, calendar), self._on_calendar) \
            .failure(self._on_calendar_failed).run()

    # -- catalogue --------------------------------------------------------------------------

    def _on_live(self, raw: list) -> None:
        self.stale = False
        self.sig_procedures.emit([Procedure.from_json(p) for p in raw], "")

    def _on_live_failed(self, exc: BaseException) -> None:
        log.warning("catalogue not available live: %s", exc)
        self.stale = True
        Task(self, self._catalogue.load, lambda cached: self._on_cached(cached, exc)) \
            .failure(lambda _e: self.sig_failed.emit(exc)).run()

    def _on_cached(self, cached: Cached | None, exc: BaseException) -> None:
        if cached is None:
            self.sig_failed.emit(exc)
            return
        try:
            procedures = [Procedure.from_json(p) for p in cached.data]
        except (KeyError, TypeError, ValueError) as bad:
            log.warning("saved catalogue unusable: %s", bad)
            self.sig_failed.emit(exc)
            return
        self.sig_procedures.emit(
            procedures, f"Mất kết nối máy chủ — danh mục lưu tạm lúc {cached.label}.")

    # -- calendar ---------------------------------------------------------------------------

    def _on_calendar(self, raw: dict) -> None:
        self._emit_calendar(raw)

    def _on_calendar_failed(self, exc: BaseException) -> None:
        log.info("calendar not available live (%s); using the saved copy", exc)
        Task(self, self._calendar.load,
             lambda cached: cached is not None and self._emit_calendar(cached.data)) \
            .failure(logged("saved calendar unreadable")).run()

    def _emit_calendar(self, raw: dict) -> None:
        try:
            self.sig_calendar.emit(CalendarOverrides.from_json(raw).working_calendar())
        except (KeyError, TypeError, ValueError) as exc:
            log.error("office calendar unusable, default calendar kept: %s", exc)
