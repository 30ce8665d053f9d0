"""Command line: ``mnfu generate | build | check | serve | schema``. Only parses arguments."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import shutil
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, engine
from .errors import DataError, Diagnostic, summary
from .pages import INCLUDE, OUT, Output
from .write import (
    WORK,
    copy_site_config,
    link_or_copy,
    mark_rendered,
    read_cache,
    read_stamp,
    rendered_before,
    replace_dirs,
    stage_outputs,
    work_dir,
    work_folder,
    write_cache,
    write_outputs,
    write_stamp,
)

if TYPE_CHECKING:
    from .resolve import Site

# The heavy stages (pydantic models, Jinja, exports, checks) are imported where they are used, so that a
# run with nothing to do, or a usage error, answers without loading them.
FORMATS = ["github", "json", "text"]
"""The output formats of ``mnfu check`` (``check.FORMATS``; a test keeps the two the same)."""

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _today(value: dt.date | None) -> dt.date:
    return value or dt.date.today()


def _date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def pipeline(root: Path, today: dt.date | None = None, downloads: bool = True,
             memo: bool = False) -> tuple[Site, list[Output]]:
    """load -> models -> resolve -> render (and the downloads); raises DataError with every problem found."""
    site, outputs = pipeline_iter(root, today, downloads, memo)
    return site, list(outputs)


def pipeline_iter(root: Path, today: dt.date | None = None, downloads: bool = True,
                  memo: bool = False) -> tuple[Site, Iterator[Output]]:
    """load -> models -> resolve, then the pages and downloads one at a time, for writing as they come.

    Data errors are raised at once; template errors when the iterator reaches its end.
    """
    site = load_site(root, today, memo)
    return site, outputs_iter(root, site, today, downloads)


def load_site(root: Path, today: dt.date | None = None, memo: bool = False) -> Site:
    """load -> models -> resolve; raises DataError with every problem found. With ``memo`` (check and the
    live preview, which run again and again on data that barely changed), a file unchanged since the last
    such run is not parsed or validated again (``mnfu.memo``)."""
    from .load import iter_files
    from .resolve import resolve

    problems: list[Diagnostic] = []
    unreadable: dict[str, str] = {}
    if not memo:
        return resolve(iter_files(root / "data", problems, unreadable), today, problems, unreadable)
    from .memo import Memo

    kept = Memo(root, today or dt.date.today())
    try:
        return resolve(iter_files(root / "data", problems, unreadable, kept), today, problems, unreadable, kept)
    finally:
        kept.save()


def outputs_iter(root: Path, site: Site, today: dt.date | None = None, downloads: bool = True,
                 only: set[str] | None = None) -> Iterator[Output]:
    """The pages of a resolved site, then (``downloads``) the download files, one at a time. ``only``
    (paths under docs/) renders just those pages: the live preview's first pass. What only the pages
    need is read when the first page is asked for, so a check that does not render pays for none of it."""
    from . import audit
    from .history import read_history
    from .load import load_settings
    from .render import render_iter
    from .seeds import seed_coverage

    site.history = read_history(root, work_folder(root) / "history.json")
    if only is None or f"{OUT}/coverage.md" in only:  # the coverage page alone shows these
        site.audit = audit.load(root)
        site.seed_paragraphs = seed_coverage(site, root)
    yield from render_iter(site, root / "templates", today, load_settings(root),
                           cache_dir=root / WORK / "templates", only=only)
    if downloads:
        from .export import exports_iter  # only when the downloads are wanted: check and serve skip them

        yield from exports_iter(site, today or site.today)


def _report(diagnostics: list[Diagnostic], stream=None) -> None:
    stream = stream or sys.stderr
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=stream)
    print(f"mnfu: {summary(diagnostics)}; nothing was written", file=stream)


def cmd_generate(args: argparse.Namespace) -> int:
    """Generate the Markdown pages into docs/ref/; do nothing when no input changed since the last run."""
    root = Path(args.root)
    today = _today(args.today)
    stamp = read_stamp(root, today)
    if stamp.fresh:
        if not args.quiet:
            print(f"mnfu: {stamp.pages} pages up to date: data/, templates/, settings and generator unchanged")
        return EXIT_OK
    try:
        _, outputs = pipeline_iter(root, today)
        report = write_outputs(outputs, root / "docs", root)
    except DataError as exc:
        _report(exc.diagnostics)
        return EXIT_FINDINGS
    count = len(report.written) + len(report.unchanged)
    write_stamp(root, stamp, count)
    if not args.quiet:
        print(f"mnfu: {count} pages: {len(report.written)} written, "
              f"{len(report.unchanged)} unchanged, {len(report.removed)} removed")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """Generate and build the site strictly, all in a work folder; replace docs/ref/ and site/ only
    when every stage succeeded."""
    root = Path(args.root)
    today = _today(args.today)
    stamp = read_stamp(root, today)
    site_dir = Path(args.site_dir)
    if not site_dir.is_absolute():
        site_dir = root / site_dir
    work = work_dir(root, "build-")
    try:
        copy_site_config(root, work)
        docs = root / "docs"
        shutil.copytree(docs, work / "docs", copy_function=link_or_copy,
                        ignore=lambda folder, names: [OUT] if Path(folder) == docs else [])
        try:
            _, outputs = pipeline_iter(root, today)
            report = stage_outputs(outputs, docs, work / "docs" / OUT)  # each page written as it comes
        except DataError as exc:
            _report(exc.diagnostics)
            return EXIT_FINDINGS
        try:
            status = engine.build(args.engine, work, work / "site", quiet=args.quiet)
        except FileNotFoundError as exc:
            print(f"mnfu: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if status != 0:
            print(f"mnfu: {args.engine} could not build the site (see above); site/ and docs/ref/ are unchanged",
                  file=sys.stderr)
            return EXIT_FINDINGS
        replace_dirs([(work / "docs" / OUT, docs / OUT), (work / "site", site_dir)])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    count = len(report.written) + len(report.unchanged)
    write_stamp(root, stamp, count)  # docs/ref/ is what generate would write: a later generate has nothing to do
    if not args.quiet:
        print(f"mnfu: {count} pages ({len(report.written)} changed, {len(report.removed)} removed); "
              f"site built with {args.engine} into {site_dir}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Validate data and templates, check citations and, with --site, the built site. Writes nothing but
    its cache (.mnfu/check.json: the result for these inputs, reused while data and templates are unchanged)."""
    from . import check

    root = Path(args.root)
    config, problems = check.load_config(root)
    if problems:
        _report(problems)
        return EXIT_USAGE
    today = _today(args.today)
    if args.files:
        if args.site or args.external:
            print("mnfu: check FILE... checks data files only; --site and --external check everything",
                  file=sys.stderr)
            return EXIT_USAGE
        return _check_files(args, root, today, config)
    site_dir = None
    if args.site:
        site_dir = Path(args.site)
        if not site_dir.is_absolute():
            site_dir = root / site_dir
        if not (site_dir / "index.html").is_file():
            print(f"mnfu: no built site in {site_dir}: run 'mnfu build' first", file=sys.stderr)
            return EXIT_USAGE
    stamp = read_stamp(root, today)
    inputs = stamp.inputs
    cached = None if args.external else read_cache(root, "check", inputs)
    if cached is not None and site_dir is not None and not cached.get("rendered"):
        cached = None  # checking the site needs the generated pages, which that run did not render
    if cached is not None:  # the data and templates are as when last checked: reuse that result
        findings = [Diagnostic(**d) for d in cached["findings"]]
        if site_dir is not None and cached["built"]:
            scan = check.scan_site(site_dir)
            findings += check.page_problems(scan, cached["generated"], set(cached["nav"]))
            if scan.broken:  # tracing a broken link to its data line needs the whole site model
                site, _ = pipeline(root, today, downloads=False, memo=True)
                findings += check.locate(site, scan.broken)
        return _finish_check(args, check, findings, config)
    findings: list[Diagnostic] = []
    scanning = None
    if site_dir is not None:
        scanning = check.ScanInBackground(site_dir)  # read the built site while the pipeline runs
    # Every page is rendered (to find template errors) unless the templates, the generator and the
    # settings are those of the last complete render: then only the data can have changed, and
    # validation finds its errors. --render, --site and --external always render.
    # Checking the site needs the list of generated pages and the navigation: when docs/ref/ is what a
    # generate would write now (the stamp is fresh, as after `mnfu build`), they are read from there.
    on_disk = site_dir is not None and stamp.fresh and not args.render
    render = args.render or args.external or (site_dir is not None and not on_disk) or not rendered_before(root)
    try:
        site, pages = pipeline_iter(root, today, downloads=False, memo=True)
        outputs = list(pages) if render else _generated_on_disk(root) if on_disk else []
    except DataError as exc:
        site, outputs = None, []
        findings += exc.diagnostics
    if site is not None:
        if render:
            mark_rendered(root)
        findings += check.citation_findings(site, today, config)
        findings += check.audit_findings(site, root)
    nav_text = next((o.text for o in outputs if o.path.endswith(".nav.yml")), "")
    write_cache(root, "check", inputs, {
        "findings": [dataclasses.asdict(d) for d in findings], "built": site is not None,
        "rendered": render or on_disk,
        "generated": check.generated_pages(outputs), "nav": sorted(check.nav_paths(nav_text))})
    if site is not None:
        if scanning is not None:
            findings += check.site_findings(site, outputs, site_dir, check.nav_paths(nav_text), scanning.result())
        if args.external:
            from . import external

            try:
                report = external.check_external(
                    site, root, today=today, state_path=root / (args.state or external.DEFAULT_STATE),
                    changed_only=args.changed_only, options=external.Options(cache_path=root / external.DEFAULT_CACHE))
            except external.ExternalCheckError as exc:
                print(f"mnfu: external link check failed to run: {exc}", file=sys.stderr)
                return EXIT_USAGE
            findings += report.diagnostics
            if args.report:
                report.write_summary(Path(args.report))
    return _finish_check(args, check, findings, config)


