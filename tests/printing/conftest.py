import os
import tempfile

import pytest

# python-escpos reads this once at import: one cache per test process instead of a new
# temporary folder (and 100 ms) per import. Per process, not inherited: pytest-xdist's
# workers inherit the controller's environment, and three workers writing one pickle at
# once (python-escpos does not write it atomically) left a half file: EOFError.
if os.environ.get("COUNTER_TEST_ESCPOS_PID") != str(os.getpid()):
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = tempfile.mkdtemp(prefix="escpos-capabilities-")
    os.environ["COUNTER_TEST_ESCPOS_PID"] = str(os.getpid())


@pytest.fixture(scope="session")
def demo():
    from printing.documents.receipt import demo_receipt

    return demo_receipt()


@pytest.fixture(scope="session")
def demo_images(demo):
    from printing.documents.receipt import receipt_layout
    from printing.render_raster import render_raster

    return {w: render_raster(receipt_layout(demo), w) for w in (576, 384)}
