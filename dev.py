#!/usr/bin/env python3
"""One entry point for people and CI: sets everything up, then runs the app or the tests.

    python3 dev.py run      # venv + dependencies (+ Qt system libraries on Debian/Ubuntu), then the counter with demo data
    python3 dev.py test     # venv + dependencies (+ Qt system libraries on Debian/Ubuntu), lint, tests
    python3 dev.py bench    # the benchmark suite

Works on Windows too (py dev.py run). Only the standard library is used here.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed-hash"

# Qt's xcb and offscreen platform plugins need these on a bare Debian/Ubuntu.
QT_DEBIAN_PACKAGES = [
    "libegl1", "libgl1", "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1",
    "libdbus-1-3", "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-image0",
    "libxcb-render-util0", "libxcb-shape0", "libxcb-xinerama0", "libxcb-randr0", "libglib2.0-0",
]


def sh(*cmd: str | Path, env: dict[str, str] | None = None, check: bool = True) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env, check=check).returncode


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under any system Python
        sys.exit("Cần Python 3.11 trở lên (Python 3.11+ required).")
    if not PY.exists():
        sh(sys.executable, "-m", "venv", VENV)
    # python-sane (scanners on Linux) ships only as source: built when libsane's headers
    # are there (dev.py installs them on Debian); elsewhere the scanner is a watched folder.
    extras = "dev,scan" if Path("/usr/include/sane/sane.h").exists() else "dev"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    sh(PY, "-m", "pip", "install", "--disable-pip-version-check", "-q", "--upgrade", "pip")
    sh(PY, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", f".[{extras}]")
    STAMP.write_text(digest)


# The queue's concurrency tests also run against a real PostgreSQL server; the tests
# create a throwaway cluster with these binaries (no system service is started).
POSTGRES_DEBIAN_PACKAGES = ["postgresql"]
# Digitisation: the signature is checked by an independent validator too (poppler's
# pdfsig), PKCS#11 signing runs against a real token module (SoftHSM2), and scanning
# against SANE's own `test` device (python-sane is built from source: headers, compiler);
# the optional OCR text layer uses tesseract with its Vietnamese model.
DIGITIZE_DEBIAN_PACKAGES = ["poppler-utils", "softhsm2", "libsane1", "sane-utils",
                            "libsane-dev", "gcc", "python3-dev", "tesseract-ocr",
                            "tesseract-ocr-vie"]


def ensure_debian_packages(packages: list[str]) -> None:
    if not sys.platform.startswith("linux") or not shutil.which("dpkg"):
        return
    missing = [p for p in packages
               if subprocess.run(["dpkg", "-s", p], capture_output=True).returncode != 0]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("Thiếu gói hệ thống: " + " ".join(missing), file=sys.stderr)
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sh("apt-get", "update", "-qq", env=env, check=False)
    sh("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


def test_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT)
    return env


def cmd_run(args: list[str]) -> int:
    ensure_debian_packages(QT_DEBIAN_PACKAGES)  # a bare Ubuntu cannot open the window without them
    ensure_venv()
    return sh(PY, ROOT / "main.py", *args, check=False)


def type_check(env: dict[str, str]) -> None:
    """pyright over the tree, held to `[tool.typecheck-budget]` in pyproject.toml: the most
    errors each folder may still have. A ratchet: above the budget fails; below it says so,
    to lower the budget in the same commit (docs/architecture.md, "Types")."""
    import json
    import tomllib

    budget: dict[str, int] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))[
        "tool"]["typecheck-budget"]
    print("+ pyright", flush=True)
    done = subprocess.run([str(BIN / "pyright"), "--outputjson"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        sys.exit(f"pyright gave no report:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    found = dict.fromkeys(budget, 0)
    for d in report["generalDiagnostics"]:
        if d["severity"] == "error":
            path = Path(d["file"]).resolve().relative_to(ROOT).as_posix()
            folder = next((f for f in sorted(budget, key=len, reverse=True)
                           if path == f or path.startswith(f + "/")), path)
            found[folder] = found.get(folder, 0) + 1
            if found[folder] > budget.get(folder, 0):
                print(f"{path}:{d['range']['start']['line'] + 1}: {d['message']}")
    over = {f: n for f, n in found.items() if n > budget.get(f, 0)}
    for folder, n in sorted(found.items()):
        print(f"  pyright {folder}: {n} errors (budget {budget.get(folder, 0)})")
    if over:
        sys.exit(f"pyright: more type errors than the budget allows in {', '.join(over)}")
    lower = {f: n for f, n in found.items() if n < budget.get(f, 0)}
    if lower:
        print(f"  pyright: lower [tool.typecheck-budget] to {lower}")


def cmd_test(args: list[str]) -> int:
    in_ci = bool(os.environ.get("CI"))
    ensure_debian_packages(QT_DEBIAN_PACKAGES + DIGITIZE_DEBIAN_PACKAGES
                           + (POSTGRES_DEBIAN_PACKAGES if in_ci else []))
    ensure_venv()
    env = test_env()
    if in_ci:
        env.setdefault("COUNTER_REQUIRE_POSTGRES", "1")  # CI must not skip PostgreSQL tests
    sh(BIN / "ruff", "check", ".", env=env)
    sh(BIN / "lint-imports", env=env)
    type_check(env)
    # Three workers: most tests wait on a backend process or a socket, not on a core, so
    # three fit a 2-core CI box (8.5 min in one process, ~5 min in three).
    workers = [] if any(a.startswith("-n") for a in args) else ["-n", "3"]
    return sh(PY, "-m", "pytest", *workers, *(args or ["-q"]), env=env, check=False)


def cmd_bench(args: list[str]) -> int:
    ensure_debian_packages(QT_DEBIAN_PACKAGES)
    ensure_venv()
    return sh(PY, "-m", "benchmarks", *args, env=test_env(), check=False)


def main() -> int:
    commands = {"run": cmd_run, "test": cmd_test, "bench": cmd_bench}
    if sys.argv[1:2] in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    try:
        return commands[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as exc:
        return exc.returncode or 1


if __name__ == "__main__":
    sys.exit(main())
