"""Real-browser tests: the real site, built once, served on 127.0.0.1 and driven in Debian's Chromium.

Playwright drives the system Chromium (``/usr/bin/chromium``, Debian package ``chromium``); it never
downloads a browser of its own. The module is skipped when Chromium or Playwright is missing, except
under CI (``CI=true``), where that is a failure.

Every page a test visits is watched: a request to any host other than 127.0.0.1 is blocked and fails
the test, and so does a console error or an uncaught exception. Screenshots of the key pages are
saved to ``$MNFU_ARTIFACTS`` (default ``tests/artifacts/``) for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from chromium import ARGS as CHROMIUM_ARGS
from chromium import find as find_chromium
from chromium import serve
from conftest import ROOT, TODAY, copy_project, edit, run

pytestmark = pytest.mark.integration

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = find_chromium()
ARTIFACTS = Path(os.environ.get("MNFU_ARTIFACTS") or ROOT / "tests" / "artifacts")

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None

if not IN_CI:
    if sync_playwright is None:
        pytest.skip("playwright is not installed (pip install -e '.[dev]')", allow_module_level=True)
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

# The pages every check runs on, by role.
HOME = ""
CONTRIBUTOR = "ref/contributors/gb/"
CONTRIBUTORS = "ref/contributors/"
BIBLIOGRAPHY = "ref/sources/"
TIMELINE = "ref/timeline/"
MAP = "ref/map/"
KEY_PAGES = [HOME, CONTRIBUTOR, CONTRIBUTORS, BIBLIOGRAPHY, TIMELINE, MAP, "ref/force/"]
AXE_PAGES = [HOME, CONTRIBUTOR, CONTRIBUTORS, BIBLIOGRAPHY, TIMELINE, MAP]


def _slug(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


# --------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def base_url(real_site: Path):
    """The built site over HTTP on 127.0.0.1, gzipped, as a browser would see it deployed."""
    with serve(real_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if sync_playwright is None:
        pytest.fail("CI=true but playwright is not installed: add it to the dev dependencies", pytrace=False)
    if CHROMIUM is None:
        pytest.fail("CI=true but Chromium is not installed: .ci/run should apt-get install chromium", pytrace=False)
    # Chromium keeps crash reports and settings under the home folder: give it one of this test run's.
    home = tmp_path_factory.mktemp("browser-home")
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_CACHE_HOME": str(home / ".cache")}
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
        try:
            yield chromium
        finally:
            chromium.close()


LOCAL_HOSTS = ("127.0.0.1", "localhost")


class Watch:
    """What a page did that it should not: requests to other hosts, console errors, exceptions."""

    def __init__(self) -> None:
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.visited: list[str] = []

    def route(self, route) -> None:
        """Every request of a context comes here: to this machine it goes on, to any other host it is
        aborted (and recorded), so no test ever reaches the network."""
        url = route.request.url
        if urlparse(url).scheme in ("data", "blob", "about") or urlparse(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            if url not in self.foreign:
                self.foreign.append(url)
            route.abort("blockedbyclient")

    def request(self, request) -> None:
        # Requests the router does not see (a worker's, say) are still recorded here.
        parsed = urlparse(request.url)
        foreign = parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS
        if foreign and request.url not in self.foreign:
            self.foreign.append(request.url)

    def console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text} ({message.location.get('url', '')})")

    def page_error(self, error) -> None:
        self.errors.append(f"uncaught exception: {error}")

    def response(self, response) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status} for {response.url}")

    def check_hosts(self) -> None:
        assert not self.foreign, f"requests to hosts other than 127.0.0.1 from {self.visited}: {self.foreign}"

    def check(self) -> None:
        self.check_hosts()
        assert not self.errors, f"errors on {self.visited}:\n" + "\n".join(self.errors)


def guarded_context(browser, watch: Watch, **options):
    """A browser context whose every request goes through ``watch.route``: one to another host is aborted
    and recorded (``watch.check_hosts()`` then fails). Every test opens its contexts here."""
    context = browser.new_context(**options)
    context.route("**/*", watch.route)
    context.on("request", watch.request)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def open_page(browser, base_url: str, watch: Watch):
    """Open a fresh page (in its own context: options such as color_scheme="dark" go to it).

    Every request and console message of every page opened is watched, and checked at the end.
    """
    contexts = []

    def open_(**options):
        options = {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB", **options}
        context = guarded_context(browser, watch, base_url=base_url, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("console", watch.console)
        page.on("pageerror", watch.page_error)
        page.on("response", watch.response)
        page.on("framenavigated", lambda frame: frame == page.main_frame and watch.visited.append(frame.url))
        return page

    try:
        yield open_
        watch.check()
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def page(open_page):
    return open_page()


def shot(page, name: str, full_page: bool = False) -> Path:
    """Save a screenshot for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def title(name: str) -> re.Pattern:
    """A page title as shown: the name, then the permalink sign."""
    return re.compile(rf"^\s*{re.escape(name)}\s*¶?\s*$")


# ------------------------------------------------------------------------------------------ tests


