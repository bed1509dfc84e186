"""Colours derived from the palette: the app's calm light palette, or the system's high-contrast one.

No screen hard-codes a colour any more. A label that should look muted, red or green gets a *tone*
(:func:`set_tone`), and the application style sheet (:func:`stylesheet`) gives each tone a colour computed
from the palette in use by :mod:`sysselsattning.domain.contrast`: at least 4.5:1 for text and 3:1 for
lines, bars, field borders and the focus frame (WCAG 2.1 AA, EN 301 549). Under a high-contrast system
palette (Windows "Hög kontrast", ``QStyleHints.accessibility().contrastPreference()``, or
``SYSSELSATTNING_CONTRAST=high``) the program keeps the system's colours and drops its own tints.

Tones: ``muted`` (grey helper text), ``error``, ``warning``, ``ok``, ``accent``; boxed labels use the object
names ``error``, ``warning`` and ``info`` as before.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

from sysselsattning.domain.contrast import (
    GRAPHICS_MIN,
    TEXT_MIN,
    contrast_ratio,
    is_dark,
    meets,
    mix,
    readable_on,
    to_hex,
)

# The calm palette's own hues (only used when they reach the contrast targets on the palette in use;
# otherwise they are darkened or lightened until they do).
_ERROR_HUE = "#b3261e"
_WARNING_HUE = "#7a4d00"
_OK_HUE = "#1e5631"
_ACCENT_HUE = "#0d5489"
#: The simulator's three cases (page, charts, PDF letter): distinct hues AND distinct line styles.
CASE_HUES = {"no_work": "#5d6d6e", "current_rules": "#c0392b", "with_cap": "#1f77b4"}
CASE_PEN_STYLES = {"no_work": "dot", "current_rules": "dash", "with_cap": "solid"}


def calm_palette() -> QPalette:
    """Light palette with a muted blue accent; every text/background pair reaches 4.5:1."""
    p = QPalette()
    window = QColor("#f4f6f8")
    text = QColor("#1b2630")
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f9fb"))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffe8"))
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#66727d"))  # 4.9:1 on white (was 3.0:1)
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, QColor("#e9edf1"))
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.BrightText, QColor(_ERROR_HUE))
    p.setColor(QPalette.ColorRole.Highlight, QColor("#2f6f9a"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.Link, QColor("#245f8a"))
    p.setColor(QPalette.ColorRole.Mid, QColor("#8a96a1"))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#8a959f"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, QColor("#f1f3f5"))
    return p


def high_contrast_palette() -> QPalette:
    """A stand-in for Windows' "Hög kontrast svart" (used by ``SYSSELSATTNING_CONTRAST=high`` and the check)."""
    p = QPalette()
    black, white, yellow, cyan = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00"), QColor("#00ffff")
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        p.setColor(role, black)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#101010"))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.ToolTipText,
        QPalette.ColorRole.BrightText,
    ):
        p.setColor(role, white)
    p.setColor(QPalette.ColorRole.ToolTipBase, black)
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#c0c0c0"))
    p.setColor(QPalette.ColorRole.Highlight, cyan)
    p.setColor(QPalette.ColorRole.HighlightedText, black)
    p.setColor(QPalette.ColorRole.Link, yellow)
    p.setColor(QPalette.ColorRole.Mid, white)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#3ff23f"))
    return p


def system_wants_high_contrast() -> bool:
    """Windows high contrast (Qt 6.10+) or ``SYSSELSATTNING_CONTRAST=high``."""
    env = os.environ.get("SYSSELSATTNING_CONTRAST", "").strip().lower()
    if env in ("high", "hog", "hög", "1"):
        return True
    if env in ("normal", "0"):
        return False
    if QGuiApplication.instance() is None:  # no application (yet): no system to ask
        return False
    # Qt 6.10+ (the lock file pins 6.11). Keep the style hints in a variable: in one chained expression
    # PySide6 frees them before accessibility() is read ("Internal C++ object already deleted"), which the old
    # broad except turned into "never high contrast" (#13).
    style_hints = QGuiApplication.styleHints()
    return style_hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast


