import os
import tempfile

import pytest

# python-escpos reads this once at import: one cache for the whole run instead of a new
# temporary folder (and 100 ms) per process.
os.environ.setdefault(
    "ESCPOS_CAPABILITIES_PICKLE_DIR", tempfile.mkdtemp(prefix="escpos-capabilities-")
)


@pytest.fixture(scope="session")
def demo():
    from printing.documents.receipt import demo_receipt

    return demo_receipt()


@pytest.fixture(scope="session")
def demo_images(demo):
    from printing.documents.receipt import receipt_layout
    from printing.render_raster import render_raster

    return {w: render_raster(receipt_layout(demo), w) for w in (576, 384)}
