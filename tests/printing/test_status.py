import pytest

from printing.errors import PrinterError
from printing.status import PAPER_NEAR_END, interpret, query, valid
from tests.printing.fake_printer import COVER_OPEN, NEAR_END, PAPER_OUT, READY


@pytest.mark.parametrize(
    ("raw", "reason"),
    [(READY, None), (PAPER_OUT, "paper_out"), (COVER_OPEN, "cover_open"),
     (NEAR_END, None), ({1: 0x1E, 2: 0x12, 4: 0x12}, "offline"),
     ({1: 0x1E, 2: 0x52, 4: 0x12}, "error")],
)
def test_status_bits_map_to_reasons(raw, reason):
    status = interpret(raw)
    assert status.reason == reason
    assert status.ready == (reason is None)
    assert status.message_vi


def test_paper_near_end_is_a_warning_not_a_failure():
    status = interpret(NEAR_END)
    assert status.ready and status.warnings == (PAPER_NEAR_END,)
    status.raise_if_not_ready()


def test_answers_are_checked_against_the_fixed_bits():
    assert valid(0x12) and valid(0x1E) and valid(0x72)
    assert not valid(0x00) and not valid(0xFF) and not valid(0x0A)


def test_query_skips_noise_and_times_out():
    answers = iter([0x00, 0x16, 0x12, 0x72])
    sent: list[bytes] = []
    status = query(sent.append, lambda: next(answers))
    assert sent == [b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x04"]
    assert status.reason == "paper_out"
    with pytest.raises(PrinterError) as err:
        query(sent.append, lambda: None)
    assert err.value.reason_code == "timeout"
