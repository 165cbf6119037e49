"""The lobby's spoken calls: what is said, and that one call never cuts off another."""

from __future__ import annotations

from enum import Enum

import pytest
from PySide6.QtCore import QObject, QTimer, Signal

from ui.display.announcer import Announcer, call_text, number_words, spoken_call, spoken_number


class State(Enum):  # named like QTextToSpeech.State
    Ready = 0
    Speaking = 1
    Error = 3


class FakeSpeech(QObject):
    """Speaks for `talk_ms`, then returns to Ready, like QTextToSpeech."""

    stateChanged = Signal(object)

    def __init__(self, talk_ms: int = 120) -> None:
        super().__init__()
        self.talk_ms = talk_ms
        self.said: list[str] = []
        self.cut_off = False
        self._state = State.Ready

    def state(self) -> State:
        return self._state

    def say(self, text: str) -> None:
        if self._state is State.Speaking:
            self.cut_off = True  # QTextToSpeech.say() stops the current utterance
        self.said.append(text)
        self._set(State.Speaking)
        QTimer.singleShot(self.talk_ms, lambda: self._set(State.Ready))

    def _set(self, state: State) -> None:
        self._state = state
        self.stateChanged.emit(state)


class FakeChime:
    def __init__(self) -> None:
        self.plays = 0

    def play(self) -> None:
        self.plays += 1


@pytest.mark.parametrize(("n", "words"), [
    (0, "không"), (3, "ba"), (10, "mười"), (12, "mười hai"), (15, "mười lăm"),
    (21, "hai mươi mốt"), (24, "hai mươi tư"), (25, "hai mươi lăm"), (40, "bốn mươi"),
    (105, "một trăm lẻ năm"), (315, "ba trăm mười lăm"),
])
def test_counter_numbers_in_words(n, words):
    assert number_words(n) == words


def test_ticket_number_is_spoken_letter_then_digit_by_digit():
    assert spoken_number("A015") == "A, không, một, năm"
    assert spoken_number("B007") == "bê, không, không, bảy"
    assert spoken_number("C120") == "xê, một, hai, không"


def test_call_texts():
    assert call_text("A015", 3) == "Mời công dân số A015 đến quầy số 3"
    assert spoken_call("A015", 3) == "Mời công dân số A, không, một, năm, đến quầy số ba."
    assert spoken_call("D002", 12).endswith("đến quầy số mười hai.")


def test_calls_are_queued_and_never_cut_off(qtbot):
    speech, chime = FakeSpeech(talk_ms=150), FakeChime()
    shown: list[str] = []
    # What was said and shown at each change of the engine, seen before the announcer acts.
    changes: list[tuple[State, int, int]] = []
    speech.stateChanged.connect(lambda s: changes.append((s, len(speech.said), len(shown))))
    announcer = Announcer(speech, chime, chime_ms=40, gap_ms=20)
    announcer.sig_started.connect(shown.append)

    announcer.announce("A015", 3)
    announcer.announce("B002", 1)
    assert announcer.busy and announcer.pending == 2
    with qtbot.waitSignal(announcer.sig_idle, timeout=15_000):
        pass
    # While the first call was spoken the second only waited: it started, on screen and
    # aloud, after the engine was Ready again, however slow the machine.
    assert changes == [(State.Speaking, 1, 1), (State.Ready, 1, 1),
                       (State.Speaking, 2, 2), (State.Ready, 2, 2)]
    assert speech.said == [spoken_call("A015", 3), spoken_call("B002", 1)]
    assert shown[1] == "Mời công dân số B002 đến quầy số 1"
    assert chime.plays == 2 and not speech.cut_off and not announcer.busy


def test_waits_for_an_engine_already_speaking(qtbot):
    speech = FakeSpeech(talk_ms=200)
    speech.say("thông báo khác")  # someone else is using the voice
    announcer = Announcer(speech, None, chime_ms=0, gap_ms=10)
    announcer.announce("A001", 2)
    with qtbot.waitSignal(announcer.sig_idle, timeout=15_000):
        pass
    assert speech.said[-1] == spoken_call("A001", 2) and not speech.cut_off


def test_without_voice_or_chime_calls_are_still_shown_in_order(qtbot):
    announcer = Announcer(None, None, gap_ms=10)
    shown: list[str] = []
    announcer.sig_started.connect(shown.append)
    for n in ("A001", "A002", "A003"):
        announcer.announce(n, 1)
    with qtbot.waitSignal(announcer.sig_idle, timeout=15_000):
        pass
    assert [s.split()[4] for s in shown] == ["A001", "A002", "A003"]


def test_an_engine_in_error_does_not_stall_the_queue(qtbot):
    class Broken(FakeSpeech):
        def say(self, text: str) -> None:
            self.said.append(text)
            QTimer.singleShot(10, lambda: self._set(State.Error))

    speech = Broken()
    announcer = Announcer(speech, None, chime_ms=0, gap_ms=10)
    announcer.announce("A001", 1)
    announcer.announce("A002", 1)
    with qtbot.waitSignal(announcer.sig_idle, timeout=15_000):
        pass
    assert len(speech.said) == 2
