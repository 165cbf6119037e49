"""Print or preview the demo receipt without the UI, e.g. to try a real printer:

python -m printing --png receipt.png
python -m printing --width 384 --profile POS-5890 --file /dev/usb/lp0
python -m printing --network 192.168.1.50
"""

from __future__ import annotations

import argparse
import sys
import time

from .documents.receipt import demo_receipt
from .errors import PrinterError
from .jobs import JobState, PrintQueue
from .service import print_receipt
from .transports import transport_from_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m printing", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--width", type=int, default=576, help="dots: 576 (80 mm) or 384 (58 mm)")
    parser.add_argument("--profile", default="default", help="python-escpos profile name")
    parser.add_argument("--png", help="also save the rendered picture here")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--file", help="device or file path to write the bytes to")
    where.add_argument("--network", metavar="HOST", help="raw TCP printer (port 9100)")
    args = parser.parse_args(argv)

    if args.file:
        settings = {"kind": "file", "path": args.file}
    elif args.network:
        settings = {"kind": "network", "host": args.network}
    else:
        settings = {"kind": "preview"}
    try:
        queue = PrintQueue(transport_from_settings(settings), "cli")
        start = time.perf_counter()
        job = print_receipt(demo_receipt(), queue, width_dots=args.width, profile=args.profile)
        result = job.result()
        queue.close()
    except PrinterError as exc:
        print(f"{exc.reason_code}: {exc.message_vi}", file=sys.stderr)
        return 2
    elapsed = (time.perf_counter() - start) * 1000
    if args.png and result.image is not None:
        result.image.save(args.png)
    print(f"{result.state}: {len(result.data)} bytes, {elapsed:.0f} ms", file=sys.stderr)
    if result.state != JobState.DONE:
        print(f"{result.reason_code}: {result.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
