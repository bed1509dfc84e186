"""Colour contrast after WCAG 2.1 (success criteria 1.4.3 and 1.4.11), pure and Qt-free.

- :func:`relative_luminance` of an sRGB colour (``"#rrggbb"`` or an ``(r, g, b)`` tuple of 0–255);
- :func:`contrast_ratio` of two colours, 1.0 … 21.0 (order does not matter);
- :data:`TEXT_MIN` 4.5 (normal text), :data:`LARGE_TEXT_MIN` 3.0 (≥ 18 pt, or ≥ 14 pt bold) and
  :data:`GRAPHICS_MIN` 3.0 (lines, bars, focus indicators, field borders);
- :func:`mix` blends two colours, and :func:`readable_on` finds the colour closest to a wanted one that still
  reaches a target ratio on a background — how the program derives muted text, error red and chart colours
  from whatever palette the system gives (light, dark or high contrast) instead of hard-coding them.
"""

from __future__ import annotations

RGB = tuple[int, int, int]
Colour = str | RGB

TEXT_MIN = 4.5
LARGE_TEXT_MIN = 3.0
GRAPHICS_MIN = 3.0


def parse_colour(colour: Colour) -> RGB:
    """``"#1b2630"``, ``"1b2630"``, ``"#abc"`` or ``(27, 38, 48)`` → ``(27, 38, 48)``."""
    if isinstance(colour, tuple):
        r, g, b = colour
        for v in (r, g, b):
            if not 0 <= int(v) <= 255:
                raise ValueError(f"colour component out of range: {colour!r}")
        return int(r), int(g), int(b)
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    try:
        return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
    except ValueError as exc:
        raise ValueError(f"not a #rrggbb colour: {colour!r}") from exc


def to_hex(colour: Colour) -> str:
    r, g, b = parse_colour(colour)
    return f"#{r:02x}{g:02x}{b:02x}"


def _linear(channel: int) -> float:
    c = channel / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: Colour) -> float:
    """WCAG relative luminance: 0.0 (black) … 1.0 (white)."""
    r, g, b = parse_colour(colour)
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(a: Colour, b: Colour) -> float:
    """(L1 + 0.05) / (L2 + 0.05) with L1 the lighter one: 1.0 (same) … 21.0 (black on white)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def meets(fg: Colour, bg: Colour, minimum: float = TEXT_MIN) -> bool:
    # Not rounded: WCAG's thresholds are exact (4.499… does not pass).
    return contrast_ratio(fg, bg) >= minimum


def mix(a: Colour, b: Colour, amount: float) -> RGB:
    """``amount`` 0.0 → ``a``, 1.0 → ``b``; straight sRGB interpolation."""
    if not 0.0 <= amount <= 1.0:
        raise ValueError("amount must be within 0…1")
    ra, ga, ba = parse_colour(a)
    rb, gb, bb = parse_colour(b)
    return (
        round(ra + (rb - ra) * amount),
        round(ga + (gb - ga) * amount),
        round(ba + (bb - ba) * amount),
    )


def readable_on(wanted: Colour, background: Colour, minimum: float = TEXT_MIN, *, towards: Colour | None = None) -> RGB:
    """The colour nearest ``wanted`` that reaches ``minimum`` on ``background``.

    ``wanted`` is returned unchanged when it already does; otherwise it is blended step by step towards
    ``towards`` (default: black on a light background, white on a dark one) until the ratio is met. If even
    ``towards`` does not reach it, black or white — whichever contrasts more — is returned.
    """
    rgb = parse_colour(wanted)
    if meets(rgb, background, minimum):
        return rgb
    if towards is None:
        towards = (0, 0, 0) if relative_luminance(background) > 0.18 else (255, 255, 255)
    for step in range(1, 101):
        candidate = mix(rgb, towards, step / 100)
        if meets(candidate, background, minimum):
            return candidate
    black, white = (0, 0, 0), (255, 255, 255)
    return black if contrast_ratio(black, background) >= contrast_ratio(white, background) else white


def is_dark(colour: Colour) -> bool:
    """True when white text reads better on it than black text."""
    return contrast_ratio((255, 255, 255), colour) > contrast_ratio((0, 0, 0), colour)
