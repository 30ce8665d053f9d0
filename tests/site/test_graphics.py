"""Graphics: the map, the timeline and the charts are well-formed, linked, escaped and deterministic."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from conftest import FIXTURE, ROOT, TODAY, fixture_data
from mnfu.data.load import load_all
from mnfu.data.models import ROLES
from mnfu.site import graphics
from mnfu.site.graphics import (
    INK,
    NEUTRAL,
    ROLE_STYLES,
    bar_chart,
    built_url,
    contrast,
    map_svg,
    outlines,
    project,
    site_href,
    timeline_svg,
)
from mnfu.site.graphics.map import MUST_SHOW, NARROW_PX, _bounds, _map, _Variant
from mnfu.site.page import Page
from mnfu.site.render import render
from mnfu.site.resolve import Site, resolve

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"
ODD = "Ruritania <&> \"Co\""

# Extra files on top of the fixture: a contributor outside the map with a name to escape, an event with
# a period and a title to escape, a headquarters with a name to escape, and one outside the map.
EXTRA = {
    "contributors/zz.yaml": f"""name: '{ODD}'
role: {{value: troop-pledge, as_of: 2025-10-01, sources: [alpha-2025-07-17]}}
summary: A country far away [@alpha-2025-07-17].
""",
    "contributors/ca.yaml": """name: Canada
role: {value: support-only, as_of: 2025-10, sources: [beta-2025]}
summary: Canada offers support [@beta-2025].
""",
    "events/2025-10-01-talks.yaml": """title: Talks <&> "more"
date: 2025-10-01
end_date: 2025-10-03
summary: Three days of talks [@beta-2025].
""",
    "headquarters/odd-hq.yaml": """name: HQ <&> Kyiv
place: Kyiv <b>centre</b>, Ukraine
coordinates: {lat: 50.45, lon: 30.52, sources: [beta-2025]}
role: Forward headquarters [@beta-2025].
summary: A forward headquarters [@beta-2025].
""",
    "headquarters/far-hq.yaml": """name: Far headquarters
