"""Horizontal bar charts drawn on the server as SVG (no script, no inline style: the CSP allows both).

The SVG scales to its card (viewBox, width 100%). The viewBox is about as wide as a dashboard card
at 1280 px (three cards side by side), so one user unit is about 0.9 CSS pixel and the 14-unit
labels stay readable; a long label is wrapped on a second line (its row taller), and only what
does not fit in two lines is shortened (the whole label is in the bar's <title> and the data table).
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from dienhinh.core.markup import esc

WIDTH = 360
LABEL_WIDTH = 190  # right edge of the labels: room for district names
FONT_SIZE = 14
ROW = 26
BAR = 18
LABEL_CHARS = 24  # what fits in LABEL_WIDTH at FONT_SIZE
LINE = 16  # the second line of a wrapped label, below the first


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: float
    text_x: float
    short_label: str = ""
    lines: tuple[str, ...] = ()

    def label_svg(self, x: int, font_size: int) -> SafeString:
        """The label as SVG text, one <tspan> per line, right-aligned to `x`."""
        lines = self.lines or (self.short_label,)
        spans = "".join(
            f'<tspan x="{esc(x)}" dy="{0 if i == 0 else LINE}">{esc(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        return SafeString(
            f'<text x="{esc(x)}" y="{self.y + 14}" text-anchor="end" font-size="{esc(font_size)}"'
            f' fill="#1a1f27">{spans}</text>'
        )


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    ident: str = "chart"
    font_size: int = FONT_SIZE
    bar_height: int = BAR

    @property
    def plot_x(self) -> int:
        return self.label_width + 6

    def svg(self) -> SafeString:
        """The chart as an SVG element, every text escaped.

        Written here rather than in a template: the numbers are SVG coordinates, never to be
        localised ("12,5" is no length), and a chart of a province's districts has hundreds.
        """
        bars = "".join(
            f"<g><title>{esc(bar.label)}: {esc(bar.value)}</title>"
            f"{bar.label_svg(self.label_width, self.font_size)}"
            f'<rect x="{esc(self.plot_x)}" y="{esc(bar.y)}" width="{esc(bar.width)}"'
            f' height="{esc(self.bar_height)}" fill="#1d4f91"></rect>'
            f'<text x="{esc(bar.text_x)}" y="{esc(bar.y + 14)}" font-size="{esc(self.font_size)}"'
            f' fill="#1a1f27">{esc(bar.value)}</text></g>'
            for bar in self.bars
        )
        description = "; ".join(f"{bar.label}: {bar.value}" for bar in self.bars)
        ident = esc(self.ident)
        return SafeString(
            f'<svg role="img" aria-labelledby="{ident}-title {ident}-desc"'
            f' viewBox="0 0 {esc(self.width)} {esc(self.height)}" width="100%"'
            ' preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{ident}-t">{esc(self.title)}</title>'
            f'<desc id="{ident}-desc">{esc(description)}</desc>{bars}</svg>'
        )


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _wrap(label: str) -> tuple[str, ...]:
    """The label on one line, or two broken between words; the second shortened if need be."""
    if len(label) <= LABEL_CHARS:
        return (label,)
    first = ""
    words = label.split()
    while words and len(f"{first} {words[0]}".strip()) <= LABEL_CHARS:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one word longer than a line
        return (_shorten(label),)
    return (first, _shorten(" ".join(words))) if words else (first,)


def bar_chart(title: str, data: list[tuple[str, int]], ident: str, width: int = WIDTH) -> BarChart:
    """Bars of `data` (label, value), scaled to the largest value; ROW units per bar."""
    plot = width - LABEL_WIDTH - 6 - 36  # room on the right for the value
    top = max((v for _l, v in data), default=0) or 1
    bars = []
    y = 4
    for label, value in data:
        w = plot * value / top
        lines = _wrap(label)
        bars.append(
            Bar(
                label,
                value,
                y,
                round(w, 1),
                round(LABEL_WIDTH + 6 + w + 4, 1),
                _shorten(label),
                lines,
            )
        )
        y += ROW + LINE * (len(lines) - 1)
    return BarChart(
        title,
        bars,
        height=y + 4 if data else 8 + ROW,
        width=width,
        label_width=LABEL_WIDTH,
        ident=ident,
    )
