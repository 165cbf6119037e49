"""The benchmarks keep their word (issue 16): every figure has a target unless it is a
same-run baseline, and `python -m benchmarks --check` exits non-zero when one is over."""

from __future__ import annotations

import sys
import types

import pytest

from benchmarks import __main__ as bench
from benchmarks.report import Figure


def test_a_figure_without_a_target_is_refused_unless_it_is_a_baseline():
    with pytest.raises(ValueError, match="no target"):
        Figure("ticket issue p95", 12.0, "ms")
    assert Figure("bare window", 80.0, "ms", baseline=True).verdict == "baseline"
    assert Figure("replay rate", 4.0, "dossiers/s", 3, at_least=True).verdict == "OK"
    assert Figure("replay rate", 2.0, "dossiers/s", 3, at_least=True).verdict == "OVER"


@pytest.mark.parametrize(("value", "code"), [(40.0, 0), (60.0, 1)])
def test_check_exits_non_zero_when_a_figure_is_over(monkeypatch, capsys, value, code):
    fake = types.ModuleType("benchmarks.bench_fake")
    fake.run = lambda: [Figure("ticket issue p95", value, "ms", 50)]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "benchmarks.bench_fake", fake)
    monkeypatch.setattr(bench, "SUITES", ("fake",))
    assert bench.main(["fake", "--check"]) == code
    assert bench.main(["fake"]) == 0  # without --check the table alone is printed
    out = capsys.readouterr()
    assert "ticket issue p95" in out.out
    if code:
        assert "over target: ticket issue p95" in out.err


def test_an_unknown_suite_is_said():
    assert bench.main(["queue-typo"]) == 2


def test_check_fails_when_a_benchmark_leaves_a_process_running(monkeypatch, capsys):
    import subprocess

    fake = types.ModuleType("benchmarks.bench_fake")
    started: list[subprocess.Popen] = []

    def careless_run():
        started.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]))
        return [Figure("ticket issue p95", 10.0, "ms", 50)]

    fake.run = careless_run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "benchmarks.bench_fake", fake)
    monkeypatch.setattr(bench, "SUITES", ("fake",))
    try:
        if not sys.platform.startswith("linux"):
            pytest.skip("reads /proc")
        assert bench.main(["fake", "--check"]) == 1
        assert "left running" in capsys.readouterr().err
    finally:
        for p in started:
            p.kill()
            p.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_pythons_resource_tracker_is_not_a_process_left_behind():
    """multiprocessing's tracker (the PDF worker's pool starts it) ends with its parent;
    a real child still counts."""
    import subprocess
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)
    try:
        left = bench.leftover_children()
        assert any(p.startswith(f"{child.pid} ") for p in left)
        assert not any("resource_tracker" in p for p in left)
    finally:
        child.communicate(b"")
