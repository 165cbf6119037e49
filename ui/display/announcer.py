"""The lobby's spoken calls: chime, then "Mời công dân số …", one after another, never cut.

How a number is spoken (chosen for listeners in a noisy lobby): the prefix letter by its
Vietnamese name, then each digit on its own, with pauses — "A015" → "A, không, một,
năm". Digit by digit needs no leading-zero rules, matches what is printed on the ticket
and cannot be misheard as another number ("mười lăm" vs "năm mươi"). The counter is
spoken as a number in words ("quầy số ba", "quầy số mười hai").

The speech engine is anything shaped like QTextToSpeech: `say(text)`, `state()` and a
`stateChanged(state)` signal whose states are named Ready/Speaking/Error; a call goes
out only when the engine is Ready, and the next waits until it is Ready again.
"""

from __future__ import annotations

import logging
from collections import deque

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
LETTERS = {
    "A": "A", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "F": "ép", "G": "giê",
    "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ",
    "O": "o", "P": "pê", "Q": "quy", "R": "e rờ", "S": "ét", "T": "tê", "U": "u", "V": "vê",
    "W": "vê kép", "X": "ích", "Y": "i dài", "Z": "dét",
}
# Safety net for an engine that never reports Ready again: the queue must keep moving.
MAX_SPEECH_MS = 15_000


def number_words(n: int) -> str:
    """0..999 in Vietnamese words, as a counter number is said aloud."""
    if n < 10:
        return DIGITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        head = "mười" if tens == 1 else f"{DIGITS[tens]} mươi"
        if unit == 0:
            return head
        if unit == 5:
            return f"{head} lăm"
        if unit == 1 and tens > 1:
            return f"{head} mốt"
        if unit == 4 and tens > 1:
            return f"{head} tư"
        return f"{head} {DIGITS[unit]}"
    hundreds, rest = divmod(n, 100)
    head = f"{DIGITS[hundreds]} trăm"
    if rest == 0:
        return head
    if rest < 10:
        return f"{head} lẻ {DIGITS[rest]}"
    return f"{head} {number_words(rest)}"


def spoken_number(number: str) -> str:
    parts = [DIGITS[int(ch)] if ch.isdigit() else LETTERS.get(ch.upper(), ch)
             for ch in number.strip()]
    return ", ".join(parts)


def call_text(number: str, counter_no: int | None) -> str:
    """What the screen shows for a call."""
    where = f" đến quầy số {counter_no}" if counter_no else ""
    return f"Mời công dân số {number}{where}"


def spoken_call(number: str, counter_no: int | None) -> str:
    """What the voice says for the same call."""
    where = f", đến quầy số {number_words(counter_no)}" if counter_no else ""
    return f"Mời công dân số {spoken_number(number)}{where}."


class Announcer(QObject):
    sig_started = Signal(str)
    """An announcement starts now (its on-screen text)."""
    sig_idle = Signal()
    """Nothing more to announce."""

    def __init__(self, speech=None, chime=None, *, chime_ms: int = 1200, gap_ms: int = 600,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.speech = speech
        self.chime = chime
        self.chime_ms = chime_ms
        self.gap_ms = gap_ms
        self._queue: deque[tuple[str, str]] = deque()
        self._phase = "idle"  # idle | chime | waiting_engine | speaking | gap
        self._step = QTimer(self)
        self._step.setSingleShot(True)
        self._step.timeout.connect(self._on_step)
        if speech is not None:
            speech.stateChanged.connect(self._on_speech_state)

    @property
    def busy(self) -> bool:
        return self._phase != "idle"

    @property
    def pending(self) -> int:
        return len(self._queue)

    def announce(self, number: str, counter_no: int | None) -> None:
        self._queue.append((call_text(number, counter_no), spoken_call(number, counter_no)))
        if self._phase == "idle":
            self._next()

    def clear(self) -> None:
        self._queue.clear()

    # -- steps ---------------------------------------------------------------------------

    def _next(self) -> None:
        if not self._queue:
            self._phase = "idle"
            self.sig_idle.emit()
            return
        shown, _spoken = self._queue[0]
        self.sig_started.emit(shown)
        self._phase = "chime"
        if self.chime is not None:
            try:
                self.chime.play()
            except Exception:  # a missing audio device must not stop the display
                log.exception("chime failed")
        self._step.start(self.chime_ms if self.chime is not None else 0)

    def _on_step(self) -> None:
        if self._phase in ("chime", "waiting_engine"):
            self._speak()
        elif self._phase in ("speaking", "gap"):
            if self._phase == "speaking":
                log.warning("speech engine did not finish in time; moving on")
            self._queue.popleft()
            self._next()

    def _speak(self) -> None:
        _shown, spoken = self._queue[0]
        if self.speech is None:
            self._finish()
            return
        if _state_name(self.speech.state()) == "Speaking":
            self._phase = "waiting_engine"  # someone else is talking: do not cut them off
            self._step.start(200)
            return
        self._phase = "speaking"
        self._step.start(MAX_SPEECH_MS)
        try:
            self.speech.say(spoken)
        except Exception:
            log.exception("speech failed")
            self._finish()

    def _on_speech_state(self, state) -> None:
        if self._phase == "speaking" and _state_name(state) in ("Ready", "Error"):
            self._finish()

    def _finish(self) -> None:
        self._phase = "gap"
        self._step.start(self.gap_ms)


def _state_name(state) -> str:
    return getattr(state, "name", str(state))