place: Far away
coordinates: {lat: 39.0, lon: -100.0, sources: [beta-2025]}
role: Nothing near Europe [@beta-2025].
summary: A headquarters outside the map [@beta-2025].
""",
}


@pytest.fixture(scope="module")
def wide_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("graphics")
    fixture_data(root, EXTRA)
    return resolve(load_all(root / "data"), TODAY)


def _svgs(markup: str) -> list[ET.Element]:
    """Parse the figure as XML (it must be well-formed) and return its SVG elements."""
    figure = ET.fromstring(str(markup))
    assert figure.tag == "figure"
    return [child for child in figure if child.tag == f"{SVG}svg"]


def _svg(markup: str) -> ET.Element:
    """The figure's SVG element (the map's wide drawing: the first of two)."""
    return _svgs(markup)[0]


def _viewbox(svg: ET.Element) -> tuple[float, float]:
    _, _, width, height = (float(v) for v in svg.get("viewBox").split())
    return width, height


def _links(svg: ET.Element) -> dict[str, ET.Element]:
    return {a.get("href"): a for a in svg.iter(f"{SVG}a")}


def _all_graphics(site) -> list[str]:
    return [str(map_svg(site, Page(site, "ref/map/index.md"))),
            str(timeline_svg(site, Page(site, "ref/timeline.md"))),
            str(bar_chart("Chart <&>", [("A <b>", 3), ("B & C", 0)])),
            str(bar_chart("Empty", []))]


# ---------------------------------------------------------------- all graphics


@pytest.mark.parametrize("which", ["site", "wide_site"])
def test_every_graphic_is_well_formed_xml(which, request):
    for markup in _all_graphics(request.getfixturevalue(which)):
        svg = _svg(markup)
        assert svg.find("svg:title", NS) is not None and svg.find("svg:desc", NS) is not None
        assert svg.get("width") == "100%" and svg.get("viewBox")


def test_graphics_are_raw_html_blocks_markdown_leaves_alone(wide_site):
    for markup in _all_graphics(wide_site):
        lines = markup.split("\n")
        assert lines[0].startswith("<figure") and lines[-1] == "</figure>"
        assert all(line and not line[0].isspace() for line in lines), "no blank or indented line inside"
        page = f"# Title\n\nBefore.\n\n{markup}\n\nAfter *this*.\n"
        html = markdown.markdown(page, extensions=["abbr", "attr_list", "footnotes", "md_in_html", "tables"])
        assert markup in html


def test_no_reference_to_other_hosts(wide_site):
    for markup in _all_graphics(wide_site):
        rest = markup.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "http" not in rest and "//" not in re.sub(r"<[^>]*>", "", rest).replace(" // ", "")
        assert all(ref.startswith("#") for ref in re.findall(r"url\(([^)]*)\)", rest))
        assert "<image" not in rest and "<script" not in rest and "xlink" not in rest


def test_graphics_are_deterministic(wide_site, tmp_path):
    again = resolve(load_all(FIXTURE / "data"), TODAY)
    first = _all_graphics(resolve(load_all(FIXTURE / "data"), TODAY))
    assert first == _all_graphics(again)
    assert _all_graphics(wide_site) == _all_graphics(wide_site)


# ---------------------------------------------------------------- links


@pytest.mark.parametrize("here, target, anchor, expected", [
    ("ref/map.md", "ref/contributors/gb.md", None, "../contributors/gb/"),
    ("ref/map.md", "ref/timeline.md", "2025-09-paris-hq", "../timeline/#2025-09-paris-hq"),
    ("ref/timeline.md", "ref/timeline.md", "x", "#x"),
    ("index.md", "ref/timeline.md", "x", "ref/timeline/#x"),
    ("ref/contributors/index.md", "ref/contributors/gb.md", None, "gb/"),
    ("ref/contributors/gb.md", "ref/contributors/index.md", None, "../"),
    ("ref/map.md", "index.md", None, "../../"),
])
def test_links_point_at_the_built_pages(here, target, anchor, expected):
    assert built_url(here, target, anchor) == expected


def test_site_href_follows_page_href(site):
    page = Page(site, "ref/map/index.md")
    gb = site.entities["gb"]
    assert page.href(gb) == "../contributors/gb.md"
    assert site_href(page, gb) == "../contributors/gb/"


def test_raw_html_links_to_other_pages_only_from_an_index_page(site):
    """From ref/map.md, MkDocs and Zensical would resolve one raw link to two different pages."""
    with pytest.raises(ValueError, match="must be an index.md"):
        site_href(Page(site, "ref/map.md"), site.entities["gb"])
    timeline = Page(site, "ref/timeline.md")
    event = site.of_kind("event")[0]
    assert site_href(timeline, event) == f"#{event.id}"  # within the page: the same for both


# ---------------------------------------------------------------- the map


def _frame(svg: ET.Element) -> tuple[float, float, float, float]:
    """The drawing's map frame (x0, y0, x1, y1): its clip path's rectangle."""
    rect = svg.find("svg:defs/svg:clipPath/svg:rect", NS)
    x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
    return x, y, x + float(rect.get("width")), y + float(rect.get("height"))


@pytest.mark.parametrize("which", ["site", "wide_site"])
@pytest.mark.parametrize("drawing, prefix", [(0, "mnfu-wide"), (1, "mnfu-narrow")])
def test_every_contributor_has_a_linked_shape_or_box(which, drawing, prefix, request):
    """In both drawings (wide screens, phones) every contributor is a linked country or a linked box."""
    site = request.getfixturevalue(which)
    page = Page(site, "ref/map/index.md")
    svg = _svgs(map_svg(site, page))[drawing]
    links = _links(svg)
    for record in site.of_kind("contributor"):
        href = f"../contributors/{record.id}/"
        assert href in links, record.id
        assert href == site_href(page, record)
        a = links[href]
        assert a.find("svg:title", NS).text.startswith(f"{record.name}: {ROLES[record.model.role.value]}")
        shapes = a.findall("svg:path", NS) or a.findall("svg:rect", NS)
        assert f"url(#{prefix}-role-{record.model.role.value})" in {s.get("fill") for s in shapes}, record.id
        assert svg.find(f".//svg:pattern[@id='{prefix}-role-{record.model.role.value}']", NS) is not None


def test_contributors_outside_the_map_are_boxed_below_it(wide_site):
    for svg in _svgs(map_svg(wide_site, Page(wide_site, "ref/map/index.md"))):
        _, y0, _, y1 = _frame(svg)
        assert float(svg.get("viewBox").split()[3]) > y1 - y0
        below = svg.find("svg:g[@transform]", NS)  # the key and the boxes, under the frame
        assert below.get("transform").startswith("translate(") and f" {y1:g})" in below.get("transform")
        for code in ("zz", "ca"):
            assert _links(below)[f"../contributors/{code}/"].find("svg:rect", NS) is not None
        assert "Outside the map area" in "".join(below.itertext())


def test_the_phone_drawing_fits_ukraine_and_every_headquarters(wide_site):
    """The narrow drawing's frame holds all of Ukraine and every marker of the wide one, nearly square."""
    wide, narrow = _svgs(map_svg(wide_site, Page(wide_site, "ref/map/index.md")))
    x0, y0, x1, y1 = _frame(narrow)
    ua = next(c for c in outlines()["countries"] if c["code"] == "ua")
    assert _bounds()["ua"][0] >= x0 and _bounds()["ua"][2] <= x1 and _bounds()["ua"][1] >= y0 and _bounds()["ua"][3] <= y1
    assert x0 <= ua["label"][0] <= x1
    for a in (a for a in narrow.iter(f"{SVG}a") if a.get("class") == "mnfu-hq"):
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", a.find("svg:path", NS).get("d"))]
        assert x0 <= min(numbers[0::2]) and max(numbers[0::2]) <= x1 and y0 <= min(numbers[1::2]) <= y1
    hqs = {a.get("href") for svg in (wide, narrow) for a in svg.iter(f"{SVG}a") if a.get("class") == "mnfu-hq"}
    assert hqs == {a.get("href") for a in narrow.iter(f"{SVG}a") if a.get("class") == "mnfu-hq"}
    assert 0.8 <= (y1 - y0) / (x1 - x0) <= 1.25
    assert (x1 - x0) < outlines()["width"] * 0.8  # zoomed in: a phone shows it larger


