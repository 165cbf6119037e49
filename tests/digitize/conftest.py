"""Pages a scanner would give: A4 text pages at 300 dpi, each marked so its place in the
PDF can be checked, and a colour ID-card-sized photo."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests.digitize.certs import OfficeCa, make_ca

A4_300 = (2480, 3508)


def text_page(number: int, size: tuple[int, int] = A4_300) -> Image.Image:
    """A typed page: lines of text, and a black block whose place says its page number."""
    img = Image.new("L", size, 255)
    d = ImageDraw.Draw(img)
    for y in range(300, size[1] - 300, 55):
        d.text((220, y), "Tờ khai đăng ký thường trú - Cong hoa xa hoi chu nghia Viet Nam "
                         "- Doc lap - Tu do - Hanh phuc - 0123456789", fill=0)
    d.rectangle((100 + 150 * number, 100, 200 + 150 * number, 200), fill=0)
    return img


def save(img: Image.Image, path: Path, dpi: int = 300, **kw) -> Path:
    img.save(path, dpi=(dpi, dpi), **kw)
    return path


def id_card_photo() -> Image.Image:
    """A colour card at 300 dpi (85.6 × 54 mm), with gradients a JPEG must keep."""
    w, h = 1011, 638
    img = Image.new("RGB", (w, h))
    px = img.load()
    for x in range(w):
        for y in range(h):
            px[x, y] = (40 + x * 180 // w, 90 + y * 120 // h, 160)
    d = ImageDraw.Draw(img)
    d.rectangle((40, 120, 300, 480), fill=(230, 210, 190))
    d.text((360, 140), "CĂN CƯỚC CÔNG DÂN", fill=(200, 20, 20))
    return img


@pytest.fixture(scope="session")
def office_ca(tmp_path_factory: pytest.TempPathFactory) -> OfficeCa:
    return make_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def pdfsig() -> str:
    """poppler's pdfsig: an independent validator (dev.py installs poppler-utils)."""
    found = shutil.which("pdfsig")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("pdfsig (poppler-utils) is missing: dev.py test installs it")
        pytest.skip("pdfsig (poppler-utils) not installed on this machine")
    return found


@pytest.fixture(scope="session")
def soft_token(tmp_path_factory: pytest.TempPathFactory, office_ca: OfficeCa):
    """SoftHSM2 as the USB token, one per test process (the library reads its folder once)."""
    from tests.digitize.softhsm import library, make_token

    if library() is None or shutil.which("softhsm2-util") is None:
        if os.environ.get("CI"):
            pytest.fail("softhsm2 is missing: dev.py test installs it")
        pytest.skip("softhsm2 not installed on this machine")
    return make_token(tmp_path_factory.mktemp("softhsm"), office_ca)


@pytest.fixture(scope="session")
def sane_test_device(tmp_path_factory: pytest.TempPathFactory) -> str:
    """SANE's own `test` backend, a real SANE device that produces pages (libsane reads its
    configuration once per process: one folder for the session)."""
    try:
        import sane  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("python-sane is missing: dev.py test installs libsane-dev and builds it")
        pytest.skip("python-sane not installed on this machine")
    folder = tmp_path_factory.mktemp("sane.d")
    (folder / "dll.conf").write_text("test\n")
    os.environ["SANE_CONFIG_DIR"] = str(folder)
    return "test:0"
