"""WCAG contrast maths (pure): known reference values and the derivation helpers."""

from __future__ import annotations

import pytest

from sysselsattning.domain.contrast import (
    GRAPHICS_MIN,
    TEXT_MIN,
    contrast_ratio,
    is_dark,
    meets,
    mix,
    parse_colour,
    readable_on,
    relative_luminance,
    to_hex,
)


def test_luminance_extremes_and_mid_grey():
    assert relative_luminance("#000000") == 0.0
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    # sRGB #777777 is the classic "just under 4.5:1 on white" grey
    assert relative_luminance("#777") == pytest.approx(0.1844, abs=1e-4)


@pytest.mark.parametrize(
    ("fg", "bg", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.48),  # WebAIM: fails AA for normal text
        ("#767676", "#ffffff", 4.54),  # WebAIM: the lightest grey that passes on white
        ("#ff0000", "#ffffff", 4.0),
        ("#0000ff", "#ffffff", 8.59),
    ],
)
def test_reference_ratios(fg, bg, ratio):
    assert contrast_ratio(fg, bg) == pytest.approx(ratio, abs=0.01)
    assert contrast_ratio(bg, fg) == pytest.approx(ratio, abs=0.01)  # order does not matter


def test_meets_threshold_boundaries():
    assert not meets("#777777", "#ffffff", TEXT_MIN)
    assert meets("#767676", "#ffffff", TEXT_MIN)
    assert meets("#949494", "#ffffff", GRAPHICS_MIN)
    assert not meets("#aaaaaa", "#ffffff", GRAPHICS_MIN)


def test_parse_forms_and_errors():
    assert parse_colour("#abc") == (0xAA, 0xBB, 0xCC)
    assert parse_colour("1b2630") == (0x1B, 0x26, 0x30)
    assert parse_colour((1, 2, 3)) == (1, 2, 3)
    assert to_hex((255, 0, 16)) == "#ff0010"
    for bad in ("#12345", "zzzzzz", (256, 0, 0), (-1, 0, 0)):
        with pytest.raises(ValueError):
            parse_colour(bad)


def test_mix():
    assert mix("#000000", "#ffffff", 0.0) == (0, 0, 0)
    assert mix("#000000", "#ffffff", 1.0) == (255, 255, 255)
    assert mix("#000000", "#ffffff", 0.5) == (128, 128, 128)
    with pytest.raises(ValueError):
        mix("#000", "#fff", 1.5)


def test_readable_on_keeps_a_good_colour_and_darkens_or_lightens_a_weak_one():
    assert readable_on("#1b2630", "#ffffff") == (0x1B, 0x26, 0x30)
    light_grey = readable_on("#aaaaaa", "#ffffff")
    assert meets(light_grey, "#ffffff", TEXT_MIN)
    assert contrast_ratio(light_grey, "#ffffff") < 5.5  # just enough: still a muted grey, not black
    # on a black high-contrast background a dark red is lightened until it reads
    red = readable_on("#b3261e", "#000000")
    assert meets(red, "#000000", TEXT_MIN)
    assert red[0] > red[1]  # still reddish
    assert meets(readable_on("#808080", "#777777", 7.0), "#777777", 7.0) or readable_on("#808080", "#777777", 7.0) in (
        (0, 0, 0),
        (255, 255, 255),
    )


def test_is_dark():
    assert is_dark("#000000") and is_dark("#24384a")
    assert not is_dark("#ffffff") and not is_dark("#f4f6f8")
