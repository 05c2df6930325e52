"""Draw the site's icons (favicon.ico, touch icons) from the star of static/img/icon.svg."""

import math
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

RED = (0xB3, 0x26, 0x1E, 255)
YELLOW = (0xFF, 0xCD, 0x00, 255)


def draw(size: int) -> Image.Image:
    """A five-pointed yellow star on a red rounded square, drawn large then reduced."""
    big = size * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 12 // 64, fill=RED)
    cx, cy, outer = big / 2, big * 33 / 64, big * 24 / 64
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else outer * 0.382
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    pen.polygon(points, fill=YELLOW)
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Draw favicon.ico and the touch icons into static_root (served at the site's root)."

    def handle(self, *args: object, **options: object) -> None:
        out = Path(settings.WHITENOISE_ROOT)
        draw(64).save(out / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64)])
        touch = draw(180).convert("RGB")
        for name in ("apple-touch-icon.png", "apple-touch-icon-precomposed.png"):
            touch.save(out / name, optimize=True)
        self.stdout.write(f"icons written to {out}")
