"""Bar charts (mnfu.site.graphics.charts): bars in proportion, labels beside or above them, text that
never shrinks under 12 px, escaped labels, and the same drawing for the same counts. The charts on the
statistics page are tested in test_graphics.py."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from mnfu.site.graphics.charts import SIZE, WIDTH, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def drawing(title: str, counts: list[tuple[str, int]]) -> ET.Element:
    figure = ET.fromstring(str(bar_chart(title, counts)))  # well-formed, whatever the labels
    assert figure.tag == "figure"
    [svg] = [child for child in figure if child.tag == f"{SVG}svg"]
    return svg


def bars(svg: ET.Element) -> list[ET.Element]:
    return [r for r in svg.iter(f"{SVG}rect")][1:]  # the first is the background


def test_bars_are_in_proportion_and_the_longest_fills_the_width():
    svg = drawing("Counts", [("A", 8), ("B", 4), ("C", 2), ("D", 0)])
    widths = [float(r.get("width")) for r in bars(svg)]
    assert len(widths) == 3  # no bar for 0, but its number is shown
    assert widths[0] / widths[1] == pytest.approx(2, rel=0.01) and widths[1] / widths[2] == pytest.approx(2, rel=0.01)
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["A", "8", "B", "4", "C", "2", "D", "0"]
    numbers = [t for t in svg.iter(f"{SVG}text") if t.text.isdigit()]
    for bar, number in zip(bars(svg), numbers, strict=False):  # each number just past the end of its bar
        assert float(number.get("x")) == pytest.approx(float(bar.get("x")) + float(bar.get("width")) + 6, abs=0.2)
    assert float(numbers[-1].get("x")) == pytest.approx(float(bars(svg)[0].get("x")) + 6, abs=0.1)  # 0: at the axis
    assert float(numbers[0].get("x")) + len(numbers[0].text) * SIZE * 0.56 <= WIDTH  # room for its number


def test_short_labels_stand_beside_their_bars_long_ones_above():
    beside = drawing("Beside", [("Book", 3), ("Report", 1)])
    labels = [t for t in beside.iter(f"{SVG}text") if not t.text.isdigit()]
    assert all(t.get("text-anchor") == "end" for t in labels)
    assert beside.find(f".//{SVG}path") is not None  # the axis the bars start from
    above = drawing("Above", [("A label far too long to stand beside a bar of its own", 3), ("Short", 1)])
    labels = [t for t in above.iter(f"{SVG}text") if not t.text.isdigit()]
    assert all(t.get("text-anchor") is None for t in labels) and above.find(f".//{SVG}path") is None
    for label, bar in zip(labels, bars(above), strict=True):
        assert float(label.get("y")) < float(bar.get("y"))  # each label over its bar
    assert float(above.get("viewBox").split()[3]) > float(beside.get("viewBox").split()[3])  # taller rows


def test_the_chart_never_draws_text_under_12_px_on_a_phone():
    svg = drawing("Size", [("A", 1)])
    _, _, width, _ = (float(v) for v in svg.get("viewBox").split())
    assert width == WIDTH and f"max-width:{WIDTH}px" in svg.get("style")
    # drawn at WIDTH px at most, shrunk at most to a phone's 328 px content column
    assert SIZE * min(1, 328 / WIDTH) >= 12
    assert svg.find(f"{SVG}g").get("font-size") == str(SIZE)


def test_labels_and_title_are_text_and_name_the_chart():
    odd = 'R&D <b>"x"</b>'
    svg = drawing("Sources <by> kind & more", [(odd, 2)])
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert re.fullmatch(r"mnfu-chart-sources-by-kind-more-[0-9a-f]{6}-title", title_id) and svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Sources <by> kind & more"
    assert svg.find(f"{SVG}desc").text == f"Horizontal bar chart, 1 bars. {odd}: 2."
    assert [t.text for t in svg.iter(f"{SVG}text")][0] == odd
    other = drawing("Events by year", [("2025", 1)])
    assert other.get("aria-labelledby").split()[0] != title_id  # two charts on a page: their own ids
    # titles with no letters a-z, or the same letters, still get ids of their own
    ids = {drawing(title, [("a", 1)]).get("aria-labelledby") for title in ("Статьи", "Доклады", "数", "A-B", "a b")}
    assert len(ids) == 5


def test_the_same_counts_draw_the_same_chart():
    counts = [("Book", 3), ("Report", 1), ("News", 7)]
    assert bar_chart("Again", counts) == bar_chart("Again", list(counts))
    assert bar_chart("Again", counts) != bar_chart("Again", counts[::-1])  # the order given is kept
