"""The office, catalogue and calendar a headless ReceptionService needs: live from the
backend when it answers (and then saved), else the copies saved last time. The counter
window gets the same through ui/counter/reception/catalogue_loader.py and feeds the service itself."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from counter_app.client import errors
from counter_app.client.catalogue_cache import calendar_cache, catalogue_cache
from counter_app.client.dossiers import CalendarOverrides, DossierApi
from counter_app.client.json_values import objects
from counter_app.client.models import Procedure
from counter_app.client.offline_session import load_health, save_health

if TYPE_CHECKING:
    from counter_app.client.api import ApiClient
    from counter_app.client.models import Office
    from counter_app.domain.calendar import WorkingCalendar

log = logging.getLogger(__name__)
OFFLINE = (errors.Unreachable, errors.Timeout)


class ReferenceUser(Protocol):
    """What load_reference feeds (a ReceptionService), named here so that this module does
    not import reception.py, which imports it."""

    api: ApiClient

    def set_office(self, office: Office | None) -> None: ...
    def set_procedures(self, procedures: list[Procedure]) -> None: ...
    def set_calendar(self, calendar: WorkingCalendar | None) -> None: ...


def load_reference(service: ReferenceUser, cache: Path | None = None) -> bool:
    """Feed `service` (ReceptionService); True when the backend answered live."""
    api = DossierApi(service.api)
    try:
        health = service.api.health()
        procedures = api.procedures_json()
        calendar = api.calendar_json()
    except OFFLINE as exc:
        log.info("reference data from the saved copies (%s)", exc.kind)
        health = load_health(cache)
        saved_procedures = catalogue_cache(cache).load()
        saved_calendar = calendar_cache(cache).load()
        procedures = objects(saved_procedures.data) if saved_procedures else []
        calendar = saved_calendar.data if saved_calendar else None
        live = False
    else:
        for save in (lambda: save_health(health, cache),
                     lambda: catalogue_cache(cache).save(procedures),
                     lambda: calendar_cache(cache).save(calendar)):
            try:
                save()
            except OSError as exc:  # a full disk must not stop reception
                log.warning("could not save reference data: %s", exc)
        live = True
    if health is not None:
        service.set_office(health.office)
    service.set_procedures([Procedure.from_json(p) for p in procedures])
    if calendar is not None:
        service.set_calendar(CalendarOverrides.from_json(calendar).working_calendar())
    return live
