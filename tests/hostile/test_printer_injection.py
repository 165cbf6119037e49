"""A crafted CCCD QR must not drive the printer: ESC/GS sequences hidden in the name or
the address reach paper as nothing, on every route, while the letters still print.

The bytes are captured where they leave for the printer (the file transport) and read
back with the independent ESC/POS reader, which refuses any command a job may not hold.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pytest

from counter_app.domain.cccd import parse_cccd_qr
from printing.documents.receipt import demo_receipt
from printing.jobs import PrintQueue
from printing.layout import Column, KeyValue, Table, Text
from printing.render_raster import render_raster
from printing.service import print_receipt
from printing.settings import PrinterSettings
from printing.transports import FileTransport
from tests.printing.text_paper import printed_lines

DRAWER_KICK = b"\x1bp\x00\x19\xfa"  # ESC p 0 25 250: open the cash drawer
CUT = "\x1dVB\x00"  # GS V 66 0
RESET = "\x1b@"

PAYLOAD = (
    "001090001234||Nguyễn Văn" + DRAWER_KICK.decode("latin-1") + " An"
    "|01021990|Nam|Số 1 phố" + CUT + RESET + " Tràng Tiền, Hà Nội|15082021"
)


def captured_receipt(tmp_path, route: str) -> bytes:
    card = parse_cccd_qr(PAYLOAD, today=date(2026, 1, 1))
    assert "\x1b" in card.full_name  # the QR reader keeps what the card sent
    data = dataclasses.replace(demo_receipt(), applicant_name=card.full_name,
                               applicant_address=card.address)
    capture = tmp_path / "printer.bin"
    queue = PrintQueue(FileTransport(capture), "capture")
    try:
        print_receipt(data, queue, settings=PrinterSettings(text_route=route,
                                                            profile="TM-T20II")).result(10)
    finally:
        queue.close()
    return capture.read_bytes()


@pytest.mark.parametrize("route", ["cp1258", "tcvn3"])
def test_a_crafted_qr_cannot_kick_the_drawer_or_cut_through_the_text_route(tmp_path, route):
    stream = captured_receipt(tmp_path, route)
    assert DRAWER_KICK not in stream and b"\x1b\x70" not in stream
    decoded, lines = printed_lines(stream)  # raises on ESC p or any other foreign command
    assert decoded.names().count("init") == 1  # the job's own ESC @, not the QR's
    assert decoded.names().count("cut") == 1
    text = "\n".join(lines)
    assert "Nguyễn Văn" in text and "An" in text
    assert "Tràng Tiền, Hà Nội" in text


def test_the_picture_route_draws_no_boxes_for_control_characters():
    hostile = "Nguyễn Văn\x1bp\x00\x19 An\x1d\x7f\x9b"
    clean = "Nguyễn Vănp An"  # the letters of the sequences print, as letters
    def picture(name: str):
        blocks = [Text(name), KeyValue("Họ và tên", name),
                  Table((Column("Tên"),), ((name,),))]
        return np.asarray(render_raster(blocks, 576))

    assert (picture(hostile) == picture(clean)).all()


def test_a_tab_or_line_break_in_a_field_still_separates_words():
    from printing.printable import printable

    assert printable("Nguyễn\tVăn\r\nAn") == "Nguyễn Văn \nAn"
    assert printable("Nguye\x00\u0302\u0303n") == "Nguyễn"  # NFC after the strip
