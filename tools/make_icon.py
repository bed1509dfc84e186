"""Draw the application icon with QPainter and write resources/icons/ (PNGs 16–256 px and a Windows .ico).

Run from the checkout: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_icon.py``. The output is
committed, so the build needs neither this script nor Pillow. Every size is drawn separately (not scaled
down from 256 px) so the small sizes stay crisp: at 16–24 px the coin is left out.

The picture: three rising steps (the road into work, one small task at a time) on a green rounded
square, and at larger sizes a gold coin (the arvode).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath, QPen

SIZES = (16, 24, 32, 48, 64, 128, 256)
OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"

GREEN_TOP = QColor("#2e8b57")
GREEN_BOTTOM = QColor("#1b5e3b")
STEP = QColor("#ffffff")
GOLD = QColor("#f2b632")
GOLD_EDGE = QColor("#b9831a")


def draw(size: int) -> QImage:
    """One icon image of ``size``×``size`` pixels, transparent outside the rounded square."""
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    margin = 0.0 if size <= 24 else s * 0.04
    box = QRectF(margin, margin, s - 2 * margin, s - 2 * margin)
    grad = QLinearGradient(box.topLeft(), box.bottomLeft())
    grad.setColorAt(0.0, GREEN_TOP)
    grad.setColorAt(1.0, GREEN_BOTTOM)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(grad))
    radius = box.width() * 0.2
    p.drawRoundedRect(box, radius, radius)

    # Three rising steps, as one staircase polygon, bottom-left to top-right.
    inner = box.adjusted(box.width() * 0.16, box.height() * 0.16, -box.width() * 0.16, -box.height() * 0.14)
    small = size <= 24
    n = 3
    w = inner.width() / n
    h = inner.height() * (0.78 if not small else 0.9) / n
    base = inner.bottom()
    path = QPainterPath(QPointF(inner.left(), base))
    for i in range(n):
        top = base - h * (i + 1)
        path.lineTo(inner.left() + w * i, top)
        path.lineTo(inner.left() + w * (i + 1), top)
    path.lineTo(inner.right(), base)
    path.closeSubpath()
    if small:
        # Snap to whole pixels at tiny sizes (no blurry half-pixel edges).
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    p.setBrush(STEP)
    p.drawPath(path)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)

    if not small:
        # The coin, above the lowest step.
        r = inner.width() * 0.17
        centre = QPointF(inner.left() + w * 0.5, base - h * 1 - r * 1.55)
        p.setBrush(GOLD)
        p.setPen(QPen(GOLD_EDGE, max(1.0, s / 64)))
        p.drawEllipse(centre, r, r)
        if size >= 48:
            p.setPen(QPen(GOLD_EDGE, max(1.0, s / 48)))
            p.drawEllipse(centre, r * 0.62, r * 0.62)
    p.end()
    return img


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for size in SIZES:
        target = OUT / f"sysselsattning-{size}.png"
        if not draw(size).save(str(target)):
            print(f"kunde inte skriva {target}", file=sys.stderr)
            return 1
        written.append(target)
    # The name sysselsattning.ui.app looks for (the window icon).
    (OUT / "app.png").write_bytes((OUT / "sysselsattning-256.png").read_bytes())
    written_all = [*written, OUT / "app.png"]
    # Windows wants one .ico with every size; Pillow (a reportlab dependency) writes it from the exact renders.
    from PIL import Image

    images = [Image.open(path).convert("RGBA") for path in written]
    images[-1].save(OUT / "sysselsattning.ico", format="ICO", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    print("\n".join(str(p) for p in [*written_all, OUT / "sysselsattning.ico"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