def _finish_check(args: argparse.Namespace, check, findings: list[Diagnostic], config) -> int:
    result = check.Result(check.apply_severity(findings, config), strict=args.strict)
    sys.stdout.write(check.FORMATS[args.format](result, args.verbose))
    return EXIT_FINDINGS if result.failed else EXIT_OK


def _generated_on_disk(root: Path) -> list[Output]:
    """The generated pages as they are in docs/ref/ (paths only) and the navigation file (with its text):
    what ``mnfu check --site`` needs of them when docs/ref/ is up to date."""
    ref = root / "docs" / OUT
    found = [Output(path.relative_to(root / "docs").as_posix(), "") for path in sorted(ref.rglob("*.md"))
             if not any(part.startswith(".") for part in path.relative_to(ref).parts)]
    nav = ref / ".nav.yml"
    if nav.is_file():
        found.append(Output(f"{OUT}/.nav.yml", nav.read_text(encoding="utf-8")))
    return found


def _check_files(args: argparse.Namespace, root: Path, today: dt.date, config) -> int:
    """``mnfu check FILE...``: the named data files and their references, fast enough for an on-save hook."""
    from . import check
    from .load import KIND_FOLDERS, SINGLE_FILES, known_ids, load_file
    from .resolve import resolve_files

    data_dir = (root / "data").resolve()
    files, findings = [], []
    for name in args.files:
        path = Path(name)
        path = (path if path.is_absolute() else Path.cwd() / path).resolve()
        if not path.is_relative_to(data_dir) or path.suffix != ".yaml":
            print(f"mnfu: {name} is not a data file (a .yaml file under {root / 'data'})", file=sys.stderr)
            return EXIT_USAGE
        rel = path.relative_to(data_dir)
        kind = SINGLE_FILES.get(rel.name) if len(rel.parts) == 1 else KIND_FOLDERS.get(rel.parts[0])
        if kind is None or len(rel.parts) > 2:
            print(f"mnfu: {name} is not in a data folder of a known kind", file=sys.stderr)
            return EXIT_USAGE
        try:
            files.append(load_file(data_dir / rel, data_dir.parent, kind))
        except DataError as exc:
            findings += exc.diagnostics
    findings += resolve_files(files, known_ids(data_dir), today)
    return _finish_check(args, check, findings, config)


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas of the data files into data/schema/."""
    from .schema import write_schemas

    changed = write_schemas(Path(args.root) / "data" / "schema")
    print(f"mnfu: {len(changed)} schema file(s) updated")
    return EXIT_OK


def _validate_files(files: dict[str, str], today: dt.date) -> list[str]:
    """The problems of a version of the data (path -> text), as one line each."""
    import tempfile

    from .load import load_all
    from .resolve import resolve

    with tempfile.TemporaryDirectory(prefix="mnfu-diff-") as tmp:
        for path, text in files.items():
            target = Path(tmp) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        (Path(tmp) / "data").mkdir(exist_ok=True)
        try:
            resolve(load_all(Path(tmp) / "data"), today)
        except DataError as exc:
            return [d.format().splitlines()[0] for d in exc.diagnostics]
    return []


def cmd_diff(args: argparse.Namespace) -> int:
    """What a change does to the site: the semantic difference of the data between two git revisions."""
    from . import diff, history
    from .load import load_settings

    root = Path(args.root)
    today = _today(args.today)
    try:
        base_files = history.data_files_at(root, args.base)
        head_files = history.data_files_at(root, args.head) if args.head else history.data_files_in(root)
    except history.HistoryError as exc:
        print(f"mnfu: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = diff.compare(base_files, head_files, args.base, args.head or "working tree",
                          _validate_files(base_files, today), _validate_files(head_files, today))
    try:
        site_url = load_settings(root).site_url
    except DataError:
        site_url = ""
    text = diff.to_json(result) if args.format == "json" else diff.to_markdown(result, site_url)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    """List the statements with no evidence; write a worksheet (--worksheet) or record one (--record)."""
    import json

    from . import audit

    root = Path(args.root)
    try:
        site, _ = pipeline(root, _today(args.today), downloads=False)
    except DataError as exc:
        _report(exc.diagnostics)
        return EXIT_FINDINGS
    record = audit.load(root)
    if record.problems:
        _report(record.problems)
        return EXIT_FINDINGS
    if args.record:
        try:
            items = json.loads(Path(args.record).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"mnfu: cannot read the worksheet {args.record}: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if not isinstance(items, list):
            print(f"mnfu: {args.record}: a worksheet is a JSON list of statements", file=sys.stderr)
            return EXIT_USAGE
        done, problems = audit.record_worksheet(root, site, items, audit.documents(root, site),
                                                _today(args.today), args.by, audit.source_dates(site))
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"mnfu: {done} of {len(items)} statement(s) recorded in {audit.AUDIT_FILE}")
        return EXIT_OK if done == len(items) else EXIT_FINDINGS
    if args.worksheet is not None:
        prefix = args.worksheet
        if prefix and Path(prefix).exists():
            full = Path(prefix).resolve()
            prefix = full.relative_to(root.resolve()).as_posix() if full.is_relative_to(root.resolve()) else prefix
        items = audit.worksheet(site, record, audit.documents(root, site), prefix, everything=args.all)
        text = json.dumps(items, ensure_ascii=False, indent=1) + "\n"
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
            print(f"mnfu: {len(items)} statement(s) written to {args.output}")
        else:
            sys.stdout.write(text)
        return EXIT_OK
    current = record.current()
    left = [s for s in audit.statements(site) if not (e := current.get((s.path, s.digest))) or not e.evidence]
    total = audit.counts(site, record)
    for statement in left[: args.limit]:
        print(f"{statement.path}: {statement.label}: {' '.join(statement.text.split())[:90]}")
    if len(left) > args.limit:
        print(f"… and {len(left) - args.limit} more")
    print(f"mnfu: {total['audited']} of {total['total']} statements audited with evidence"
          + (f" (latest {total['latest']})" if total["latest"] else ""))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Start a data file: every required field, blank, under a comment saying what it holds."""
    from .load import known_ids
    from .models import RESERVED_IDS, SLUG_RE
    from .schema import KIND_NAMES, new_file_path, new_file_text
    from .write import atomic_write

    root = Path(args.root)
    kind = KIND_NAMES.get(args.kind)
    if kind is None:
        print(f"mnfu: unknown kind '{args.kind}'; kinds: {', '.join(sorted(set(KIND_NAMES.values())))}",
              file=sys.stderr)
        return EXIT_USAGE
    if not SLUG_RE.match(args.id) or args.id in RESERVED_IDS:
        reason = "is a name the site uses for its own pages" if args.id in RESERVED_IDS else "is not a valid id"
        print(f"mnfu: '{args.id}' {reason}: use lowercase letters, digits and single hyphens, e.g. "
              f"{'dk' if kind == 'contributor' else 'allison-2025-09-06' if kind == 'source' else 'my-new-' + kind.replace('_', '-')}",
              file=sys.stderr)
        return EXIT_USAGE
    path = new_file_path(root, kind, args.id)
    taken = [p for k, p in known_ids(root / "data").get(args.id, []) if (k == "source") == (kind == "source")]
    if path.exists() or taken:
        print(f"mnfu: '{args.id}' is already taken by {taken[0] if taken else path}: choose another id",
              file=sys.stderr)
        return EXIT_USAGE
    atomic_write(path, new_file_text(kind))
    print(f"mnfu: wrote {path.relative_to(root) if path.is_relative_to(root) else path}: fill it in, then "
          f"mnfu check {path.relative_to(root) if path.is_relative_to(root) else path}")
    return EXIT_OK


