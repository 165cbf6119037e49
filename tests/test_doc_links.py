"""Code comments point into the repository: every `*.md` a source file names exists here
(docs/architecture.md, docs/printing.md …), so a newcomer can follow each one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("counter_app", "ui", "printing", "backend", "tests", "benchmarks")
MD = re.compile(r"(?<![\w/.\"'-])((?:[\w.-]+/)*[\w.-]+\.md)\b")


def test_every_document_named_in_the_code_exists():
    missing = []
    for folder in FOLDERS:
        for path in (ROOT / folder).rglob("*.py"):
            for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                for name in MD.findall(line):
                    if not (ROOT / name).exists() and not (path.parent / name).exists():
                        missing.append(f"{path.relative_to(ROOT)}:{n}: {name}")
    assert missing == []
