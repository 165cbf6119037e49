"""The embedded backend is shared by the windows of one PC and never outlives its owner."""

from counter_app.embedded import SERVER_FILE, EmbeddedBackend, running_backend


def test_second_window_finds_the_running_backend_and_not_a_stopped_one(tmp_path):
    assert running_backend(tmp_path) is None
    backend = EmbeddedBackend(tmp_path, demo=True)
    url = backend.start()
    try:
        assert running_backend(tmp_path) == url
    finally:
        backend.stop()
    assert not (tmp_path / SERVER_FILE).exists()
    assert running_backend(tmp_path) is None


def test_stale_address_file_is_ignored(tmp_path):
    (tmp_path / SERVER_FILE).write_text('{"url": "http://127.0.0.1:9", "pid": 1}')
    assert running_backend(tmp_path, timeout=0.5) is None
    (tmp_path / SERVER_FILE).write_text("garbage")
    assert running_backend(tmp_path) is None
