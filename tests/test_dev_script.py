"""dev.py: `run` sets up Qt's system libraries on Debian/Ubuntu before the window opens, as
`test` does (a bare Ubuntu cannot load Qt's xcb plugin without them)."""

from __future__ import annotations

import dev


def test_run_installs_qt_system_libraries_first(monkeypatch):
    steps: list[str] = []
    monkeypatch.setattr(dev, "ensure_debian_packages",
                        lambda packages: steps.append(f"apt {' '.join(packages)}"))
    monkeypatch.setattr(dev, "ensure_venv", lambda: steps.append("venv"))
    monkeypatch.setattr(dev, "sh", lambda *cmd, **_kw: steps.append("app") or 0)
    assert dev.cmd_run([]) == 0
    assert steps == [f"apt {' '.join(dev.QT_DEBIAN_PACKAGES)}", "venv", "app"]