def _labelled_and_boxed(svg: ET.Element) -> tuple[set[str], set[str]]:
    """The ISO codes drawn as labels inside the frame, and the hrefs of the boxes below it."""
    labels = svg.find("svg:g[@aria-hidden='true']", NS)
    below = svg.find("svg:g[@transform]", NS)
    return {t.text.lower() for t in labels.iter(f"{SVG}text")}, set(_links(below))


@pytest.fixture(scope="module")
def real_data_site():
    return resolve(load_all(ROOT / "data"), TODAY)


@pytest.mark.parametrize("which", ["site", "wide_site", "real_data_site"])
def test_lead_and_troop_pledging_countries_are_labelled_or_boxed(which, request):
    """In both drawings, every lead nation and troop-pledging country is inside the frame with its label,
    or in a box below it: never an unlabelled sliver at the frame's edge."""
    site = request.getfixturevalue(which)
    page = Page(site, "ref/map/index.md")
    must = [r for r in site.of_kind("contributor") if r.model.role.value in MUST_SHOW]
    assert must
    for svg in _svgs(map_svg(site, page)):
        labelled, boxed = _labelled_and_boxed(svg)
        for record in must:
            assert record.id in labelled or site_href(page, record) in boxed, (svg.get("class"), record.id)


def test_the_phone_frame_takes_in_the_lead_nations():
    """The phone's frame is fitted to Ukraine, the headquarters and the lead nations: the United
    Kingdom is drawn whole and labelled, not cut to a sliver."""
    site = resolve(load_all(FIXTURE / "data"), TODAY)
    assert site.entities["gb"].model.role.value == "lead-nation"
    narrow = _svgs(map_svg(site, Page(site, "ref/map/index.md")))[1]
    x0, y0, x1, y1 = _frame(narrow)
    gb = _bounds()["gb"]
    assert x0 <= gb[0] and gb[2] <= x1 and y0 <= gb[1] and gb[3] <= y1
    assert "gb" in _labelled_and_boxed(narrow)[0]


