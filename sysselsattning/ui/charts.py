"""Two small charts for the simulator, drawn with QPainter.

Why QPainter and not a chart library: QtCharts is not part of PySide6-Essentials; PySide6-Addons 6.11.3
adds about 418 MB installed (the venv grows from 372 MB to 790 MB) and slows start-up, and pyqtgraph pulls
in numpy. We need two simple charts — money to live on against monthly earnings (three lines) and the
year's cap use month by month (bars and a limit line) — which is a few hundred lines of painting code with
no new dependency, and the same figures are drawn as vector graphics in the PDF letter by reportlab.

Both widgets keep their data in plain Python (öre as ``int``) and expose it (``series_data()``,
``bars_data()``) so tests can assert what is drawn without reading pixels.

Example::

    chart = LineChart()
    chart.set_series([Series("Nuvarande regler", QColor("#c0392b"), [(0, 1087000), (100000, 1087000)])])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from sysselsattning.domain.contrast import GRAPHICS_MIN, TEXT_MIN
from sysselsattning.i18n import _, format_money
from sysselsattning.ui.theme import CASE_HUES, CASE_PEN_STYLES

#: Colours of the three cases, shared by the page, the charts and (as hex) the PDF letter. Each reaches 3:1
#: on white and on black (WCAG 1.4.11), and each case also has its own line style (:data:`CASE_STYLES`), so
#: the lines are told apart without colour.
CASE_COLORS = dict(CASE_HUES)
CASE_STYLES = dict(CASE_PEN_STYLES)
_PEN_STYLES = {
    "solid": Qt.PenStyle.SolidLine,
    "dash": Qt.PenStyle.DashLine,
    "dot": Qt.PenStyle.DotLine,
    "dashdot": Qt.PenStyle.DashDotLine,
    "dashdotdot": Qt.PenStyle.DashDotDotLine,
}


@dataclass
class Series:
    """One line: a name, a colour and points ``(x_ore, y_ore)`` sorted by x."""

    name: str
    color: QColor
    points: list[tuple[int, int]] = field(default_factory=list)
    dashed: bool = False
    marker: bool = False  # draw the points as dots (e.g. "your plan"), left out of the legend
    style: str = ""  # "solid" | "dash" | "dot"; empty: dash when ``dashed``, else solid

    def pen_style(self) -> Qt.PenStyle:
        return _PEN_STYLES.get(self.style or ("dash" if self.dashed else "solid"), Qt.PenStyle.SolidLine)


def nice_step(span: int, target_ticks: int = 5) -> int:
    """A round tick step (1, 2, 2.5 or 5 × 10^n öre) giving about ``target_ticks`` intervals."""
    if span <= 0:
        return 100_000
    raw = span / target_ticks
    magnitude = 1
    while magnitude * 10 <= raw:
        magnitude *= 10
    for m in (1, 2, 2.5, 5, 10):
        step = int(m * magnitude)
        if step >= raw:
            return max(step, 1)
    return magnitude * 10


def _kr_label(ore: int) -> str:
    return format_money(ore, decimals=False)


class _ChartBase(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(280, 180)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._title = ""

    def sizeHint(self) -> QSize:
        return QSize(460, 260)

    def _colours(self) -> list[tuple[str, QColor]]:  # pragma: no cover - overridden
        return []

    def contrast_pairs(self) -> list[tuple[str, str, str, float]]:
        """For the accessibility check: (what, colour, background, minimum ratio) of what is drawn."""
        base = self.palette().base().color().name()
        pairs = [(_("text"), self.palette().windowText().color().name(), base, TEXT_MIN)]
        pairs += [(name, c.name(), base, GRAPHICS_MIN) for name, c in self._colours()]
        return pairs

    def set_title(self, title: str) -> None:
        self._title = title
        self.setAccessibleDescription(self._describe())
        self.update()

    def _describe(self) -> str:  # pragma: no cover - overridden
        return ""

    def _plot_rect(self, fm: QFontMetrics, y_max_label: str, legend_rows: int) -> QRectF:
        left = fm.horizontalAdvance(y_max_label) + 14
        top = fm.height() * (1 + legend_rows) + 12
        bottom = fm.height() * 2 + 8
        return QRectF(left, top, max(10.0, self.width() - left - 14), max(10.0, self.height() - top - bottom))

    def _draw_title(self, p: QPainter, fm: QFontMetrics) -> None:
        if self._title:
            f = QFont(p.font())
            f.setBold(True)
            p.setFont(f)
            p.setPen(self.palette().windowText().color())
            p.drawText(QPointF(4, fm.ascent() + 2), self._title)
            f.setBold(False)
            p.setFont(f)


class LineChart(_ChartBase):
    """Lines of money to live on (y, kr/month) against monthly gross earnings (x, kr/month).

    ``marker_x`` draws a vertical line at the planned earnings, so the caseworker sees where the plan lies.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._series: list[Series] = []
        self._marker_x: int | None = None
        self._x_label = _("Arvode före skatt per månad")
        self._x_ticks: list[str] | None = None
        self.setAccessibleName(_("Diagram: pengar att leva på mot arvode"))
        self.setAccessibleDescription(self._describe())

    def _tick(self, x: int) -> str:
        if self._x_ticks is None:
            return _kr_label(x)
        return self._x_ticks[x] if 0 <= x < len(self._x_ticks) else ""

    def set_x_axis(self, label: str, ticks: list[str] | None = None) -> None:
        """The x axis' title and, for a category axis (x = 0, 1, …), the text of each tick (e.g. months)."""
        self._x_label = label
        self._x_ticks = ticks
        self.setAccessibleDescription(self._describe())
        self.update()

    # -- data -------------------------------------------------------------------------------------
    def set_series(self, series: list[Series], *, marker_x: int | None = None) -> None:
        self._series = [Series(s.name, QColor(s.color), sorted(s.points), s.dashed, s.marker, s.style) for s in series]
        self._marker_x = marker_x
        self.setAccessibleDescription(self._describe())
        self.update()

    def series_data(self) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
        """What is drawn: ``[(name, ((x_ore, y_ore), ...)), ...]``."""
        return [(s.name, tuple(s.points)) for s in self._series]

    def marker_x(self) -> int | None:
        return self._marker_x

    def _colours(self) -> list[tuple[str, QColor]]:
        return [(s.name, s.color) for s in self._series]

    def _describe(self) -> str:
        """A summary a screen reader can say; the table beside the chart holds the numbers."""
        lines = [s for s in self._series if s.points and not s.marker]
        if not lines:
            return _("Diagrammet är tomt tills året är beräknat.")
        styles = {
            "solid": _("heldragen"),
            "dash": _("streckad"),
            "dot": _("prickad"),
            "dashdot": _("streck-prick"),
            "dashdotdot": _("streck-prick-prick"),
        }
        parts = []
        for s in lines:
            (x0, y0), (x1, y1) = s.points[0], s.points[-1]
            parts.append(
                _("{name} ({style} linje): {first} vid {x0}, {last} vid {x1}").format(
                    name=s.name,
                    style=styles.get(s.style or ("dash" if s.dashed else "solid"), ""),
                    first=_kr_label(y0),
                    last=_kr_label(y1),
                    x0=self._tick(x0),
                    x1=self._tick(x1),
                )
            )
        for s in self._series:
            if s.marker and s.points:
                parts.append(_("{name}: {value}").format(name=s.name, value=_kr_label(s.points[0][1])))
        head = self._title or self.accessibleName()
        return _("{title}. Vågrätt: {x}.").format(title=head, x=self._x_label) + " " + "; ".join(parts) + "."

    # -- painting ---------------------------------------------------------------------------------
    def _ranges(self) -> tuple[int, int, int, int]:
        xs = [x for s in self._series for x, _y in s.points] or [0, 1_000_000]
        ys = [y for s in self._series for _x, y in s.points] or [0, 1_000_000]
        x0, x1 = 0, max(max(xs), 1)
        if self._x_ticks:  # a category axis: one position per tick, whatever the data
            x1 = max(1, len(self._x_ticks) - 1)
        y1 = max(max(ys), 1)
        step = nice_step(y1)
        y1 = ((y1 + step - 1) // step) * step
        lo = min(ys)
        y0 = 0 if lo >= 0 else -(((-lo) + step - 1) // step) * step
        # Start the y axis near the data so small differences between the cases stay visible.
        if lo > 0 and lo > y1 * 0.4:
            y0 = (lo // step) * step - step
            y0 = max(0, y0)
        return x0, x1, y0, max(y1, y0 + step)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        fm = QFontMetrics(p.font())
        self._draw_title(p, fm)
        x0, x1, y0, y1 = self._ranges()
        ystep = nice_step(y1 - y0, max(2, min(6, int((self.height() - 90) / (fm.height() * 2.2)))))
        legend = [s for s in self._series if not s.marker]
        # Lay the legend out in rows that fit the width.
        rows: list[list[Series]] = [[]]
        avail = self.width() - 70
        used = 0
        for s in legend:
            w = 22 + fm.horizontalAdvance(s.name) + 16
            if rows[-1] and used + w > avail:
                rows.append([])
                used = 0
            rows[-1].append(s)
            used += w
        rect = self._plot_rect(fm, _kr_label(y1), len(rows))

        def px(x: int) -> float:
            return rect.left() + (x - x0) / max(1, x1 - x0) * rect.width()

        def py(y: int) -> float:
            return rect.bottom() - (y - y0) / max(1, y1 - y0) * rect.height()

        text_color = self.palette().windowText().color()
        grid = QColor(text_color)
        grid.setAlpha(40)
        # y grid and labels
        y = y0
        while y <= y1:
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(rect.left(), py(y)), QPointF(rect.right(), py(y)))
            p.setPen(text_color)
            label = _kr_label(y)
            p.drawText(QPointF(rect.left() - 6 - fm.horizontalAdvance(label), py(y) + fm.ascent() / 2 - 1), label)
            y += ystep
        # x labels
        if self._x_ticks:
            label_w = max(fm.horizontalAdvance(t) for t in self._x_ticks) + 8
            xstep = max(1, -(-len(self._x_ticks) * label_w // max(1, int(rect.width()))))
        else:
            label_w = fm.horizontalAdvance(_kr_label(x1)) + 14
            xstep = nice_step(x1 - x0, max(1, min(5, int(rect.width() // label_w))))
        x = x0
        while x <= x1:
            label = self._tick(x)
            w = fm.horizontalAdvance(label)
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(px(x), rect.top()), QPointF(px(x), rect.bottom()))
            p.setPen(text_color)
            p.drawText(QPointF(min(px(x) - w / 2, self.width() - w - 2), rect.bottom() + fm.ascent() + 4), label)
            x += xstep
        p.drawText(
            QPointF(
                rect.left() + rect.width() / 2 - fm.horizontalAdvance(self._x_label) / 2,
                rect.bottom() + fm.height() + fm.ascent() + 4,
            ),
            self._x_label,
        )
        # axes
        p.setPen(QPen(text_color, 1))
        p.drawLine(QPointF(rect.left(), rect.bottom()), QPointF(rect.right(), rect.bottom()))
        p.drawLine(QPointF(rect.left(), rect.top()), QPointF(rect.left(), rect.bottom()))
        # marker
        if self._marker_x is not None and x0 <= self._marker_x <= x1:
            pen = QPen(text_color, 1, Qt.PenStyle.DashDotLine)
            p.setPen(pen)
            mx = px(self._marker_x)
            p.drawLine(QPointF(mx, rect.top()), QPointF(mx, rect.bottom()))
        # series
        for s in self._series:
            if not s.points:
                continue
            if s.marker:
                p.setPen(QPen(self.palette().base().color(), 1.5))
                p.setBrush(s.color)
                for xx, yy in s.points:
                    p.drawEllipse(QPointF(px(xx), py(yy)), 5, 5)
                continue
            path = QPainterPath(QPointF(px(s.points[0][0]), py(s.points[0][1])))
            for xx, yy in s.points[1:]:
                path.lineTo(QPointF(px(xx), py(yy)))
            pen = QPen(s.color, 2.5)
            pen.setStyle(s.pen_style())
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        # legend (one row, above the plot)
        ly = fm.height() + 6 if self._title else 4
        for row in rows:
            lx = rect.left()
            for s in row:
                pen = QPen(s.color, 3)
                pen.setStyle(s.pen_style())
                p.setPen(pen)
                p.drawLine(QPointF(lx, ly + fm.height() / 2), QPointF(lx + 18, ly + fm.height() / 2))
                p.setPen(text_color)
                p.drawText(QPointF(lx + 22, ly + fm.ascent()), s.name)
                lx += 22 + fm.horizontalAdvance(s.name) + 16
            ly += fm.height()
        p.end()


class BarChart(_ChartBase):
    """The year's cap use: one bar per month (cap used after that month) and the cap as a dashed line."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._labels: list[str] = []
        self._values: list[int] = []
        self._limit: int | None = None
        self._color = QColor(CASE_COLORS["with_cap"])
        self.setAccessibleName(_("Diagram: använt tak per månad"))
        self.setAccessibleDescription(_("Diagrammet är tomt tills året är beräknat."))

    def set_bars(self, labels: list[str], values_ore: list[int], *, limit_ore: int | None = None) -> None:
        self._labels = list(labels)
        self._values = [int(v) for v in values_ore]
        self._limit = limit_ore
        self.setAccessibleDescription(self._describe())
        self.update()

    def _colours(self) -> list[tuple[str, QColor]]:
        return [(_("staplar"), self._color)]

    def _describe(self) -> str:
        if not self._values:
            return _("Diagrammet är tomt tills året är beräknat.")
        text = _("Använt tak efter varje månad, en stapel per månad.") + " "
        text += "; ".join(f"{lab}: {_kr_label(v)}" for lab, v in zip(self._labels, self._values, strict=True)) + "."
        if self._limit is not None:
            text += " " + _("Taket är {belopp} (streckad linje).").format(belopp=_kr_label(self._limit))
        return text

    def bars_data(self) -> tuple[tuple[str, int], ...]:
        return tuple(zip(self._labels, self._values, strict=True))

    def limit(self) -> int | None:
        return self._limit

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        fm = QFontMetrics(p.font())
        self._draw_title(p, fm)
        top_value = max([*self._values, self._limit or 0, 100_000])  # at least 1 000 kr high when empty
        step = nice_step(top_value, 4)
        y1 = ((top_value + step - 1) // step) * step
        rect = self._plot_rect(fm, _kr_label(y1), 0)

        def py(y: int) -> float:
            return rect.bottom() - y / max(1, y1) * rect.height()

        text_color = self.palette().windowText().color()
        grid = QColor(text_color)
        grid.setAlpha(40)
        y = 0
        while y <= y1:
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(rect.left(), py(y)), QPointF(rect.right(), py(y)))
            p.setPen(text_color)
            label = _kr_label(y)
            p.drawText(QPointF(rect.left() - 6 - fm.horizontalAdvance(label), py(y) + fm.ascent() / 2 - 1), label)
            y += step
        n = max(1, len(self._values))
        slot = rect.width() / n
        short = any(fm.horizontalAdvance(lab) + 4 > slot for lab in self._labels)
        for i, (label, value) in enumerate(zip(self._labels, self._values, strict=True)):
            if short:
                label = label[:1].upper()
            bx = rect.left() + i * slot + slot * 0.18
            bw = slot * 0.64
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self._color)
            p.drawRect(QRectF(bx, py(value), bw, rect.bottom() - py(value)))
            p.setPen(text_color)
            w = fm.horizontalAdvance(label)
            p.drawText(QPointF(rect.left() + i * slot + slot / 2 - w / 2, rect.bottom() + fm.ascent() + 4), label)
        p.setPen(QPen(text_color, 1))
        p.drawLine(QPointF(rect.left(), rect.bottom()), QPointF(rect.right(), rect.bottom()))
        if self._limit is not None:
            p.setPen(QPen(text_color, 1.5, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(rect.left(), py(self._limit)), QPointF(rect.right(), py(self._limit)))
            label = _("Tak {belopp}").format(belopp=_kr_label(self._limit))
            p.setPen(text_color)
            p.drawText(QPointF(rect.right() - fm.horizontalAdvance(label) - 2, py(self._limit) - 4), label)
        p.end()
