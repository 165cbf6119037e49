from counter_app.scanner import ScanDetector

PAYLOAD = "001090012345||Nguyễn Văn A|01011990|Nam|Số 1 Phố Huế, Hà Nội|15042021"


def feed(detector: ScanDetector, text: str, start: float, gap: float) -> float:
    t = start
    for ch in text:
        detector.key(ch, t)
        t += gap
    return t


def test_fast_burst_with_separators_is_a_scan():
    d = ScanDetector()
    t = feed(d, PAYLOAD, 0.0, 0.005)
    assert d.enter(t) == PAYLOAD


def test_uneven_clumps_still_count_as_one_scan():
    d = ScanDetector()
    t = feed(d, PAYLOAD[:20], 0.0, 0.001)
    t = feed(d, PAYLOAD[20:], t + 0.3, 0.001)  # a loaded PC delivers keys in clumps
    assert d.enter(t) == PAYLOAD


def test_ordinary_typing_is_not_a_scan():
    d = ScanDetector()
    t = feed(d, "0912345678", 0.0, 0.15)
    assert d.enter(t) is None


def test_a_pause_splits_bursts_so_old_keys_do_not_join_a_payload():
    d = ScanDetector()
    t = feed(d, "abc|||", 0.0, 0.01)
    t = feed(d, "x|y|z", t + 2.0, 0.01)
    assert d.enter(t) is None


def test_enter_long_after_the_burst_is_not_a_scan():
    d = ScanDetector()
    t = feed(d, PAYLOAD, 0.0, 0.005)
    assert d.enter(t + 5) is None


def test_key_reports_burst_start():
    d = ScanDetector()
    assert d.key("a", 0.0) is True
    assert d.key("b", 0.01) is False
    assert d.key("c", 5.0) is True


URL = "http://127.0.0.1:8765/t/Xy3_kLm9-AbCdEfGhIjKlMn"


def test_receipt_tracking_url_is_a_scan():
    d = ScanDetector()
    t = feed(d, URL, 0.0, 0.005)
    assert d.enter(t) == URL


def test_tracking_token_is_read_from_receipt_urls_only():
    from counter_app.scanner import tracking_token

    assert tracking_token(URL) == "Xy3_kLm9-AbCdEfGhIjKlMn"
    assert tracking_token("https://motcua.example.vn/app/t/Xy3_kLm9-AbCdEfGhIjKlMn/") \
        == "Xy3_kLm9-AbCdEfGhIjKlMn"
    assert tracking_token("http://x/t/short") is None
    assert tracking_token("000.00.17.H01-261124-0001") is None
    assert tracking_token("see http://x/t/Xy3_kLm9-AbCdEfGhIjKlMn now") is None


def test_a_url_typed_slowly_among_other_words_is_not_a_scan():
    d = ScanDetector()
    t = feed(d, "ghi chú: " + URL, 0.0, 0.005)
    assert d.enter(t) is None


# -- failed scans: scanner speed without a payload ------------------------------------------


def test_a_scan_cut_short_is_a_failed_scan():
    d = ScanDetector()
    t = feed(d, PAYLOAD[:25], 0.0, 0.008)
    burst = d.end(t)
    assert burst.payload is None and burst.failed


def test_a_card_read_through_the_wrong_keyboard_layout_is_a_failed_scan():
    d = ScanDetector()
    t = feed(d, PAYLOAD.replace("|", "\\"), 0.0, 0.004)  # the '|' key came out as '\'
    assert d.end(t).failed


def test_failed_scan_judged_by_the_median_so_clumps_do_not_hide_it():
    d = ScanDetector()
    t = feed(d, "0010900123", 0.0, 0.002)
    t = feed(d, "45Nguyen", t + 0.25, 0.002)  # one stall on a loaded PC
    assert d.end(t).failed


def test_a_person_typing_then_enter_is_not_a_failed_scan():
    d = ScanDetector()
    t = feed(d, "000.00.17.H01-261124-0001", 0.0, 0.12)
    burst = d.end(t)
    assert burst.payload is None and not burst.failed


def test_a_few_fast_keys_are_not_enough_to_call_it_a_scan():
    d = ScanDetector()
    t = feed(d, "0912", 0.0, 0.01)
    assert not d.end(t).failed


def test_a_held_down_key_is_a_person_not_a_scanner():
    d = ScanDetector()
    t = 0.0
    for _ in range(20):
        d.key("0", t, timed=False)
        t += 0.03
    assert not d.end(t).failed


def test_a_clock_that_goes_back_starts_a_new_burst():
    d = ScanDetector()
    feed(d, "abc|||", 100.0, 0.01)
    t = feed(d, PAYLOAD, 5.0, 0.005)  # another time source
    assert d.enter(t) == PAYLOAD
