"""Pages into one PDF/A-2b per document component (Circular 01/2023 art. 8: one file per
component, one image per page, order kept).

Black-and-white pages go in as CCITT Group 4 (lossless, a few tens of KB per text page);
colour pages as JPEG at a fixed quality the clerk cannot lower. The archive identification
(XMP pdfaid part 2, conformance B) and an sRGB output intent make it PDF/A-2b; the
signature (signing.py) is added after, as an incremental update that keeps it so.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from counter_app.digitize.errors import DigitizeError
from counter_app.digitize.pages import Page

JPEG_QUALITY = 85  # ID cards and photos stay legible at 300 dpi; not a clerk's setting
NO_PAGES = "Chưa có trang nào: quét hoặc thêm tệp trước khi lưu."
CREATOR = "counter-app (Bộ phận Một cửa)"


def _encoded(page: Page) -> bytes:
    out = io.BytesIO()
    if page.image.mode == "1":
        page.image.save(out, format="TIFF", compression="group4", dpi=(page.dpi, page.dpi))
    else:
        page.image.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY,
                                       dpi=(page.dpi, page.dpi), optimize=True)
    return out.getvalue()


def _srgb_profile() -> bytes:
    from PIL import ImageCms

    srgb = ImageCms.createProfile("sRGB")  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
    return ImageCms.ImageCmsProfile(srgb).tobytes()  # pyright: ignore[reportUnknownArgumentType]


def build_pdf(pages: Sequence[Page], *, title: str, at: datetime) -> bytes:
    """A PDF/A-2b of `pages` in order; `at` (aware) is its creation time, by the office's
    clock. Raises DigitizeError when there is nothing to store."""
    if not pages:
        raise DigitizeError(NO_PAGES)
    if at.tzinfo is None:
        raise ValueError("build_pdf needs an aware time")
    import img2pdf
    import pikepdf

    raw = img2pdf.convert([_encoded(p) for p in pages], nodate=True,
                          engine=img2pdf.Engine.internal)
    assert raw is not None
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        for key in list(pdf.docinfo.keys()):
            del pdf.docinfo[key]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
            meta["dc:title"] = title
            meta["xmp:CreatorTool"] = CREATOR
            meta["pdf:Producer"] = CREATOR
            meta["xmp:CreateDate"] = at.isoformat()
            meta["xmp:ModifyDate"] = at.isoformat()
            meta["xmp:MetadataDate"] = at.isoformat()
        profile = pdf.make_stream(_srgb_profile())
        profile["/N"] = 3
        pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
            Info=pikepdf.String("sRGB IEC61966-2.1"), DestOutputProfile=profile)])
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, min_version="1.7")  # PDF/A-2 is ISO 32000-1
    return out.getvalue()