def test_a_lead_nation_the_frame_cuts_goes_in_a_box(site):
    """A frame that cuts a lead nation's label (the phone frame as it was, fitted to Ukraine and Paris
    alone) boxes it below the map instead of leaving an unlabelled sliver; an undecided country it cuts
    stays a shape."""
    page = Page(site, "ref/map/index.md")
    frame = (268.5, 128.4, 635.0, 494.9)  # the United Kingdom's label point is inside, its label is not
    assert frame[0] < outlines_label("gb")[0] and _bounds()["gb"][0] < frame[0]
    svg = ET.fromstring("".join(_map(site, page, _Variant("mnfu-map-narrow", frame, NARROW_PX))))
    labelled, boxed = _labelled_and_boxed(svg)
    assert "gb" not in labelled and "../contributors/gb/" in boxed
    assert "../contributors/no/" not in boxed  # Norway is undecided, inside the frame


def outlines_label(code: str) -> tuple[float, float]:
    return tuple(next(c for c in outlines()["countries"] if c["code"] == code)["label"])


@pytest.mark.parametrize("drawing, narrowest", [(0, 600), (1, 320)])
def test_map_text_is_at_least_12_px_at_the_narrowest_width_it_is_shown(wide_site, drawing, narrowest):
    """Each text's size in map units, times its group's scale, drawn at the narrowest width, is >= 12 px."""
    svg = _svgs(map_svg(wide_site, Page(wide_site, "ref/map/index.md")))[drawing]
    assert svg.get("style").endswith(f"min-width:{narrowest}px")
    px_per_unit = narrowest / float(svg.get("viewBox").split()[2])
    parents = {child: parent for parent in svg.iter() for child in parent}
    texts = list(svg.iter(f"{SVG}text"))
    assert len(texts) > 10
    for text in texts:
        size, scale, node = None, 1.0, text
        while node is not None:
            size = size or node.get("font-size")
            match = re.search(r"scale\(([\d.]+)\)", node.get("transform", ""))
            scale *= float(match.group(1)) if match else 1.0
            node = parents.get(node)
        assert size, f"no font size for {text.text!r}"
        assert float(size) * scale * px_per_unit >= 12 - 0.05, (text.text, float(size) * scale * px_per_unit)


def test_headquarters_markers_fall_inside_the_frame(wide_site):
    svg = _svg(map_svg(wide_site, Page(wide_site, "ref/map/index.md")))
    width, height = outlines()["width"], outlines()["height"]
    markers = {a.get("href"): a for a in svg.iter(f"{SVG}a") if a.get("class") == "mnfu-hq"}
    assert set(markers) == {"../headquarters/paris-hq/", "../headquarters/odd-hq/"}  # far-hq is off the map
    for a in markers.values():
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", a.find("svg:path", NS).get("d"))]
        xs, ys = numbers[0::2], numbers[1::2]
        assert min(xs) >= 0 and max(xs) <= width and min(ys) >= 0 and max(ys) <= height
    x, y = project(48.8714, 2.2111)  # Paris lies between the Channel and the Alps on the map
    gb = next(c for c in outlines()["countries"] if c["code"] == "gb")["label"]
    assert gb[1] < y and 0 < x < width


