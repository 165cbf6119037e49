"""The display's sound devices, each optional: a lobby screen with no speaker, no audio
library (QtMultimedia needs libpulse on Linux) or no Vietnamese voice still shows calls.
"""

from __future__ import annotations

import logging
import wave

from PySide6.QtCore import QLocale, QObject, QUrl

import resources

log = logging.getLogger(__name__)


def chime_path():
    return resources.path("sounds", "chime.wav")


def chime_length_ms() -> int:
    try:
        with wave.open(str(chime_path()), "rb") as w:
            return int(1000 * w.getnframes() / w.getframerate())
    except (OSError, wave.Error):
        return 1200


def make_chime(parent: QObject):
    """A QSoundEffect for the chime, or None when this PC cannot play sound."""
    try:
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
    except ImportError as exc:
        log.warning("no audio library, calls are shown without a chime: %s", exc)
        return None
    if not QMediaDevices.audioOutputs():
        log.warning("no audio output device; calls are shown without a chime")
        return None
    effect = QSoundEffect(parent)
    effect.setSource(QUrl.fromLocalFile(str(chime_path())))
    effect.setVolume(0.8)
    return effect


def make_speech(parent: QObject) -> tuple[object | None, str]:
    """A QTextToSpeech speaking Vietnamese, or (None, why) for chime-only calls."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:
        return None, f"không có thư viện đọc giọng nói ({exc})"
    engines = QTextToSpeech.availableEngines()
    for name in engines:
        engine = QTextToSpeech(name, parent)
        if engine.state() == QTextToSpeech.State.Error:
            engine.deleteLater()
            continue
        vietnamese = [loc for loc in engine.availableLocales()
                      if loc.language() == QLocale.Language.Vietnamese]
        if vietnamese:
            engine.setLocale(vietnamese[0])
            voices = engine.availableVoices()
            if voices:
                engine.setVoice(voices[0])
            engine.setRate(-0.1)  # a little slower than normal: lobbies echo
            return engine, f"giọng đọc tiếng Việt ({name})"
        engine.deleteLater()
    return None, "không có giọng đọc tiếng Việt; chỉ phát chuông" if engines else \
        "không có bộ đọc giọng nói; chỉ phát chuông"