def _preview_first(root: Path, site: Site, today: dt.date, changed: list[Path]) -> None:
    """Write the pages of the edited data files before the whole regeneration (see ``preview``). A new
    name changes other pages and the navigation, which the whole regeneration writes too."""
    from .write import atomic_write

    data = (root / "data").resolve()
    files = {p.resolve().relative_to(root.resolve()).as_posix() for p in changed
             if p.suffix == ".yaml" and p.resolve().is_relative_to(data)}
    if not files or len(files) != len(changed):
        return
    only = {r.page for r in site.records.values() if r.file.path in files}
    for output in outputs_iter(root, site, today, downloads=False, only=only) if only else ():
        target = root / "docs" / output.path
        if not target.is_file() or target.read_text(encoding="utf-8") != output.text:
            atomic_write(target, output.text)


def _snapshot(folders: list[Path]) -> dict[Path, tuple[int, int]]:
    """Each file's mtime and size (one stat per file: the preview takes a snapshot ten times a second)."""
    found = {}
    for folder in folders:
        for path in folder.rglob("*") if folder.is_dir() else ():
            try:
                info = path.stat()
            except OSError:  # gone since it was listed: an editor's temporary file
                continue
            if stat.S_ISREG(info.st_mode):
                found[path] = (info.st_mtime_ns, info.st_size)
    return found