def test_key_pages_load_cleanly(page, watch: Watch):
    """No console error, no failed request and no request to another host on any key page."""
    for path in KEY_PAGES:
        page.goto(path, wait_until="networkidle")
        expect(page.locator("article h1")).to_be_visible()
        shot(page, f"page-{_slug(path)}")
        watch.check()


def test_dark_scheme_and_phone_screens(open_page):
    """The pages follow the reader's dark preference and fit a phone (screenshots to look at)."""
    page = open_page(color_scheme="dark")
    page.goto(HOME, wait_until="networkidle")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    shot(page, "page-home-dark")
    phone = open_page(color_scheme="dark", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    for path in (CONTRIBUTOR, CONTRIBUTORS):
        phone.goto(path, wait_until="networkidle")
        overflow = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"/{path} is {overflow}px wider than a phone screen"
        shot(phone, f"phone-dark-{_slug(path)}")


def test_reader_goes_from_home_to_a_contributor_its_sources_and_back(page):
    """Home -> a lead nation in the infobox -> a note's tooltip -> the bibliography, which links back."""
    page.goto(HOME)
    infobox = page.locator("article table").first
    infobox.get_by_role("link", name="United Kingdom").first.click()
    page.wait_for_url(re.compile(r"/ref/contributors/gb/$"))
    expect(page.locator("article h1")).to_have_text(title("United Kingdom"))

    # Hovering a note number shows the citation of that note (notes.js), with its bibliography link.
    ref = page.locator("article a.footnote-ref").first
    note_id = ref.get_attribute("href").lstrip("#")
    note = page.locator(f"li[id='{note_id}']")
    citation = note.locator("p").first.inner_text().split("↗")[0].strip()
    ref.hover()
    tooltip = page.locator("#mnfu-note-tip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(citation[:60])
    expect(tooltip.get_by_role("link", name=re.compile("Bibliography"))).to_be_visible()
    assert ref.get_attribute("aria-describedby") == "mnfu-note-tip"
    box, number = tooltip.bounding_box(), ref.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280 and abs(box["y"] - (number["y"] + number["height"])) < 40
    shot(page, "contributor-footnote-tooltip")
    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()
    ref.focus()  # the keyboard too
    expect(tooltip).to_be_visible()
    page.locator("article h1").click()
    expect(tooltip).to_be_hidden()

    # Following the note, then its bibliography link, lands on the source's entry.
    ref.click()
    expect(note).to_be_in_viewport()
    bib = note.get_by_role("link", name=re.compile("Bibliography"))
    entry_id = urlparse(bib.get_attribute("href")).fragment
    bib.click()
    page.wait_for_url(re.compile(rf"/ref/sources/{re.escape(entry_id[0])}/#{re.escape(entry_id)}$"))
    heading = page.locator(f"h2[id='{entry_id}']")
    expect(heading).to_be_in_viewport()
    shot(page, "bibliography-entry")

    # The entry's "Cited on" line lists the contributor page it came from.
    cited_on = page.evaluate(
        """id => {
            const out = [];
            for (let el = document.getElementById(id).nextElementSibling;
                 el && !/^H[1-2]$/.test(el.tagName) && !el.matches("nav"); el = el.nextElementSibling) {
                if (el.textContent.trim().startsWith("Cited on"))
                    for (const a of el.querySelectorAll("a[href]")) out.push(new URL(a.href).pathname);
            }
            return out;
        }""",
        entry_id,
    )
    assert "/ref/contributors/gb/" in cited_on, f"{entry_id} is not cited on the UK page: {cited_on}"
    back = heading.locator(
        "xpath=following-sibling::p[starts-with(normalize-space(.), 'Cited on')][1]//a[contains(@href, 'contributors/gb/')]"
    )
    back.click()
    page.wait_for_url(re.compile(r"/ref/contributors/gb/$"))


def test_search_finds_a_country(page):
    page.goto(HOME)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Estonia", delay=30)
    results = page.locator(".md-search-result a.md-search-result__link")
    expect(results.first).to_be_visible()
    shot(page, "search-estonia")
    hrefs = [urlparse(urljoin(page.url, h)).path for h in results.evaluate_all("as => as.map(a => a.href)")]
    assert "/ref/contributors/ee/" in hrefs, f"no result for the Estonia page among {hrefs}"
    results.nth(hrefs.index("/ref/contributors/ee/")).click()
    page.wait_for_url(re.compile(r"/ref/contributors/ee/"))
    expect(page.locator("article h1")).to_have_text(title("Estonia"))


@pytest.mark.parametrize("phone", [False, True])
def test_the_search_index_loads_only_when_the_reader_searches(open_page, phone: bool):
    """Pages that do not search do not fetch the index (the largest file of the site); opening the search
    (the magnifier on a phone, the box on a desktop) fetches it, and results come."""
    options = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True} if phone else {}
    page = open_page(**options)
    fetched = []
    page.on("request", lambda r: "search_index" in r.url and fetched.append(r.url))
    page.goto(CONTRIBUTOR, wait_until="networkidle")
    page.wait_for_timeout(500)
    assert not fetched, "the search index was fetched by a page nobody searched on"
    if phone:
        page.locator("label.md-header__button[for=__search]").click()
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("SOFA", delay=30)
    expect(page.locator(".md-search-result a.md-search-result__link").first).to_be_visible()
    assert len(fetched) == 1, fetched


def _graphic(page, path: str):
    """The page's figure: the first large <svg> in the article."""
    page.goto(path, wait_until="networkidle")
    shot(page, f"graphic-{_slug(path)}", full_page=False)
    big = page.evaluate(
        """() => [...document.querySelectorAll("article svg")]
                 .map((s, i) => [i, s.getBoundingClientRect()])
                 .filter(([, r]) => r.width >= 150 && r.height >= 100)
                 .map(([i]) => i)"""
    )
    assert big, f"{path} has no <svg> figure of at least 150 x 100 px"
    return page.locator("article svg").nth(big[0])


@pytest.mark.parametrize("path", [MAP, TIMELINE])
def test_figure_renders_and_its_shapes_link_to_entities(page, path: str):
    svg = _graphic(page, path)
    expect(svg).to_be_visible()
    svg.scroll_into_view_if_needed()
    shot(page, f"graphic-{_slug(path)}-figure")
    links = svg.locator("a")
    assert links.count(), f"the figure on {path} has no linked shape or marker"
    target = links.first
    href = target.evaluate("a => a.getAttribute('href') || a.getAttribute('xlink:href')")
    assert href, f"the first link in the figure on {path} has no href"
    before = page.url
    target.click()
    page.wait_for_load_state()
    after = urlparse(page.url)
    assert page.url != before or after.fragment, f"clicking {href} on {path} went nowhere"
    assert after.path.startswith("/ref/"), f"clicking {href} on {path} left the reference: {page.url}"
    if after.fragment:
        expect(page.locator(f"[id='{unquote(after.fragment)}']")).to_be_attached()
    else:
        expect(page.locator("article h1")).to_be_visible()


def _column(page, index: int) -> list[str]:
    """The visible cells of a column of the contributors table, without their note numbers."""
    return page.evaluate(
        """i => [...document.querySelectorAll(".sortable-table table tbody tr")]
                 .filter(tr => !tr.hidden)
                 .map(tr => { const c = tr.cells[i].cloneNode(true);
                              c.querySelectorAll("sup").forEach(s => s.remove());
                              return c.textContent.trim(); })""",
        index,
    )


def _as_date(text: str) -> tuple[int, int, int] | None:
    text = text.removeprefix("c. ").strip()
    for fmt, parts in (("%d %B %Y", 3), ("%B %Y", 2), ("%Y", 1)):
        try:
            d = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return (d.year, d.month if parts > 1 else 0, d.day if parts > 2 else 0)
    return None


def test_contributors_table_sorts_and_filters(page):
    page.goto(CONTRIBUTORS)
    table = page.locator(".sortable-table table")
    assert table.count() == 1, "no .sortable-table on the contributors page (is md_in_html enabled?)"
    rows = table.locator("tbody tr")
    total = rows.count()
    assert total > 5

    # Clicking a header sorts by it, and aria-sort says so; a second click reverses the order.
    country = table.locator("th", has=page.get_by_role("button", name="Country"))
    page.get_by_role("button", name="Country").click()
    expect(country).to_have_attribute("aria-sort", "ascending")
    names = _column(page, 0)
    assert names == sorted(names, key=str.casefold)
    page.get_by_role("button", name="Country").click()
    expect(country).to_have_attribute("aria-sort", "descending")
    assert _column(page, 0) == sorted(names, key=str.casefold, reverse=True)

    # Dates sort as dates, not as text; unknown dates go last.
    page.get_by_role("button", name="As of").click()
    expect(country).not_to_have_attribute("aria-sort", re.compile("."))
    dates = [_as_date(t) for t in _column(page, 3)]
    known = [d for d in dates if d is not None]
    assert known == sorted(known), dates
    assert dates == known + [None] * (len(dates) - len(known)), dates

    # The keyboard works too: Enter and Space on a header's button.
    role = page.get_by_role("button", name="Role")
    role.focus()
    page.keyboard.press("Enter")
    expect(table.locator("th", has=role)).to_have_attribute("aria-sort", "ascending")
    page.keyboard.press("Space")
    expect(table.locator("th", has=role)).to_have_attribute("aria-sort", "descending")

    # Typing in the labelled filter hides the other rows and updates the live count.
    box = page.get_by_label("Filter rows")
    expect(box).to_be_visible()
    count = page.locator(".sortable-table__count")
    expect(count).to_have_attribute("aria-live", "polite")
    expect(count).to_have_text(f"{total} rows")
    box.press_sequentially("eston")
    expect(count).to_have_text(f"1 of {total} rows shown")
    assert _column(page, 0) == ["Estonia"]
    box.fill("lead nation")
    leads = _column(page, 0)
    assert {"France", "United Kingdom"} <= set(leads)
    assert all("Lead nation" in r for r in _column(page, 1))
    expect(count).to_have_text(f"{len(leads)} of {total} rows shown")
    shot(page, "contributors-table-filtered")
    box.fill("")
    expect(count).to_have_text(f"{total} rows")
    assert len(_column(page, 0)) == total


def test_every_bibliography_entry_shows_where_it_is_cited(page):
    """Each entry's "Cited on" line is its own paragraph, not swallowed by the quote above it."""
    page.goto(BIBLIOGRAPHY)
    missing = page.evaluate(
        """() => [...document.querySelectorAll("article h3[id]")].filter(h => {
                for (let el = h.nextElementSibling; el && !/^H[1-3]$/.test(el.tagName); el = el.nextElementSibling)
                    if (el.tagName === "P" && el.textContent.trim().startsWith("Cited on")) return false;
                return true;
            }).map(h => h.id)"""
    )
    assert not missing, f"{len(missing)} entries have no 'Cited on' paragraph of their own, e.g. {missing[:5]}"


@pytest.mark.parametrize("path", [HOME, CONTRIBUTOR, "ref/force/"], ids=_slug)
def test_note_numbers_are_separated_only_from_each_other(page, path: str):
    """Adjacent note numbers read "1,2"; a lone number after text has no comma before it.

    The comma may be generated text (a separator element between the notes) or a CSS ::before.
    """
    page.goto(path)
    wrong = page.evaluate(
        """() => {
            const isNote = n => !!n && n.nodeType === 1 && n.matches("sup[id^='fnref']");
            const isComma = n => !!n && n.nodeType === 1 && !isNote(n) && n.textContent.trim() === ",";
            return [...document.querySelectorAll("article sup[id^='fnref']")].filter(s => {
                const prev = s.previousSibling;
                const comma = isComma(prev) || getComputedStyle(s, "::before").content.includes(",");
                const afterNote = isNote(prev) || (isComma(prev) && isNote(prev.previousSibling));
                return comma !== afterNote;
            }).map(s => (s.previousSibling ? s.previousSibling.textContent.slice(-30) : "") + "|" + s.textContent);
        }"""
    )
    assert not wrong, f"{len(wrong)} note numbers on /{path} have a wrong comma (or none) before them, e.g. {wrong[:5]}"


_TABLE = """<!doctype html><html lang="en"><body><div class="sortable-table"><table>
<thead><tr><th>Name</th><th>Troops</th><th>As of</th></tr></thead><tbody>
<tr><td>b</td><td>1,200</td><td>March 2025</td></tr>
<tr><td>a</td><td>300<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">9</a></sup></td><td>c. 2024</td></tr>
<tr><td>c</td><td>unknown</td><td>6 January 2026</td></tr>
<tr><td>d</td><td>1,200</td><td>1 March 2025</td></tr>
<tr><td>É</td><td>25,000–30,000</td><td>unknown</td></tr>
</tbody></table></div></body></html>"""


def test_table_script_sorts_numbers_dates_and_text_stably(page):
    """tables.js alone, on a made-up table: numbers, dates, accents, ties and blanks."""
    page.set_content(_TABLE)
    page.add_script_tag(path=str(ROOT / "docs" / "javascripts" / "tables.js"))

    def names():
        return page.eval_on_selector_all("tbody tr:not([hidden])", "rows => rows.map(r => r.cells[0].textContent)")

    page.get_by_role("button", name="Troops").click()
    assert names() == ["a", "b", "d", "É", "c"]  # 300 < 1,200 = 1,200 (kept in order) < 25,000; unknown last
    page.get_by_role("button", name="Troops").click()
    assert names() == ["É", "b", "d", "a", "c"]  # reversed, ties still in their first order, blank still last
    page.get_by_role("button", name="As of").click()
    assert names() == ["a", "b", "d", "c", "É"]  # c. 2024 < March 2025 < 1 March 2025 < 2026; unknown last
    page.get_by_role("button", name="Name").click()
    assert names() == ["a", "b", "c", "d", "É"]  # accents ignored
    headers = page.eval_on_selector_all("th", "ths => ths.map(th => th.getAttribute('aria-sort'))")
    assert headers == ["ascending", None, None]
    page.get_by_label("Filter rows").fill("e")  # accents ignored here too; note numbers are not text
    assert names() == ["É"]
    page.get_by_label("Filter rows").fill("9")
    assert names() == []
    expect(page.locator(".sortable-table__count")).to_have_text("0 of 5 rows shown")


def _axe_source() -> str:
    try:
        return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        if IN_CI:
            pytest.fail("CI=true but axe-playwright-python is not installed", pytrace=False)
        pytest.skip("axe-playwright-python is not installed")


@pytest.mark.parametrize(
    ("path", "scheme"),
    [(p, "light") for p in AXE_PAGES] + [(HOME, "dark"), (CONTRIBUTOR, "dark")],
    ids=lambda v: _slug(v) if "/" in v or not v else v,
)
def test_no_serious_accessibility_violations(open_page, path: str, scheme: str):
    axe = _axe_source()
    page = open_page(color_scheme=scheme)
    page.goto(path, wait_until="networkidle")
    page.add_script_tag(content=axe)
    # target-size (WCAG 2.2 AA) is off by default in axe; Lighthouse checks it, so do we.
    results = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})")
    bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    report = [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes'][:3]]} ({len(v['nodes'])} in all)"
        for v in bad
    ]
    assert not bad, f"axe on /{path} ({scheme}):\n" + "\n".join(report)


