"""``mnfu check``: validate data and templates, citations and evidence, and with --site the built site."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from pathlib import Path

from mnfu.commands.base import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from mnfu.commands.base import report as _report
from mnfu.commands.base import today as _today
from mnfu.errors import DataError, Diagnostic
from mnfu.pages import OUT, Output
from mnfu.pipeline import pipeline, pipeline_iter
from mnfu.site.write import mark_rendered, read_cache, read_stamp, rendered_before, write_cache


def cmd_check(args: argparse.Namespace) -> int:
    """Validate data and templates, check citations and, with --site, the built site. Writes nothing but
    its cache (.mnfu/check.json: the result for these inputs, reused while data and templates are unchanged)."""
    from mnfu.checks import findings as check

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
            findings += check.handwritten_findings(root, site_dir, cached["generated"], scan)
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
        findings += check.audit_findings(site, root, config.policy)
        findings += check.machinery_findings(site)
    nav_text = next((o.text for o in outputs if o.path.endswith(".nav.yml")), "")
    write_cache(root, "check", inputs, {
        "findings": [dataclasses.asdict(d) for d in findings], "built": site is not None,
        "rendered": render or on_disk,
        "generated": check.generated_pages(outputs), "nav": sorted(check.nav_paths(nav_text))})
    if site is not None:
        if scanning is not None:
            scan = scanning.result()
            findings += check.handwritten_findings(root, site_dir, check.generated_pages(outputs), scan)
            findings += check.site_findings(site, outputs, site_dir, check.nav_paths(nav_text), scan)
        if args.external:
            from mnfu.checks import external

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
    from mnfu.checks import findings as check
    from mnfu.data.load import KIND_FOLDERS, SINGLE_FILES, known_ids, load_file
    from mnfu.site.resolve import resolve_files

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
            files.append(load_file(data_dir / rel, data_dir.parent, kind, today=today))
        except DataError as exc:
            findings += exc.diagnostics
    findings += resolve_files(files, known_ids(data_dir), today)
    return _finish_check(args, check, findings, config)
