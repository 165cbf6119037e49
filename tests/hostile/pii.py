"""Every piece of personal data the end-to-end tests put through the system, collected from
where it comes from rather than listed by hand:

- the demo population registry the backend is seeded with (backend/seed/citizens.py),
  which the e2e tests scan as demo cards;
- the demo cards themselves (GET /demo/cards adds a wrong-name card and a person missing
  from the registry), read from a real demo backend;
- the string literals of tests/e2e (typed names, addresses, ID numbers, CCCD payloads).
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from backend.seed.citizens import FAMILY as SEED_FAMILY
from backend.seed.citizens import generate
from tests.domain.strategies import FAMILY as TEST_FAMILY

FAMILY_NAMES = set(SEED_FAMILY) | set(TEST_FAMILY) | {"Vũ", "Phạm", "Đinh"}
_NUMBER = re.compile(r"(?<!\d)(\d{12}|\d{9})(?!\d)")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w+")
MIN_ADDRESS = 12


@dataclass
class PersonalData:
    numbers: set[str] = field(default_factory=set)  # 12-digit and 9-digit ID numbers
    names: set[str] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)

    def add_card_fields(self, fields: list[str]) -> None:
        self.numbers.update(f for f in fields[:2] if _NUMBER.fullmatch(f))
        if len(fields) > 5:
            self.names.add(fields[2])
            if len(fields[5]) >= MIN_ADDRESS:  # "Hà Nội" alone names a city, not a home
                self.addresses.add(fields[5])


def bare(text: str) -> str:
    """Without diacritics ("Nguyễn Văn Đức" -> "Nguyen Van Duc"), as a keyboard without a
    Vietnamese layout or a log that strips accents would have it."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _looks_like_a_name(text: str) -> bool:
    words = text.split()
    return (2 <= len(words) <= 5 and words[0] in FAMILY_NAMES
            and all(w[:1].isupper() and _WORD.fullmatch(w) for w in words))


def _looks_like_an_address(text: str) -> bool:
    return (len(text) >= MIN_ADDRESS and "," in text and any(ch.isdigit() for ch in text)
            and any(w in text for w in ("Số ", "phố", "phường", "Hà Nội", "Xã", "Quận")))


def from_registry(data: PersonalData) -> None:
    for person in generate():
        data.numbers.add(person.id_number)
        if person.old_id_number:
            data.numbers.add(person.old_id_number)
        data.names.add(person.full_name)
        data.addresses.add(person.address)


def from_demo_cards(data: PersonalData, payloads: list[str]) -> None:
    for payload in payloads:
        data.add_card_fields(payload.split("|"))


def from_sources(data: PersonalData, folder: Path) -> int:
    """String literals of every file in `folder`; returns how many files were read."""
    files = [p for p in sorted(folder.rglob("*")) if p.suffix in (".py", ".json", ".csv", ".txt")]
    for path in files:
        text = path.read_text("utf-8")
        strings = ([n.value for n in ast.walk(ast.parse(text))
                    if isinstance(n, ast.Constant) and isinstance(n.value, str)]
                   if path.suffix == ".py" else text.splitlines())
        for s in strings:
            data.numbers.update(_NUMBER.findall(s))
            if s.count("|") >= 6:
                data.add_card_fields(s.split("|"))
            elif _looks_like_a_name(s):
                data.names.add(s)
            elif _looks_like_an_address(s):
                data.addresses.add(s)
    return len(files)


class Finder:
    """Finds every piece of `data` in log text: numbers not inside a longer run of digits;
    names and addresses as whole words, in any case, with and without diacritics. Plain
    substring search: a regex of a thousand alternatives takes seconds per megabyte."""

    def __init__(self, data: PersonalData) -> None:
        self.numbers = {n: f"ID number {n}" for n in data.numbers}
        self.texts: dict[str, str] = {}
        for kind, texts in (("name", data.names), ("address", data.addresses)):
            for text in texts:
                for variant in (text, bare(text)):
                    self.texts[variant.lower()] = f"{kind} {text!r}"

    def __call__(self, text: str) -> Iterator[tuple[str, int]]:
        """(what, where) for each hit."""
        for m in _DIGITS.finditer(text):
            if m.group() in self.numbers:
                yield self.numbers[m.group()], m.start()
        low = text.lower()
        for needle, label in self.texts.items():
            at = low.find(needle)
            while at >= 0:
                end = at + len(needle)
                if not (at and low[at - 1].isalnum()) and not low[end:end + 1].isalnum():
                    yield label, at
                at = low.find(needle, at + 1)
