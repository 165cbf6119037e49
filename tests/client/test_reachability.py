"""One owner for "online" (issue 13): whichever thread learns the backend's state reports it,
every change is heard once, and a reason given stays while the state holds."""

from __future__ import annotations

import threading

from counter_app.client.reachability import Reachability


def test_changes_are_heard_once_and_answer_the_state_before():
    reach, heard = Reachability(), []
    reach.add_listener(lambda online, detail: heard.append((online, detail)))
    assert reach.report(True, "máy chủ văn phòng") is None
    assert reach.report(True) is True  # the same again: nobody is told twice
    assert reach.report(False, "Mất kết nối máy chủ: hết thời gian chờ") is True
    assert reach.report(False) is False
    assert heard == [(True, "máy chủ văn phòng"), (False, "Mất kết nối máy chủ: hết thời gian chờ")]
    assert reach.detail == "Mất kết nối máy chủ: hết thời gian chờ"  # kept while still offline


def test_a_new_state_without_a_reason_drops_the_old_reason():
    reach = Reachability()
    reach.report(False, "Mất kết nối máy chủ: từ chối kết nối")
    reach.report(True)
    assert reach.online is True and reach.detail == ""


def test_reports_from_many_threads_end_in_the_last_one_and_lose_no_change():
    reach, heard = Reachability(), []
    reach.add_listener(lambda online, _d: heard.append(online))
    start = threading.Barrier(8)

    def flap(n: int) -> None:
        start.wait()
        for i in range(500):
            reach.report((i + n) % 2 == 0)

    threads = [threading.Thread(target=flap, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    reach.report(True)
    assert reach.online is True
    # Heard in the order the changes happened: they alternate and end in the state now.
    assert all(a != b for a, b in zip(heard, heard[1:], strict=False))
    assert heard[-1] is True


def test_a_removed_listener_hears_nothing_more():
    reach, heard = Reachability(), []

    def listener(online: bool | None, _detail: str) -> None:
        heard.append(online)

    reach.add_listener(listener)
    reach.report(True)
    reach.remove_listener(listener)
    reach.report(False)
    assert heard == [True]
