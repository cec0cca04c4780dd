"""Charts for the KPI dashboard as plain geometry, drawn as inline SVG by the template (no script,
no inline style: the page's Content-Security-Policy allows neither)."""

from __future__ import annotations

import math
from typing import Any

WIDTH, HEIGHT = 560, 180
_LEFT, _BOTTOM, _TOP, _RIGHT = 44, 28, 12, 8


def _step(value: float) -> float:
    """A tick step of 1, 2, 2.5 or 5 times a power of ten, so that four steps reach `value`."""
    if value <= 0:
        return 0.25
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power * (1 + 1e-9):
            return float(factor * power)
    return float(10 * power)


def _nice_top(value: float) -> float:
    return _step(value) * 4


def _ticks(top: float) -> list[dict[str, Any]]:
    inner = HEIGHT - _TOP - _BOTTOM
    return [{"y": round(HEIGHT - _BOTTOM - inner * i / 4, 1), "label": _short(top * i / 4)} for i in range(5)]


def _short(value: float) -> str:
    if value >= 1000:
        return f"{value / 1000:.1f}k".replace(".0k", "k")
    if value == int(value):
        return f"{value:.0f}"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value < 10 else f"{value:.1f}"


def columns(series: list[tuple[str, list[float | None]]], labels: list[str], names: list[str]) -> dict[str, Any]:
    """Grouped columns: one group per label (a day), one column per series (opened, resolved…)."""
    values = [v for _, points in series for v in points if v is not None]
    top = _nice_top(max(values, default=0))
    inner_w, inner_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    slot = inner_w / max(len(labels), 1)
    width = max(min(slot * 0.8 / max(len(series), 1), 24), 1)
    bars = []
    for s_index, (css, points) in enumerate(series):
        for index, value in enumerate(points):
            if value is None:
                continue
            height = inner_h * value / top
            x = _LEFT + slot * index + slot * 0.1 + width * s_index
            bars.append({"x": round(x, 1), "y": round(HEIGHT - _BOTTOM - height, 1), "w": round(width, 1),
                         "h": round(height, 1), "css": css, "title": f"{labels[index]}: {names[s_index]} {_short(value)}"})
    every = max(1, math.ceil(len(labels) / 8))
    axis = [{"x": round(_LEFT + slot * (i + 0.5), 1), "label": label[5:] if len(label) == 10 else label}
            for i, label in enumerate(labels) if i % every == 0]
    return {"width": WIDTH, "height": HEIGHT, "bars": bars, "ticks": _ticks(top), "axis": axis, "left": _LEFT,
            "right": WIDTH - _RIGHT, "base": HEIGHT - _BOTTOM, "legend": list(zip([c for c, _ in series], names,
                                                                                    strict=True))}


def line(points: list[float | None], labels: list[str], name: str) -> dict[str, Any]:
    """A line over days; a day with no value breaks the line."""
    values = [v for v in points if v is not None]
    top = _nice_top(max(values, default=0))
    inner_w, inner_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    slot = inner_w / max(len(labels), 1)
    segments: list[str] = []
    current: list[str] = []
    dots = []
    for index, value in enumerate(points):
        if value is None:
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        x, y = _LEFT + slot * (index + 0.5), HEIGHT - _BOTTOM - inner_h * value / top
        current.append(f"{x:.1f},{y:.1f}")
        dots.append({"x": round(x, 1), "y": round(y, 1), "title": f"{labels[index]}: {name} {_short(value)}"})
    if current:
        segments.append(" ".join(current))
    every = max(1, math.ceil(len(labels) / 8))
    axis = [{"x": round(_LEFT + slot * (i + 0.5), 1), "label": label[5:] if len(label) == 10 else label}
            for i, label in enumerate(labels) if i % every == 0]
    return {"width": WIDTH, "height": HEIGHT, "segments": segments, "dots": dots, "ticks": _ticks(top), "axis": axis,
            "left": _LEFT, "right": WIDTH - _RIGHT, "base": HEIGHT - _BOTTOM}


def shares(counts: dict[str, int], width: int = 260) -> dict[str, Any]:
    """Horizontal bars, largest first: volume by category, channel or priority."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    top = max((n for _, n in ordered), default=0) or 1
    row_h = 20
    bars = [{"y": i * row_h, "w": round((width - 120) * n / top, 1), "label": label.replace("_", " "), "n": n}
            for i, (label, n) in enumerate(ordered)]
    return {"width": width, "height": max(len(bars), 1) * row_h, "bars": bars, "label_w": 110}
