"""Write chime.wav: a soft two-tone "ding-dong" (E5 then C5) played before each call.

Run: python resources/sounds/make_chime.py. Pure standard library (wave + math) so the
sound can be rebuilt anywhere; 22.05 kHz mono 16-bit keeps it small (~60 KB).
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
# (frequency Hz, start s, length s): the second tone overlaps the first's tail, like a bell.
TONES = ((659.25, 0.0, 0.9), (523.25, 0.45, 1.0))
LENGTH = 1.45
VOLUME = 0.35  # calm: a lobby chime should not startle anyone


def sample(t: float) -> float:
    value = 0.0
    for freq, start, length in TONES:
        local = t - start
        if 0.0 <= local < length:
            attack = min(1.0, local / 0.01)  # no click at the start
            decay = math.exp(-3.2 * local / length) * (1.0 - local / length)
            tone = math.sin(2 * math.pi * freq * local) + 0.25 * math.sin(4 * math.pi * freq * local)
            value += attack * decay * tone / 1.25
    return value


OUT = Path(__file__).with_name("chime.wav")


def main(path: Path = OUT) -> Path:
    frames = bytearray()
    for i in range(int(RATE * LENGTH)):
        value = max(-1.0, min(1.0, VOLUME * sample(i / RATE)))
        frames += struct.pack("<h", int(value * 32767))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(frames))
    return path


if __name__ == "__main__":
    print(main())