def app_palette(system: QPalette) -> QPalette:
    """The palette the program runs with: the system's own under high contrast, else the calm palette."""
    if os.environ.get("SYSSELSATTNING_CONTRAST", "").strip().lower() in ("high", "hog", "hög", "1"):
        return high_contrast_palette()
    if system_wants_high_contrast():
        return QPalette(system)
    return calm_palette()


def _hex(c: QColor) -> str:
    return c.name(QColor.NameFormat.HexRgb)


def _on_both(hue: str, a: str, b: str, minimum: float) -> str:
    c = readable_on(readable_on(hue, a, minimum), b, minimum)
    if not meets(c, a, minimum):  # pragma: no cover - extreme palettes: fall back to the text colour
        return ""
    return to_hex(c)


@dataclass(frozen=True)
class Theme:
    """Colours (``#rrggbb``) derived from one palette."""

    high_contrast: bool
    window: str
    base: str
    text: str
    muted: str
    error: str
    error_bg: str
    error_border: str
    warning: str
    warning_bg: str
    ok: str
    ok_bg: str
    accent: str
    line: str  # field borders, group boxes: 3:1 on window and base
    grid: str  # table grid lines (decorative)
    focus: str  # focus frame, 3:1 on window and base
    nav_bg: str
    nav_text: str
    nav_selected_bg: str
    nav_selected_text: str
    header_bg: str
    locked_bg: str
    edited_bg: str
    total_bg: str
    case: dict[str, str]


def theme_for(palette: QPalette, high_contrast: bool | None = None) -> Theme:
    window = _hex(palette.color(QPalette.ColorRole.Window))
    base = _hex(palette.color(QPalette.ColorRole.Base))
    text = _hex(palette.color(QPalette.ColorRole.WindowText))
    highlight = _hex(palette.color(QPalette.ColorRole.Highlight))
    highlighted_text = _hex(palette.color(QPalette.ColorRole.HighlightedText))
    if high_contrast is None:
        high_contrast = contrast_ratio(text, window) >= 15 and is_dark(window)
    dark = is_dark(window)

    def text_tone(hue: str, bg_a: str = window, bg_b: str = base) -> str:
        return _on_both(hue, bg_a, bg_b, TEXT_MIN) or text

    def tint(hue: str, amount: float = 0.12) -> str:
        return base if high_contrast else to_hex(mix(base, hue, amount))

    muted = text_tone(to_hex(mix(text, window, 0.45)))
    error_bg, warning_bg, ok_bg = tint(_ERROR_HUE, 0.10), tint("#e6b000", 0.18), tint("#2e8b57", 0.12)
    focus = highlight if contrast_ratio(highlight, window) >= GRAPHICS_MIN else text
    if high_contrast or dark:
        nav_bg, nav_text = window, text
        nav_selected_bg, nav_selected_text = highlight, highlighted_text
    else:
        nav_bg, nav_text = "#24384a", "#e8eef3"
        nav_selected_bg, nav_selected_text = "#33506a", "#ffffff"
    return Theme(
        high_contrast=high_contrast,
        window=window,
        base=base,
        text=text,
        muted=muted,
        error=text_tone(_ERROR_HUE, window, error_bg),
        error_bg=error_bg,
        error_border=_on_both(_ERROR_HUE, base, error_bg, GRAPHICS_MIN) or text,
        warning=text_tone(_WARNING_HUE, window, warning_bg),
        warning_bg=warning_bg,
        ok=text_tone(_OK_HUE, window, ok_bg),
        ok_bg=ok_bg,
        accent=text_tone(_ACCENT_HUE),
        line=_on_both(to_hex(mix(text, window, 0.5)), window, base, GRAPHICS_MIN) or text,
        grid=to_hex(mix(base, text, 0.15)),
        focus=focus,
        nav_bg=nav_bg,
        nav_text=nav_text,
        nav_selected_bg=nav_selected_bg,
        nav_selected_text=nav_selected_text,
        header_bg=window if high_contrast else to_hex(mix(window, text, 0.04)),
        locked_bg=tint("#5a6b7b", 0.10),
        edited_bg=tint("#f5c400", 0.15),
        total_bg=tint("#2f6f9a", 0.08),
        case={k: _on_both(v, base, window, GRAPHICS_MIN) or text for k, v in CASE_HUES.items()},
    )


