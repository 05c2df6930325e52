"""Horizontal bar charts drawn on the server as SVG (no script, no inline style: the CSP allows both)."""

from dataclasses import dataclass


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: float
    text_x: float


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    width: int = 640
    label_width: int = 220
    ident: str = "chart"

    @property
    def plot_x(self) -> int:
        return self.label_width + 8


def bar_chart(title: str, data: list[tuple[str, int]], ident: str, width: int = 640) -> BarChart:
    """Bars of `data` (label, value), scaled to the largest value; 24 px per bar."""
    label_width = 220
    plot = width - label_width - 60
    top = max((v for _l, v in data), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(data):
        w = plot * value / top
        bars.append(Bar(label[:40], value, 4 + i * 24, round(w, 1), label_width + 8 + w + 4))
    return BarChart(
        title,
        bars,
        height=8 + 24 * max(len(data), 1),
        width=width,
        label_width=label_width,
        ident=ident,
    )
