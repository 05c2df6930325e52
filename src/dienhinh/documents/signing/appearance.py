"""The visible signature block, drawn as one picture: the signer's handwritten-style signature in
blue, the organisation's seal in red at real size (36 mm) over the left third of the signature,
then the signer's name, title and the signing time. Demo images are drawn here, from the names;
no picture file is needed."""

from __future__ import annotations

import hashlib
import math
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings

DPI = 150
BLUE = (20, 50, 170, 255)
RED = (210, 20, 30, 235)
WIDTH_MM, HEIGHT_MM = 78, 44
SEAL_MM = 36  # a state seal's real diameter (Decree 99/2016/NĐ-CP: 35–42 mm)
SIGNATURE_MM = (45, 22)
FONT_DIR = Path(settings.PACKAGE_DIR) / "static" / "vendor" / "fonts" / "tinos"


def mm(value: float) -> int:
    return round(value * DPI / 25.4)


@cache
def _font(size_px: int, bold: bool = False):
    from PIL import ImageFont

    name = "Tinos_700Bold.ttf" if bold else "Tinos_400Regular.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size_px)


def signature_image(name: str):
    """A blue handwritten-looking stroke, the same for the same name."""
    from PIL import Image, ImageDraw

    w, h = mm(SIGNATURE_MM[0]), mm(SIGNATURE_MM[1])
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    seed = hashlib.sha256(name.encode()).digest()
    points = []
    for i in range(240):
        t = i / 239
        x = w * (0.05 + 0.9 * t)
        wave = sum(
            math.sin(t * (4 + seed[k] % 7) * math.pi + seed[k + 1]) / (k + 1) for k in range(3)
        )
        y = h * (0.5 + 0.28 * wave / 1.8) - h * 0.15 * math.sin(t * math.pi)
        points.append((x, y))
    draw.line(points, fill=BLUE, width=mm(0.7), joint="curve")
    # the flourish under it
    draw.line([(w * 0.15, h * 0.82), (w * 0.9, h * 0.7)], fill=BLUE, width=mm(0.5))
    return img


def seal_image(organisation: str):
    """A red round seal: two rings, the organisation's name around, a star in the middle."""
    from PIL import Image, ImageDraw

    d = mm(SEAL_MM)
    img = Image.new("RGBA", (d, d), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((2, 2, d - 3, d - 3), outline=RED, width=mm(0.8))
    inner = mm(6.5)
    draw.ellipse((inner, inner, d - inner, d - inner), outline=RED, width=mm(0.4))
    c, r = d / 2, d / 2
    star = []
    for k in range(10):
        radius = r * (0.26 if k % 2 == 0 else 0.1)
        angle = -math.pi / 2 + k * math.pi / 5
        star.append((c + radius * math.cos(angle), c + radius * math.sin(angle)))
    draw.polygon(star, fill=RED)
    text = organisation.upper()[:48]
    font = _font(mm(3.2), bold=True)
    ring = r - mm(3.8)
    span = min(math.radians(300), len(text) * math.radians(7.5))
    for i, ch in enumerate(text):
        angle = -math.pi / 2 - span / 2 + span * (i + 0.5) / len(text)
        glyph = Image.new("RGBA", (mm(5), mm(5)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((mm(2.5), mm(2.5)), ch, font=font, fill=RED, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x = c + ring * math.cos(angle) - glyph.width / 2
        y = c + ring * math.sin(angle) - glyph.height / 2
        img.alpha_composite(glyph, (round(x), round(y)))
    return img


@lru_cache(maxsize=64)
def _marks(name: str, organisation: str):
    """The signature with the seal over its left third: the same for every document a signer
    signs, so drawn once per process."""
    from PIL import Image

    img = Image.new("RGBA", (mm(WIDTH_MM), mm(HEIGHT_MM) - mm(8)), (255, 255, 255, 0))
    sig = signature_image(name)
    seal = seal_image(organisation)
    sig_x = mm(WIDTH_MM) - sig.width - mm(4)
    img.alpha_composite(sig, (sig_x, mm(2)))
    # The seal's right edge covers a third of the signature's width.
    seal_x = sig_x + sig.width // 3 - seal.width
    img.alpha_composite(seal, (max(0, seal_x), 0))
    return img, sig_x + sig.width // 2


def block_image(*, name: str, title: str, organisation: str, signed_at: str):
    """The whole block on white (the slot it covers is blank): signature, the seal over its left
    third, then the signer's name and title and the signing time."""
    from PIL import Image, ImageDraw

    marks, centre = _marks(name, organisation)
    img = Image.new("RGB", (mm(WIDTH_MM), mm(HEIGHT_MM)), (255, 255, 255))
    img.paste(marks, (0, 0), marks)
    draw = ImageDraw.Draw(img)
    small = _font(mm(2.6))
    y = mm(HEIGHT_MM) - mm(3.4) * 2 - mm(1)
    for line in (f"{name} – {title}" if title else name, signed_at):
        draw.text((centre, y), line, font=small, fill=BLUE, anchor="ma")
        y += mm(3.4)
    return img