def test_the_watch_catches_a_request_to_another_host(page, watch: Watch):
    """The no-other-host check is not vacuous: such a request is seen, blocked and reported."""
    page.goto(HOME)
    page.evaluate("() => { const i = new Image(); i.src = 'http://example.invalid/pixel.png'; document.body.append(i); }")
    page.wait_for_load_state("networkidle")
    assert watch.foreign == ["http://example.invalid/pixel.png"]
    with pytest.raises(AssertionError, match="other than 127.0.0.1"):
        watch.check()
    watch.foreign.clear()
    watch.errors.clear()  # the blocked image's console error


def test_browser_is_the_system_chromium(browser):
    """The browser is Debian's, not one Playwright downloaded."""
    assert CHROMIUM and Path(CHROMIUM).resolve().is_file()
    assert re.match(r"\d+\.", browser.version)


# ------------------------------------------------------------------------------ hostile values

HOSTILE_EDITS = {
    "data/contributors/gb.yaml": [("name: United Kingdom", 'name: "United <img src=x onerror=alert(1)> Kingdom"')],
    "data/organizations/nato.yaml": [("name: North Atlantic Treaty Organization",
                                      "name: \"NATO</a><script>alert(2)</script>\"")],
    "data/events/2025-03-02-london-summit.yaml": [("title: London summit",
                                                   "title: \"London <svg onload=alert(3)> summit\"")],
    "data/sources/beta-2025.yaml": [("title_translated: Proposals",
                                     "title_translated: \"\\\"><img src=y onerror=alert(4)>\"")],
    "data/legal-issues/sofa.yaml": [("name: Status of forces agreement",
                                     "name: \"SOFA <iframe src=javascript:alert(5)>\"")],
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The fixture project with names and titles that are script if inserted as HTML, built strictly."""
    root = copy_project(tmp_path_factory.mktemp("hostile-site"))
    for rel, edits in HOSTILE_EDITS.items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, (rel, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    gb = root / "data" / "contributors" / "gb.yaml"  # the lead sentence becomes the meta description
    edit(gb, "summary: The United Kingdom co-leads the coalition with France [@alpha-2025-07-17].",
        "summary: '\"><script>alert(6)</script> The United Kingdom co-leads with France [@alpha-2025-07-17].'")
    assert run(root, "build", "-q") == 0
    return root / "site"


def test_no_script_runs_from_hostile_values(browser, hostile_site: Path):
    """Every page of a site built from hostile names and titles: no dialog, no injected element."""
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("index.html"))
    dialogs: list[str] = []
    watch = Watch()
    with serve(hostile_site) as url:
        context = guarded_context(browser, watch, base_url=url)
        try:
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
            for path in pages:
                page.goto("/" + path.removesuffix("index.html"))
                page.wait_for_load_state("load")
                injected = page.evaluate("""() => [...document.querySelectorAll('img[onerror], svg[onload], iframe, script')]
                    .filter(e => !e.src || !e.src.startsWith(location.origin)).filter(e => e.tagName !== 'SCRIPT' || !e.src)
                    .filter(e => e.tagName !== 'SCRIPT' || /alert/.test(e.textContent)).map(e => e.outerHTML.slice(0, 160))""")
                assert not injected, f"{path}: elements made from data: {injected}"
        finally:
            context.close()
    assert len(pages) > 15 and not dialogs, dialogs
    watch.check_hosts()


def test_hostile_names_show_as_typed_in_the_navigation(browser, hostile_site: Path):
    watch = Watch()
    with serve(hostile_site) as url:
        context = guarded_context(browser, watch, base_url=url, viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.goto("/ref/contributors/no/")
            nav = page.locator("nav.md-nav--primary")
            expect(nav.get_by_text("United <img src=x onerror=alert(1)> Kingdom", exact=True).first).to_be_attached()
            assert "<img" not in page.title()
            page.goto("/ref/contributors/gb/")
            description = page.locator('meta[name="description"]').get_attribute("content")
            assert description.startswith('"><script>alert(6)</script>')  # text, in the attribute
        finally:
            context.close()
    watch.check_hosts()


# ------------------------------------------------------------------------------ other engines


@pytest.fixture(scope="module", params=["properdocs", "zensical"])
def engine_site(request, tmp_path_factory) -> tuple[str, Path]:
    """The real site built with another engine (`mnfu build --engine`)."""
    root = copy_project(tmp_path_factory.mktemp(f"engine-{request.param}"), ROOT / "data", ROOT / "seeds")
    assert run(root, "build", "-q", "--engine", request.param, today=None) == 0
    return request.param, root / "site"


def test_other_engines_smoke(browser, engine_site):
    """Under ProperDocs and Zensical: pages load without errors or foreign requests, the navigation and a
    note work, and the map links to a contributor."""
    engine, site = engine_site
    watch = Watch()
    with serve(site) as url:
        context = guarded_context(browser, watch, base_url=url, viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.on("console", watch.console)
            page.on("pageerror", watch.page_error)
            page.goto("/ref/contributors/gb/")
            expect(page.locator("h1")).to_contain_text("United Kingdom")
            note = page.locator("a.footnote-ref").first
            note.click()
            expect(page).to_have_url(re.compile(r"#fn:\d+$"))
            page.goto("/ref/map/")
            page.locator('svg a[href="../contributors/gb/"]').first.dispatch_event("click")
            expect(page).to_have_url(re.compile(r"/ref/contributors/gb/$"))
            shot(page, f"engine-{engine}-contributor")
        finally:
            context.close()
    watch.check()


# ------------------------------------------------------------------------------ live preview


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(server) -> int | None:
    """Stop ``mnfu serve`` as a person would (SIGTERM: it stops its engine first); if it has not gone in
    20 s, kill its whole process group, engine included. Its exit code (None if it never started)."""
    import os
    import signal
    import subprocess

    if server is None:
        return None
    server.terminate()
    try:
        return server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        raise


def test_live_preview_shows_edits_and_data_errors(browser, tmp_path: Path):
    """`mnfu serve`: an edit to the data reaches the open page without a manual reload; a data error
    shows as a banner on the page (the last good text stays); fixing it removes the banner."""
    import subprocess
    import sys
    import time

    root = copy_project(tmp_path / "project")
    port = _free_port()
    watch = Watch()
    server = context = None
    try:  # whatever fails, the finally stops mnfu serve (and so its engine) and closes the context
        server = subprocess.Popen([sys.executable, "-m", "mnfu", "--root", str(root), "--today", TODAY.isoformat(),
                                   "serve", "--addr", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)
        context = guarded_context(browser, watch)
        page = context.new_page()
        deadline = time.monotonic() + 90
        while True:
            try:
                page.goto(f"http://127.0.0.1:{port}/ref/contributors/no/", timeout=5_000)
                if page.locator("h1").count():
                    break
            except Exception:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.5)
        no = root / "data" / "contributors" / "no.yaml"
        text = no.read_text()
        no.write_text(text.replace("NO decision yet", "No decision has been taken"))
        expect(page.get_by_text("No decision has been taken")).to_be_visible(timeout=60_000)
        no.write_text(text.replace("[@beta-2025]", "[@no-such-source]", 1))
        banner = page.locator(".mnfu-preview-errors")
        expect(banner).to_be_visible(timeout=60_000)
        expect(banner).to_contain_text("data/contributors/no.yaml")
        expect(banner).to_contain_text("unknown source 'no-such-source'")
        shot(page, "live-preview-data-error")
        no.write_text(text)
        expect(banner).to_have_count(0, timeout=60_000)
    finally:
        if context is not None:
            context.close()
        code = _stop(server)
    assert code == 0, f"mnfu serve exited with {code} when stopped"
    watch.check_hosts()
    # stopping mnfu serve stops the engine it started: nothing is left serving on the port
    import socket

    deadline = time.monotonic() + 10
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                break
        assert time.monotonic() < deadline, "the engine's server outlived mnfu serve"
        time.sleep(0.2)


@pytest.mark.parametrize("viewport", [(390, 844), (360, 740)])
def test_the_timeline_is_a_list_on_phones_and_a_strip_on_wide_screens(open_page, viewport):
    phone = open_page(viewport={"width": viewport[0], "height": viewport[1]}, is_mobile=True, has_touch=True)
    phone.goto(TIMELINE)
    expect(phone.locator("figure.mnfu-timeline")).to_be_hidden()
    expect(phone.locator("article h3").first).to_be_visible()  # the events, as a list
    # the whole range, first to last event, is in the list: nothing is left off the side of the screen
    events = phone.locator("article h3")
    assert events.count() >= 40
    for event in (events.first, events.last):
        event.scroll_into_view_if_needed()
        box = event.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport[0] + 1
    assert phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 1
    laptop = open_page(viewport={"width": 1366, "height": 768})
    laptop.goto(TIMELINE)
    expect(laptop.locator("figure.mnfu-timeline")).to_be_visible()


def test_the_main_sections_show_on_a_laptops_first_screen(open_page):
    """Contributors, Legal issues, Timeline, Map and Sources are in the sidebar without scrolling."""
    page = open_page(viewport={"width": 1366, "height": 768})
    page.goto(CONTRIBUTOR)
    nav = page.locator("nav.md-nav--primary")
    for name in ("Contributors", "Legal issues", "Timeline", "Map", "Sources"):
        link = nav.get_by_text(name, exact=True).first
        box = link.bounding_box()
        assert box and box["y"] + box["height"] <= 768, f"{name} is below the first screen"


def test_the_contributors_table_is_cards_on_phones(open_page):
    """At 390 px every column of every row is on screen: the rows become cards, each cell labelled."""
    phone = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(CONTRIBUTORS)
    cell = phone.locator(".sortable-table tbody tr").first.locator("td").nth(3)
    expect(cell).to_be_visible()
    assert cell.get_attribute("data-label") == "As of"
    box = cell.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 1


# Every visible text's size as drawn (SVG text times its scale on screen), skipping text the theme hides
# by a zero font size (icons); note numbers (and the commas between them) are held to 9.5 px instead.
_SMALL_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !el || el.closest('title, desc, script, style')) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    let size = parseFloat(style.fontSize);
    if (size === 0) continue;
    if (el instanceof SVGElement) { const m = el.getScreenCTM(); size *= Math.hypot(m.a, m.b); }
    const floor = el.closest('sup, .footnote-ref') ? 9.5 : 12;
    if (size < floor - 0.05) small.push(`${size.toFixed(1)}px <${el.tagName}> ${el.textContent.trim().slice(0, 30)}`);
  }
  return small;
}"""


@pytest.mark.parametrize("viewport", [(390, 844), (360, 740), (1366, 768)])
def test_no_text_is_drawn_under_12_px(open_page, viewport):
    """On phones and a laptop, on every key page and the statistics page, charts and map included."""
    page = open_page(viewport={"width": viewport[0], "height": viewport[1]}, is_mobile=viewport[0] < 700)
    for path in [*KEY_PAGES, "ref/statistics/", "ref/legal-issues/", "ref/legal-issues/sofa/", "ref/sources/a/",
                 "ref/headquarters/paris-hq/"]:
        page.goto(path)
        small = page.evaluate(_SMALL_TEXT)
        assert not small, f"/{path} at {viewport[0]} px: {len(small)} texts too small, e.g. {small[:5]}"
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"/{path} is {overflow} px wider than the {viewport[0]} px screen"


@pytest.mark.parametrize("viewport", [(390, 844), (360, 740)])
def test_the_map_fits_a_phone_with_all_of_ukraine_and_every_marker(open_page, viewport):
    phone = open_page(viewport={"width": viewport[0], "height": viewport[1]}, is_mobile=True, has_touch=True)
    phone.goto(MAP)
    expect(phone.locator("svg.mnfu-map-wide")).to_be_hidden()
    svg = phone.locator("svg.mnfu-map-narrow")
    expect(svg).to_be_visible()
    frame = svg.locator("defs clipPath rect").evaluate(
        "r => { const b = r.getBBox(), m = r.getScreenCTM(); "
        "return {x: m.e + b.x * m.a, y: m.f + b.y * m.d, right: m.e + (b.x + b.width) * m.a, "
        "bottom: m.f + (b.y + b.height) * m.d}; }")
    assert frame["x"] >= 0 and frame["right"] <= viewport[0], frame
    shapes = [svg.locator("a[href$='/contributors/ua/'] path"), *[svg.locator("a.mnfu-hq").nth(i) for i in
                                                                   range(svg.locator("a.mnfu-hq").count())]]
    assert len(shapes) >= 3  # Ukraine, and the headquarters in Paris and Kyiv
    for shape in shapes:
        box = shape.bounding_box()
        assert box, shape
        assert frame["x"] - 1 <= box["x"] and box["x"] + box["width"] <= frame["right"] + 1, (box, frame)
        assert frame["y"] - 1 <= box["y"] and box["y"] + box["height"] <= frame["bottom"] + 1, (box, frame)
    assert phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 1
    shot(phone, f"phone-map-{viewport[0]}")


def test_a_note_preview_quotes_the_excerpt_on_hover_focus_and_tap(open_page):
    """A note's preview shows the source and the excerpt its statement rests on, quoted and attributed:
    only that reference's excerpts (data-ev), on hover, keyboard focus and tap; on a phone the first tap
    opens it in place, a tap elsewhere closes it, and a second tap follows the note."""
    page = open_page()
    page.goto(CONTRIBUTOR)
    tip = page.locator("#mnfu-note-tip")
    refs = page.locator("article [data-ev] a.footnote-ref")
    assert refs.count() >= 5
    # a note whose references rest on different excerpts shows each reference only its own
    by_note: dict[str, set[str]] = {}
    for i in range(refs.count()):
        ref = refs.nth(i)
        by_note.setdefault(ref.get_attribute("href"), set()).add(ref.evaluate("a => a.closest('[data-ev]').dataset.ev"))
    href, picks = next((h, p) for h, p in by_note.items() if len(p) > 1)
    note = page.locator(f"li[id='{href.lstrip('#')}']")
    listed = note.locator(".mnfu-ev").count()
    for pick in sorted(picks):
        ref = page.locator(f"article [data-ev='{pick}'] a.footnote-ref[href='{href}']").first
        ref.hover()
        expect(tip).to_be_visible()
        expect(tip.locator(".mnfu-ev")).to_have_count(len(pick.split()))
        expect(tip.locator(".mnfu-ev q").first).to_be_visible()
        assert tip.locator(".mnfu-ev").count() <= listed
        page.mouse.move(0, 0)
        expect(tip).to_be_hidden()
    text = tip.inner_text()
    assert re.search(r"(citing this source|“.+”): ", text), text
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt|\bseed\b", text)
    refs.first.focus()  # the keyboard
    expect(tip).to_be_visible()
    expect(tip.locator(".mnfu-ev")).not_to_have_count(0)
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()

    phone = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(CONTRIBUTOR)
    ref = phone.locator("article [data-ev] a.footnote-ref").nth(2)
    ref.scroll_into_view_if_needed()
    ref.tap()
    tip = phone.locator("#mnfu-note-tip")
    expect(tip).to_be_visible()
    expect(tip.locator(".mnfu-ev q").first).to_be_visible()
    assert not urlparse(phone.url).fragment  # the first tap opens the preview, it does not follow the note
    box = tip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    shot(phone, "phone-contributor-note-preview")
    elsewhere = box["y"] - 20 if box["y"] > 120 else box["y"] + box["height"] + 20  # a tap outside the box
    phone.touchscreen.tap(195, elsewhere)  # bounding boxes are in viewport coordinates
    expect(tip).to_be_hidden()
    ref.tap()
    expect(tip).to_be_visible()
    ref.tap()  # a second tap on the same number follows it to the note
    phone.wait_for_url(re.compile(r"#fn:\d+$"))
    expect(tip).to_be_hidden()


def test_phone_screenshots_of_the_map_and_the_data_page(open_page):
    """The map (a lead nation labelled, not cut) and the data page on a 390 px phone, to look at."""
    phone = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(MAP)
    labels = phone.locator("svg.mnfu-map-narrow g[aria-hidden='true'] text").all_text_contents()
    boxed = phone.locator("svg.mnfu-map-narrow a[href$='/contributors/gb/'] rect").count()
    assert "GB" in labels or boxed, labels
    shot(phone, "phone-map", full_page=True)
    phone.goto("ref/data/")
    expect(phone.locator("article h1")).to_be_visible()
    assert phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 1
    shot(phone, "phone-data", full_page=True)


# ------------------------------------------------------------------------------ hosting at a subpath

PREFIX = "/mnfu-site/"
SITE_URL = f"https://example.org{PREFIX}"


@pytest.fixture(scope="module")
def prefixed_site(tmp_path_factory) -> Path:
    """The fixture project built for a project Pages address (site_url from MNFU_SITE_URL, as deploy sets it)."""
    root = copy_project(tmp_path_factory.mktemp("prefixed-site"))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MNFU_SITE_URL", SITE_URL)
        assert run(root, "build", "-q") == 0
    return root / "site"


def test_a_site_served_under_a_prefix_has_working_404_canonical_links_and_sitemap(browser, prefixed_site: Path):
    """Served at /mnfu-site/ as GitHub Pages serves a project site: a missing page gets the styled 404 page
    (its assets load from under the prefix), every page has its canonical and Open Graph address, and the
    sitemap lists every page."""
    pages = sorted(p.parent.relative_to(prefixed_site).as_posix() for p in prefixed_site.rglob("index.html"))
    expected = {SITE_URL + ("" if p == "." else p + "/") for p in pages}
    sitemap = (prefixed_site / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<loc>([^<]+)</loc>", sitemap)) == expected
    watch = Watch()
    with serve(prefixed_site, prefix=PREFIX) as url:
        context = guarded_context(browser, watch, viewport={"width": 390, "height": 844})
        failed = []
        context.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        try:
            page = context.new_page()
            for missing in ("no/such/page/", "ref/contributors/no-such-country/"):
                response = page.goto(url + missing)
                assert response.status == 404
                expect(page.locator("article h1")).to_contain_text("404")
                assert failed == [f"404 {url}{missing}"], failed  # the stylesheet, scripts and logo load
                failed.clear()
                header = page.locator("header.md-header").evaluate("h => getComputedStyle(h).backgroundColor")
                assert header not in ("rgba(0, 0, 0, 0)", "transparent"), "the theme's stylesheet did not load"
                home = page.locator("a.md-header__button.md-logo")
                assert urlparse(home.evaluate("a => a.href")).path == PREFIX
            shot(page, "prefixed-404")
            page.goto(url + "ref/contributors/gb/")
            assert page.locator("link[rel=canonical]").get_attribute("href") == SITE_URL + "ref/contributors/gb/"
            assert page.locator("meta[property='og:url']").get_attribute("content") == SITE_URL + "ref/contributors/gb/"
            assert page.locator("meta[property='og:title']").get_attribute("content") == "United Kingdom"
            description = page.locator("meta[name=description]").get_attribute("content")
            assert description.startswith("The United Kingdom")
            assert page.locator("meta[property='og:description']").get_attribute("content") == description
            page.locator("nav.md-nav--primary").get_by_text("Timeline", exact=True).first.dispatch_event("click")
            expect(page).to_have_url(url + "ref/timeline/")
            assert not failed, failed
        finally:
            context.close()
    watch.check_hosts()


def test_mentions_are_grouped_by_kind_and_folded_when_long(page):
    """The force page is mentioned on dozens of pages: the list is folded, grouped by kind, and opens."""
    page.goto("ref/force/")
    heading = page.locator("h2#mentioned-on")
    expect(heading).to_be_attached()
    folded = page.locator("h2#mentioned-on + details")
    expect(folded).to_be_attached()
    assert folded.get_attribute("open") is None
    folded.locator("summary").click()
    for kind in ("Countries:", "Events:", "Legal issues:", "Organizations:"):
        expect(folded.get_by_text(kind, exact=True)).to_be_visible()
    link = folded.get_by_role("link", name="United Kingdom")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(r"/ref/contributors/gb/$"))
