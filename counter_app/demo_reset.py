"""`counter-app demo-data --reset`: start the demo over on this PC.

Deletes the embedded backend's database and creates it again with the demo office. On a PC
with no office server configured, the counter's local outbox and catalogue cache belong to
that demo too and go with it (their dossiers would otherwise be replayed into the new
database and refused). Refused while a window on this PC runs the embedded backend.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from counter_app import paths
from counter_app.client.outbox import FILE_NAME as OUTBOX_FILE
from counter_app.embedded import SERVER_FILE, EmbeddedBackend, running_backend

SQLITE_SIDES = ("", "-wal", "-shm", "-journal")


def _remove(path: Path) -> bool:
    removed = False
    for side in SQLITE_SIDES:
        p = path.with_name(path.name + side)
        if p.exists():
            p.unlink()
            removed = True
    return removed


def reset_demo(*, yes: bool, office_configured: bool, ask: Callable[[str], str] | None = None,
               say: Callable[[str], None] = print) -> int:
    folder = paths.data_dir() / "embedded"
    if running_backend(folder):
        say("Máy chủ nội bộ đang chạy (cửa sổ quầy, máy lấy số hoặc màn hình đang mở). "
            "Đóng các cửa sổ đó rồi chạy lại.")
        return 1
    targets = [folder / "backend.sqlite3"]
    if not office_configured:
        targets.append(paths.data_dir() / OUTBOX_FILE)
    if not yes:
        listed = "\n".join(f"  {t}" for t in targets)
        answer = (ask or input)(f"Xóa toàn bộ dữ liệu mẫu và tạo lại từ đầu?\n{listed}\nGõ 'co' để đồng ý: ")
        if answer.strip().lower() not in ("co", "có", "c", "y", "yes"):
            say("Không xóa gì.")
            return 1
    for target in targets:
        _remove(target)
    (folder / SERVER_FILE).unlink(missing_ok=True)
    if not office_configured:
        for cached in paths.cache_dir().glob("*.json"):
            cached.unlink()
    backend = EmbeddedBackend(folder, demo=True)  # migrations and the demo office, as a start
    try:
        backend.start()
    finally:
        backend.stop()
    (folder / SERVER_FILE).unlink(missing_ok=True)
    say(f"Đã tạo lại dữ liệu mẫu: {folder / 'backend.sqlite3'}")
    return 0