def test_text_from_data_is_escaped_in_the_map(wide_site):
    markup = str(map_svg(wide_site, Page(wide_site, "ref/map/index.md")))
    assert "Ruritania &lt;&amp;&gt; &quot;Co&quot;" in markup
    assert "<b>" not in markup and "HQ &lt;&amp;&gt; Kyiv" in markup
    svg = _svg(markup)
    assert ODD in "".join(svg.itertext())
    titles = [t.text for t in svg.iter(f"{SVG}title")]
    assert any(t.startswith("HQ <&> Kyiv, Kyiv <b>centre</b>, Ukraine (50.4500° N, 30.5200° E)") for t in titles)


def test_unnamed_countries_are_grey_and_unlinked(site):
    svg = _svg(map_svg(site, Page(site, "ref/map/index.md")))
    grey = [p for p in svg.iter(f"{SVG}path") if p.get("fill") == NEUTRAL]
    names = {p.find("svg:title", NS).text for p in grey}
    assert "France: not named by the sources" in names  # France is not in the fixture
    linked = {id(p) for a in svg.iter(f"{SVG}a") for p in a.iter(f"{SVG}path")}
    assert not any(id(p) in linked for p in grey)


def test_role_colours_and_patterns(site):
    assert set(ROLE_STYLES) == set(ROLES)
    assert len({fill for fill, _ in ROLE_STYLES.values()}) == len(ROLES)
    assert len({pattern for _, pattern in ROLE_STYLES.values()}) == len(ROLES)  # not colour alone
    for fill, _ in [*ROLE_STYLES.values(), (NEUTRAL, "")]:
        assert contrast(fill, INK) >= 4.5, fill
    for svg in _svgs(map_svg(site, Page(site, "ref/map/index.md"))):
        key = "".join(svg.itertext())
        prefix = svg.get("class").replace("-map", "")
        for role in ("lead-nation", "undecided", "host-nation"):
            assert svg.find(f".//svg:pattern[@id='{prefix}-role-{role}']", NS) is not None
            assert f"{ROLES[role]} (1)" in key


def test_outline_data_is_small_and_complete():
    path = graphics.OUTLINES
    assert path.stat().st_size < 300_000
    data = outlines()
    assert "Natural Earth" in data["dataset"] and "Public domain" in data["license"]
    codes = {c["code"] for c in data["countries"]}
    for code in ("is", "pt", "es", "fr", "gb", "no", "de", "pl", "ua", "tr", "ru", "fi", "it", "ee", "al"):
        assert code in codes, code
    for country in data["countries"]:
        assert country["d"].startswith("M") and country["d"].endswith("z")
        x, y = country["label"]
        assert 0 <= x <= data["width"] and 0 <= y <= data["height"], country["name"]


# ---------------------------------------------------------------- the timeline


def test_every_event_is_a_linked_marker(wide_site):
    svg = _svg(timeline_svg(wide_site, Page(wide_site, "ref/timeline.md")))
    links = _links(svg)
    for record in wide_site.of_kind("event"):
        a = links[f"#{record.id}"]
        assert record.model.title in a.find("svg:title", NS).text
    approx = links["#2025-09-paris-hq"]
    assert approx.find("svg:title", NS).text == "c. September 2025: Paris headquarters set up"
    assert approx.find("svg:rect", NS).get("stroke-dasharray")  # approximate: dashed
    exact = links["#2025-03-02-london-summit"].find("svg:circle", NS)
    assert exact is not None and not exact.get("stroke-dasharray")
    period = links["#2025-10-01-talks"]
    assert period.find("svg:title", NS).text == '1 October 2025 – 3 October 2025: Talks <&> "more"'
    assert period.find("svg:rect", NS) is not None


