import subprocess
import sys


def test_python_escpos_is_imported_only_when_bytes_are_made():
    code = (
        "import sys, printing.service, printing.jobs, printing.transports, printing.render_raster\n"
        "import printing.settings, printing.discovery, printing.render_text, printing.cli\n"
        "assert 'escpos' not in sys.modules, 'escpos imported eagerly'\n"
        "assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_prints_the_demo_to_a_file(tmp_path):
    from tests.printing.escpos_decode import decode

    target = tmp_path / "lp0"
    png = tmp_path / "r.png"
    args = ["--width", "384", "--profile", "POS-5890", "--file", str(target), "--png", str(png)]
    done = subprocess.run([sys.executable, "-m", "printing", *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert decode(target.read_bytes()).width_dots == 384
    assert png.stat().st_size > 0