def preview(root: Path, today: dt.date, changed: list[Path] | None = None) -> list[Diagnostic]:
    """One regeneration for ``mnfu serve``; returns the problems (empty when the pages are up to date).

    On success the pages are written as by ``generate``; when the navigation changed (a name, a new
    entity), every page is marked changed so the engine's dirty rebuild redoes them all. On a data
    error the last good pages stay, and a banner listing the problems is appended to every page.

    ``changed``: the files edited since the last regeneration. When they are all data files, the pages
    that show them are rendered and written first, so the browser has the edit before the rest of the
    site is regenerated.
    """
    from .write import PREVIEW_ERRORS, mark_changed, show_preview_errors

    nav = root / "docs" / OUT / ".nav.yml"
    before = nav.read_bytes() if nav.is_file() else b""
    include = root / "docs" / INCLUDE / "abbreviations.md"
    had_errors = include.is_file() and PREVIEW_ERRORS in include.read_text(encoding="utf-8")
    stamp = read_stamp(root, today)
    if stamp.fresh:
        return []
    try:
        site = load_site(root, today, memo=True)
        if changed and before and not had_errors:
            _preview_first(root, site, today, changed)
        outputs = list(outputs_iter(root, site, today))
    except DataError as exc:
        show_preview_errors(root / "docs", exc.diagnostics)
        return exc.diagnostics
    write_outputs(outputs, root / "docs", root)
    write_stamp(root, stamp, len(outputs))
    if had_errors or (nav.is_file() and nav.read_bytes() != before):
        mark_changed(root / "docs")  # every page: the banner goes, or the new navigation comes
    return []