def test_timeline_markers_sit_in_date_order_inside_the_viewbox(wide_site):
    svg = _svg(timeline_svg(wide_site, Page(wide_site, "ref/timeline.md")))
    width, height = _viewbox(svg)
    xs = []
    for record in wide_site.of_kind("event"):
        shape = _links(svg)[f"#{record.id}"][1]
        x = float(shape.get("cx") or shape.get("x"))
        assert 0 <= x <= width
        xs.append(x)
    assert xs == sorted(xs)
    text = "".join(svg.itertext())
    assert "Mar" in text and "Sep" in text and "2025" in text  # month ticks


def test_timeline_links_from_another_page(site):
    svg = _svg(timeline_svg(site, Page(site, "index.md")))
    assert "ref/timeline/#2025-03-02-london-summit" in _links(svg)


def test_timeline_cuts_long_gaps(site, tmp_path):
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    (tmp_path / "data" / "events" / "1993-old.yaml").write_text(
        "title: Long ago\ndate: '1993'\nsummary: Something happened [@beta-2025].\n", encoding="utf-8")
    site = resolve(load_all(tmp_path / "data"), TODAY)
    svg = _svg(timeline_svg(site, Page(site, "ref/timeline.md")))
    width, _ = _viewbox(svg)
    assert width < 1200  # 32 years are not drawn to scale
    assert "1993" in "".join(svg.itertext())


def test_empty_site_draws_no_timeline_and_an_empty_map():
    bare = Site(today=TODAY)
    assert timeline_svg(bare, Page(bare, "ref/timeline.md")) == ""
    svg = _svg(map_svg(bare, Page(bare, "ref/map/index.md")))
    assert not _links(svg)


# ---------------------------------------------------------------- charts


def test_bar_chart_is_accessible_and_shows_its_numbers():
    svg = _svg(bar_chart("Sources <by> kind", [("News & views", 7), ("Report", 2), ("Book", 0)]))
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"svg:title[@id='{title_id}']", NS).text == "Sources <by> kind"
    desc = svg.find(f"svg:desc[@id='{desc_id}']", NS).text
    assert "News & views: 7; Report: 2; Book: 0" in desc
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["News & views", "7", "Report", "2", "Book", "0"]
    bars = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")][1:]  # the first is the background
    assert len(bars) == 2 and bars[0] > bars[1] > 0


def test_empty_bar_chart():
    svg = _svg(bar_chart("Nothing", []))
    assert "No data yet." in "".join(svg.itertext())


# ---------------------------------------------------------------- the pages


@pytest.fixture(scope="module")
def outputs(site):
    return {o.path: o.text for o in render(site, ROOT / "templates", TODAY)}


def test_map_page(outputs):
    text = outputs["ref/map/index.md"]
    assert '<figure class="mnfu-graphic mnfu-map"' in text and "<figcaption>" in text
    assert "- **Lead nation** (1): [United Kingdom](../contributors/gb.md)" in text
    assert "| [Paris headquarters](../headquarters/paris-hq.md) | Mont-Valérien, Paris | 48.8714° N, 2.2111° E" in text
    assert "Natural Earth" in text and "public domain" in text


def test_statistics_page(outputs):
    text = outputs["ref/statistics.md"]
    assert text.count('role="img"') == 5
    for row in ("| Lead nation | 1 |", "| Speech | 1 |", "| French | 1 |", "| July 2025 | 1 |",
                "| 2025, month not given | 1 |", "| Not dated | 1 |", "| September 2025 | 1 |"):
        assert row in text, row
    assert text.count("| **Total** | **4** |") == 3


def test_graphics_module_reads_nothing_but_its_outline_file():
    source = "".join(p.read_text(encoding="utf-8") for p in Path(graphics.__file__).parent.glob("*.py"))
    assert "urllib" not in source and "requests" not in source and "socket" not in source