_cache: dict[int, Theme] = {}


def current(widget: QWidget | None = None) -> Theme:
    """The theme of ``widget``'s palette (or the application's)."""
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
    key = int(palette.cacheKey())
    theme = _cache.get(key)
    if theme is None:
        if len(_cache) > 32:
            _cache.clear()
        theme = _cache[key] = theme_for(palette)
    return theme


def color(name: str, widget: QWidget | None = None) -> QColor:
    """``color("muted")`` → the theme's QColor for that tone."""
    return QColor(getattr(current(widget), name))


def set_tone(widget: QWidget, tone: str) -> None:
    """Give a label a colour tone from the style sheet (``muted``, ``error``, ``warning``, ``ok``, ``accent``)."""
    widget.setProperty("tone", tone)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def stylesheet(t: Theme) -> str:
    """The application style sheet for a theme (sizes as before; every colour from the theme)."""
    return f"""
QLabel#pageTitle {{ font-size: 17pt; font-weight: 600; color: {t.text}; padding: 0 0 4px 0; }}
QLabel#sectionTitle {{ font-size: 11pt; font-weight: 600; color: {t.text}; }}
QListWidget#navigation {{ background: {t.nav_bg}; color: {t.nav_text}; border: none; font-size: 11pt;
                         padding-top: 10px; outline: 0; }}
QListWidget#navigation::item {{ padding: 9px 14px; border-left: 3px solid transparent; }}
QListWidget#navigation::item:selected {{ background: {t.nav_selected_bg}; color: {t.nav_selected_text};
                                        border-left: 3px solid {t.nav_selected_text}; }}
QListWidget#navigation:focus {{ border: 2px solid {t.nav_text}; }}
QListWidget#navigation::item:hover:!selected {{ background: {t.nav_selected_bg}; color: {t.nav_selected_text}; }}
QLabel#navTitle {{ background: {t.nav_bg}; color: {t.nav_text}; font-size: 12pt; font-weight: 600;
                  padding: 14px 14px; }}
QTreeView::item {{ padding: 3px 2px; }}
QTableView {{ gridline-color: {t.grid}; }}
QHeaderView::section {{ background: {t.header_bg}; border: none; border-bottom: 1px solid {t.line};
                       border-right: 1px solid {t.grid}; padding: 5px 6px; font-weight: 600; color: {t.text}; }}
QGroupBox {{ font-weight: 600; border: 1px solid {t.line}; border-radius: 5px; margin-top: 12px; padding-top: 8px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
QLabel#warning {{ background: {t.warning_bg}; border: 1px solid {t.warning}; border-radius: 4px; padding: 6px 8px;
                 color: {t.warning}; }}
QLabel#error {{ background: {t.error_bg}; border: 1px solid {t.error_border}; border-radius: 4px; padding: 6px 8px;
               color: {t.error}; }}
QLabel#info {{ background: {t.ok_bg}; border: 1px solid {t.ok}; border-radius: 4px; padding: 6px 8px; color: {t.ok}; }}
QStatusBar QLabel {{ padding: 0 6px; color: {t.text}; }}
*[tone="muted"] {{ color: {t.muted}; }}
*[tone="error"] {{ color: {t.error}; }}
*[tone="warning"] {{ color: {t.warning}; }}
*[tone="ok"] {{ color: {t.ok}; }}
*[tone="accent"] {{ color: {t.accent}; font-weight: 600; }}
QLineEdit[invalid="true"] {{ border: 2px solid {t.error_border}; border-radius: 3px; background: {t.error_bg};
                            color: {t.text}; }}
"""
