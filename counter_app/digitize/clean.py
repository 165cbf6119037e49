"""Scanned pages made tidy before they are stored: straightened (deskew), cropped to the
paper (the scanner's dark lid or bed around it goes), and blank pages found, to be removed
only when the clerk agrees (a blank back side is still a page of the paper).

It works on the scanner's own image (grey or colour), before the page is made black and
white. The skew is found on a small copy: the angle at which the rows of text line up best
(the row sums vary most). Pure Pillow; a page takes some tens of milliseconds.
"""

from __future__ import annotations

from PIL import Image, ImageOps

MAX_SKEW = 5.0  # degrees; a page fed further askew is rescanned, not guessed
STEP = 0.25
LEAVE = 0.75  # below this the measure is noise: a level page is not turned
BLANK_INK = 0.002  # under 0.2 % dark pixels: nothing written on it
_DARK = [0] * 97 + [255] * 159  # inverted grey level -> ink or not
_BRIGHT = [0] * 201 + [255] * 55  # grey level -> paper or not


def _ink(image: Image.Image, size: int = 1000) -> Image.Image:
    """Dark marks as white on black, small: what the measures below look at."""
    grey = image.convert("L")
    grey.thumbnail((size, size))
    return ImageOps.invert(grey).point(_DARK)


def ink_share(image: Image.Image) -> float:
    ink = _ink(image, 600)
    return ink.histogram()[255] / max(1, ink.width * ink.height)


def is_blank(image: Image.Image) -> bool:
    return ink_share(image) < BLANK_INK


def skew_angle(image: Image.Image) -> float:
    """Degrees to rotate the image by (counter-clockwise) to make its text lines level."""
    ink = _ink(image)
    best_angle, best_score = 0.0, -1.0
    steps = int(MAX_SKEW / STEP)
    for i in range(-steps, steps + 1):
        angle = i * STEP
        turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
        column = turned.resize((1, turned.height), Image.Resampling.BOX)  # each row's ink
        rows = [float(v) for v in column.tobytes()]
        mean = sum(rows) / len(rows)
        score = sum((r - mean) ** 2 for r in rows)
        if score > best_score:
            best_angle, best_score = angle, score
    return best_angle


def deskew(image: Image.Image) -> Image.Image:
    angle = skew_angle(image)
    if abs(angle) < LEAVE:
        return image
    fill = 255 if image.mode in ("L", "1") else (255, 255, 255)
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False,
                        fillcolor=fill)


def crop_to_paper(image: Image.Image) -> Image.Image:
    """Drop a dark border around the paper (the scanner's lid or bed), not the margins."""
    grey = image.convert("L")
    box = grey.point(_BRIGHT).getbbox()  # the paper: the bright part
    if box is None:
        return image
    left, top, right, bottom = box
    if (right - left) * (bottom - top) >= 0.98 * grey.width * grey.height:
        return image  # nothing around the paper
    return image.crop(box)


def tidy(image: Image.Image) -> Image.Image:
    """What every scanned image gets: cropped to the paper, then straightened."""
    return deskew(crop_to_paper(image))
