"""Pages from files: JPEG, PNG, TIFF (each frame of a multi-page TIFF is a page), and PDFs
a scanner wrote (one image per page; a page of text or drawings is not a scan and is refused).

A page keeps its pixels, its resolution (from the file, or the scanner's setting) and
whether it is colour: black-and-white text pages are stored losslessly, colour ones as
JPEG (pdf_build.py). Nothing here writes a file.
"""

from __future__ import annotations

import logging
import numbers
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

from counter_app.digitize.clean import tidy
from counter_app.digitize.errors import DigitizeError

log = logging.getLogger(__name__)

MAX_PAGES = 300  # one document component; a 400-page upload is refused, not half-stored
MIN_DPI = 200  # Circular 02/2019/TT-BNV: at least 200 dpi
DEFAULT_DPI = 300
MAX_PIXELS = 60_000_000  # an A3 page at 600 dpi; a larger "image" is a broken or hostile file

TOO_MANY = "Tài liệu có {n} trang, quá {most} trang cho một thành phần hồ sơ: hãy tách ra."
UNREADABLE = "Không đọc được tệp {name}: tệp hỏng hoặc không phải ảnh (JPEG, PNG, TIFF) hay PDF."
TOO_LOW = ("Ảnh {name} chỉ {dpi} dpi; quy định số hóa cần ít nhất {least} dpi. "
           "Quét lại ở {least} dpi trở lên.")
TOO_LARGE = "Ảnh {name} quá lớn ({pixels} triệu điểm ảnh); kiểm tra lại tệp."
MISSING = "Không tìm thấy tệp {name}."
LOCKED = "Tệp PDF {name} có mật khẩu: mở khóa hoặc quét lại bản giấy."
NOT_A_SCAN = ("Trang {page} của tệp {name} không phải ảnh quét (có chữ hoặc hình vẽ): "
              "in ra rồi quét, hoặc dùng tệp do máy quét tạo.")


_THRESHOLD = [0] * 160 + [255] * 96  # grey level -> black or white


@dataclass(frozen=True)
class Page:
    image: Image.Image  # "1" (black and white), "L" (grey) or "RGB"
    dpi: int
    source: str  # the file (and frame) it came from, for messages and the log

    @property
    def colour(self) -> bool:
        return self.image.mode == "RGB"


def _dpi_of(image: Image.Image, fallback: int) -> int:
    info: object = image.info.get("dpi")
    if isinstance(info, tuple):
        values: tuple[object, ...] = info  # pyright: ignore[reportUnknownVariableType]
        if values and isinstance(values[0], numbers.Real) and float(values[0]) > 0:
            return round(float(values[0]))
    return fallback


def normalised(image: Image.Image, colour: bool) -> Image.Image:
    """Colour pages as RGB; text pages black and white (a fixed threshold keeps strokes)."""
    image = ImageOps.exif_transpose(image) or image
    if colour:
        return image.convert("RGB")
    if image.mode == "1":
        return image
    # Text pages: a fixed threshold after greyscale keeps strokes; the G4 file stays small.
    return image.convert("L").point(_THRESHOLD).convert("1")


def read_images(paths: Iterable[Path], *, colour: bool = False,
                dpi: int | None = None, scans: bool = False) -> list[Page]:
    """Every page of every file, in the order given. `dpi` overrides what files say (a
    scanner's setting); `colour` keeps colour (photos, ID cards), else black and white;
    `scans`: a scanner's raw images, straightened and cropped to the paper (clean.py)."""
    pages: list[Page] = []
    for path in paths:
        for page in _pages_of(Path(path), colour, dpi, scans):
            pages.append(page)
            if len(pages) > MAX_PAGES:
                raise DigitizeError(TOO_MANY.format(n=f"hơn {MAX_PAGES}", most=MAX_PAGES))
    return pages


def _pages_of(path: Path, colour: bool, dpi: int | None, scans: bool = False) -> Iterator[Page]:
    if not path.exists():
        raise DigitizeError(MISSING.format(name=path.name), str(path))
    with path.open("rb") as head:
        is_pdf = head.read(5) == b"%PDF-"
    if is_pdf:
        yield from _pdf_pages(path, colour, dpi)
        return
    try:
        with Image.open(path) as opened:
            frames = getattr(opened, "n_frames", 1)
            for index in range(frames):
                opened.seek(index)
                pixels = opened.width * opened.height
                if pixels > MAX_PIXELS:
                    raise DigitizeError(TOO_LARGE.format(name=path.name,
                                                         pixels=pixels // 1_000_000))
                resolution = dpi or _dpi_of(opened, DEFAULT_DPI)
                if resolution < MIN_DPI:
                    raise DigitizeError(TOO_LOW.format(name=path.name, dpi=resolution,
                                                       least=MIN_DPI))
                opened.load()
                image = normalised(tidy(opened.copy()) if scans else opened.copy(), colour)
                where = f"{path.name}#{index + 1}" if frames > 1 else path.name
                yield Page(image, resolution, where)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        # Pillow raises these for truncated, corrupt or foreign files.
        log.warning("unreadable page file %s: %s", path.name, exc)
        raise DigitizeError(UNREADABLE.format(name=path.name), f"{path}: {exc}") from exc


def pages_from_pdf(data: bytes, name: str, colour: bool = False) -> list[Page]:
    """The pages of a scanned PDF held in memory (a stored file, opened to be checked)."""
    import io

    # A stored file may carry the invisible OCR text layer (ocr.py): its pages have a font.
    return list(_pdf_pages(io.BytesIO(data), colour, None, name, text_layer_ok=True))


def _pdf_pages(path: Path | BinaryIO, colour: bool, dpi: int | None,
               name: str = "", text_layer_ok: bool = False) -> Iterator[Page]:
    import pikepdf
    from pikepdf import PdfImage

    path_name = name or (path.name if isinstance(path, Path) else "tệp PDF")
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise DigitizeError(LOCKED.format(name=path_name), f"{path_name}: {exc}") from exc
    except pikepdf.PdfError as exc:
        log.warning("unreadable PDF %s: %s", path_name, exc)
        raise DigitizeError(UNREADABLE.format(name=path_name), f"{path_name}: {exc}") from exc
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise DigitizeError(TOO_MANY.format(n=len(pdf.pages), most=MAX_PAGES))
        for number, page in enumerate(pdf.pages, start=1):
            images = [i for i in page.get_images().values() if isinstance(i, pikepdf.Stream)]
            fonts = page.resources.get("/Font") if "/Resources" in page.obj else None
            if len(images) != 1 or (fonts and not text_layer_ok):
                raise DigitizeError(NOT_A_SCAN.format(page=number, name=path_name))
            try:
                image = PdfImage(images[0]).as_pil_image()
            except (pikepdf.PdfError, NotImplementedError, OSError, ValueError) as exc:
                raise DigitizeError(UNREADABLE.format(name=path_name),
                                    f"{path_name} page {number}: {exc}") from exc
            width_in = float(page.mediabox[2] - page.mediabox[0]) / 72
            resolution = dpi or (round(image.width / width_in) if width_in else DEFAULT_DPI)
            if resolution < MIN_DPI:
                raise DigitizeError(TOO_LOW.format(name=path_name, dpi=resolution,
                                                   least=MIN_DPI))
            yield Page(normalised(image, colour), resolution, f"{path_name}#{number}")
