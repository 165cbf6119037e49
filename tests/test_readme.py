"""The README is checked against the code: every command it shows answers `--help` and
knows every option the README gives it, and its settings tables list exactly the settings
the code declares. A renamed option or setting fails here, not at an office."""

from __future__ import annotations

import dataclasses
import os
import re
import shlex
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def _commands(prefix: str) -> list[str]:
    """Every `prefix …` command in the README: fenced lines and inline code."""
    found = re.findall(rf"^({re.escape(prefix)} [^\n#]*)", README, re.M)
    found += re.findall(rf"`({re.escape(prefix)} [^`]*)`", README)
    return sorted({c.strip() for c in found})


@cache
def _help(chain: tuple[str, ...], home: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), *chain, "--help"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "COUNTER_APP_HOME": home})
    assert done.returncode == 0, f"counter-app {' '.join(chain)} --help: {done.stderr[-400:]}"
    return done.stdout


def _choices(help_text: str) -> set[str]:
    usage = help_text.split("\n\n")[0]
    return {c for group in re.findall(r"\{([\w,-]+)\}", usage) for c in group.split(",")}


def _takes_value(help_text: str, option: str) -> bool:
    return re.search(rf"{re.escape(option)}[ =]([A-Z_]+|\{{)", help_text) is not None


COUNTER_APP = _commands("counter-app")


def test_the_readme_shows_commands():
    assert len(COUNTER_APP) >= 10


@pytest.mark.parametrize("command", COUNTER_APP)
def test_every_readme_command_answers_help_and_knows_its_options(command, tmp_path_factory):
    home = str(tmp_path_factory.getbasetemp() / "readme-home")
    words = [w.strip("[]") for w in shlex.split(command)[1:]]
    chain: list[str] = ["run"] if words and words[0].startswith("-") else []
    text = _help(tuple(chain), home)
    seen = text  # an option may belong to any parser on the way (`dossier --database`)
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word.startswith("--"):
            option = word.split("=")[0]
            if option not in seen:  # a mode switch with its own parser (`demo-data --reset`)
                seen += _help((*chain, option), home)
            assert option in seen, f"`{command}`: {option} is not an option of " \
                                   f"counter-app {' '.join(chain)}"
            skip = "=" not in word and _takes_value(seen, option)
        elif word in _choices(text):
            chain.append(word)
            text = _help(tuple(chain), home)
            seen += text
        # anything else is a value the README stands in for (FILE, CODE, PATH, N)


def test_the_dev_script_knows_every_readme_command():
    done = subprocess.run([sys.executable, str(ROOT / "dev.py"), "--help"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0
    known = set(re.findall(r"^ +python3 dev\.py (\w+)", done.stdout, re.M))
    shown = {shlex.split(c)[2] for c in _commands("python3 dev.py")}
    assert shown and shown <= known, shown - known


def _rows(start: str, stop: str) -> dict[str, str]:
    part = README[README.index(start):README.index(stop)]
    out: dict[str, str] = {}
    for names, default in re.findall(r"^\| (`[^|]+?) \| ([^|]+?) \|", part, re.M):
        for name in re.findall(r"`(\w+)`", names):
            out[name] = default
    return out


def test_the_settings_table_is_the_declared_settings():
    from counter_app import settings

    table = _rows("| key | default | meaning |", "One printer's fields")
    assert set(table) == {s.key for s in settings.ALL}


def test_the_printer_table_is_the_printer_settings():
    from printing.settings import PrinterSettings

    table = _rows("| field | default | meaning |", "## Roles and sessions")
    declared = {f.name: f.default for f in dataclasses.fields(PrinterSettings)}
    assert set(table) == set(declared)
    for name, default in declared.items():
        shown = table[name].lower()
        expected = {None: "none", True: "true", False: "false", "": "empty"}.get(default, default) \
            if isinstance(default, (bool, type(None), str)) else default
        assert str(expected).lower() == shown, f"{name}: README says {shown}, code {default!r}"


def test_settings_named_in_prose_exist():
    from counter_app import settings

    keys = {s.key for s in settings.ALL}
    named = set(re.findall(r"`(\w+)` setting", README)) | set(
        re.findall(r"the setting `(\w+)`", README))
    assert named and named <= keys, named - keys
