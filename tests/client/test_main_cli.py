"""`counter-app` subcommands reach their owners with the rest of the line."""

import main
from tests.printing.escpos_decode import decode


def test_print_sample_writes_the_printer_bytes(tmp_path):
    out = tmp_path / "ticket.bin"
    assert main.main(["print-sample", "ticket", "--width", "58", "--mode", "raster",
                      "--out", str(out)]) == 0
    assert decode(out.read_bytes()).image().width == 384


def test_admin_on_a_demo_database(tmp_path, capsys):
    from counter_app.embedded import EmbeddedBackend

    backend = EmbeddedBackend(tmp_path, demo=True)
    backend.start()
    backend.stop()
    assert main.main(["admin", "--database", str(backend.database_path), "office", "show"]) == 0
    assert "Ba Đình" in capsys.readouterr().out


def test_unknown_command_is_refused(capsys):
    try:
        code = main.main(["fly"])
    except SystemExit as exc:
        code = exc.code
    assert code == 2


def test_demo_data_fills_the_embedded_demo_database_by_default(tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.setenv("COUNTER_APP_HOME", str(tmp_path))
    # 15 days always include working days, even around Tết
    assert main.main(["demo-data", "--days", "15", "--counters", "2", "--seed", "3"]) == 0
    db = tmp_path / "data" / "embedded" / "backend.sqlite3"
    with sqlite3.connect(db) as conn:
        (tickets,) = conn.execute("SELECT COUNT(*) FROM tickets").fetchone()
    assert tickets > 0