def cmd_serve(args: argparse.Namespace) -> int:
    """Live preview: regenerate when data/ or templates/ change, while the engine serves and reloads.

    MkDocs and ProperDocs run with ``--dirty``: only pages whose Markdown changed are rebuilt.
    """
    root = Path(args.root)
    today = _today(args.today)
    problems = preview(root, today)
    if problems:
        _report(problems)
        if not (root / "docs" / OUT / ".nav.yml").is_file():
            print("mnfu: no good version of the pages to show yet; fix the data and run mnfu serve again",
                  file=sys.stderr)
            return EXIT_FINDINGS
    watched = [root / "data", root / "templates"]
    stop = threading.Event()

    def watch() -> None:
        before = _snapshot(watched)
        while not stop.wait(args.interval):
            now = _snapshot(watched)
            if now != before:
                changed = [p for p in now.keys() | before.keys() if now.get(p) != before.get(p)]
                before = now
                found = preview(root, today, changed)
                if found:
                    _report(found)
                    print("mnfu: the preview shows the last good pages, with these problems on top", file=sys.stderr)
                else:
                    print("mnfu: pages regenerated", file=sys.stderr)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    command = engine.serve_command(args.engine, args.addr)
    if args.engine != "zensical":  # a preview: a dirty rebuild warns, so strict mode would stop it
        command += ["--dirty", "--no-strict"]
    server = subprocess.Popen(command, cwd=root, env=engine.environment())
    # Stopped with SIGTERM (a supervisor, a test): stop the engine too, which would otherwise go on
    # serving (and watching the folder) with no one to stop it. Ctrl-C reaches both already.
    stopped = []
    previous = signal.signal(signal.SIGTERM, lambda *_: stopped.append(server.terminate()))
    try:
        status = server.wait()
        return EXIT_OK if stopped else status
    except KeyboardInterrupt:
        server.wait()
        return EXIT_OK
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop.set()


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the docs and tests)."""
    p = argparse.ArgumentParser(prog="mnfu", description="Build the MNF-U reference site from data/.")
    p.add_argument("--version", action="version", version=f"mnfu {__version__}")
    p.add_argument("--root", default=".", help="project folder (default: the current one)")
    p.add_argument("--today", type=_date_arg, help="treat this date (YYYY-MM-DD) as today, for reproducible checks")
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write the Markdown pages into docs/ref/")
    g.add_argument("-q", "--quiet", action="store_true")
    g.set_defaults(func=cmd_generate)
    b = sub.add_parser("build", help="generate, then mkdocs build --strict")
    b.add_argument("-q", "--quiet", action="store_true")
    b.add_argument("--site-dir", default="site", help="where the site goes (default: site)")
    b.add_argument("--engine", choices=engine.ENGINES, default=engine.DEFAULT,
                   help=f"the static-site engine that builds the site (default: {engine.DEFAULT})")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="validate data, citations and (with --site) the built site; write nothing",
                       description="Exit codes: 0 clean, 1 findings (errors; warnings too with --strict), "
                       "2 usage or internal error. Severities per check kind: [tool.mnfu.check] in pyproject.toml.")
    c.add_argument("files", nargs="*", metavar="FILE",
                   help="check only these data files and their references (fast, for an editor's on-save hook)")
    c.add_argument("--strict", action="store_true", help="warnings fail the check too")
    c.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    c.add_argument("-v", "--verbose", action="store_true", help="also list notices (e.g. sources without a URL)")
    c.add_argument("--external", action="store_true",
                   help="also check every external URL with lychee (needs the network; opt-in)")
    c.add_argument("--changed-only", metavar="REF", help="with --external: only URLs added or changed since git REF")
    c.add_argument("--state", metavar="FILE", help="with --external: link history file (default .linkcheck/state.json)")
    c.add_argument("--report", metavar="FILE", help="with --external: write a JSON report of every URL checked")
    c.add_argument("--site", metavar="DIR", help="also check the links and anchors of the site built in DIR")
    c.add_argument("--render", action="store_true",
                   help="render every page even if the templates and generator are unchanged since the last "
                        "complete render (they are rendered anyway when those changed, or with --site)")
    c.set_defaults(func=cmd_check)
    d = sub.add_parser("diff", help="what a change does to the site: entities, fields, citations, pages",
                       description="Compare the data at git revision BASE with HEAD (default: the working tree).")
    d.add_argument("base", metavar="BASE")
    d.add_argument("head", metavar="HEAD", nargs="?")
    d.add_argument("--format", choices=["markdown", "json"], default="markdown")
    d.add_argument("--output", metavar="FILE", help="write the report here instead of to standard output")
    d.set_defaults(func=cmd_diff)
    a = sub.add_parser("audit", help="statements with no evidence; write or record a worksheet of evidence",
                       description="Without options: list the statements with no evidence for their current "
                       "text. --worksheet [PATH]: the statements under PATH (a file or folder of data/) as JSON, "
                       "each with suggested excerpts; fill in `evidence` (and `result`, `note`), then --record "
                       "it: each statement whose evidence passes the checks is added to data/audit.yaml.")
    a.add_argument("--worksheet", nargs="?", const="", metavar="PATH", help="write a worksheet of the statements under PATH")
    a.add_argument("--all", action="store_true", help="with --worksheet: audited statements too, with their evidence")
    a.add_argument("-o", "--output", help="with --worksheet: write it to this file")
    a.add_argument("--record", metavar="WORKSHEET", help="record the evidence of a filled-in worksheet")
    a.add_argument("--by", help="with --record: who checked the statements")
    a.add_argument("--limit", type=int, default=50, help="how many statements to list (default 50)")
    a.set_defaults(func=cmd_audit)
    n = sub.add_parser("new", help="start a data file with every required field, blank, and what each holds",
                       description="KIND: force, contributor, organization, headquarters, event, legal-issue, "
                       "precedent or source (or its folder name). ID: the file name, a lowercase slug.")
    n.add_argument("kind", metavar="KIND")
    n.add_argument("id", metavar="ID")
    n.set_defaults(func=cmd_new)
    s = sub.add_parser("schema", help="write the JSON Schemas into data/schema/ and the field reference")
    s.set_defaults(func=cmd_schema)
    v = sub.add_parser("serve", help="live preview on http://127.0.0.1:8000")
    v.add_argument("--addr", default="127.0.0.1:8000")
    v.add_argument("--engine", choices=engine.ENGINES, default=engine.DEFAULT, help="the engine that serves the preview")
    v.add_argument("--interval", type=float, default=0.1, help="seconds between change checks (default 0.1)")
    v.set_defaults(func=cmd_serve)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (0 clean, 1 findings, 2 usage or internal error)."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
