"""Every status and priority a clerk, an applicant or a supervisor can meet has its words,
from the one table in counter_app/domain/labels.py, wherever it is shown."""

from typing import get_args

import pytest

from backend.dossiers.lifecycle import NEXT
from backend.schemas_queue import Priority
from counter_app.client.queue import Ticket
from counter_app.domain import labels
from counter_app.domain.queue import STATUSES, QueueRuleError, transition


def test_every_ticket_status_has_a_label_and_a_phrase():
    assert set(labels.TICKET_STATUS) == set(STATUSES) == set(labels.TICKET_STATUS_PHRASE)


def test_every_priority_the_backend_accepts_has_a_label():
    assert set(labels.PRIORITY) == set(get_args(Priority))
    assert set(labels.PRIORITY_HINTS) <= set(labels.PRIORITY)


def test_every_dossier_status_of_the_lifecycle_has_a_label():
    assert set(labels.DOSSIER_STATUS) == set(NEXT)


def test_a_ticket_reads_its_labels_from_the_table():
    ticket = Ticket.from_json({"id": 1, "number": "A001", "service_code": "HT",
                               "status": "no_show", "priority": "elderly",
                               "issued_at": "2026-12-04T08:00:00+07:00"})
    assert ticket.status_label == "Vắng mặt"
    assert ticket.priority_label == "Người cao tuổi"


def test_an_unknown_code_from_a_newer_backend_is_shown_as_it_is():
    assert labels.label(labels.DOSSIER_STATUS, "archived") == "archived"
    assert labels.label(labels.PRIORITY, None) == ""


def test_a_refused_transition_names_the_status_in_words():
    with pytest.raises(QueueRuleError, match="“đã xong”"):
        transition("done", "recall")
