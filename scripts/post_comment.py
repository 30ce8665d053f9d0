"""Post a pull request's `mnfu diff` as its one comment: the pull-request-comment workflow's only step.

Usage (in a workflow_run job, with GITHUB_TOKEN and GITHUB_REPOSITORY in the environment):

    python3 scripts/post_comment.py --event "$GITHUB_EVENT_PATH"

"Pull request feedback" runs the pull request's code with a read-only token and leaves an artifact,
``mnfu-diff``: ``diff.md``, ``head-sha`` and ``pr-number``. This script runs afterwards in the base
repository with a token that may write comments, and trusts nothing in that artifact:

- it downloads the artifact itself (size-capped, read in memory, nothing unpacked to disk);
- the artifact's head commit must be the feedback run's (``workflow_run.head_sha``, from GitHub);
- the pull request is found from that commit (``workflow_run.pull_requests`` is empty for forks, so
  through the API); a pull-request number in the artifact is used only when it is one of those;
- the diff is only ever the comment's body, sent as JSON: capped under GitHub's 65,536 characters,
  with a note when cut;
- the one comment is found by a hidden marker and its author (this token's bot), then updated, or
  created when there is none.

Exit codes: 0 posted, or nothing to post (no artifact, no open pull request, the run was not a pull
request's); 1 refused (the artifact does not match the run) or the API failed; 2 wrong usage.
Standard library only: the workflow runs it with the runner's Python, without installing anything.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from typing import Any

MARKER = "<!-- mnfu-diff -->"
ARTIFACT = "mnfu-diff"
BOT_LOGIN = "github-actions[bot]"  # who GITHUB_TOKEN's comments are by
COMMENT_LIMIT = 65536  # GitHub's limit on a comment's body, in characters
BODY_LIMIT = 60000  # the diff's share of it: the marker and the note fit in the rest
ARCHIVE_LIMIT = 5 * 1024 * 1024  # the artifact's zip, as downloaded
MEMBER_LIMIT = 1024 * 1024  # any one file in it, unpacked (a small zip can unpack to gigabytes)
SHA = re.compile(r"[0-9a-f]{40}")


class Refused(Exception):
    """The artifact or the API's answer cannot be trusted or used: post nothing, exit 1."""


class GitHub:
    """The few REST calls the poster makes, against an API base URL (a local fake server in tests)."""

    def __init__(self, api_url: str, repo: str, token: str, opener: urllib.request.OpenerDirector | None = None):
        self.api = api_url.rstrip("/")
        self.repo = repo
        self.token = token
        self.opener = opener or urllib.request.build_opener()

    def request(self, method: str, path: str, body: dict[str, Any] | None = None,
                limit: int = ARCHIVE_LIMIT) -> tuple[bytes, Any]:
        """One call; ``path`` starts with ``/`` (under the API) or is a URL under the API base."""
        url = path if path.startswith(self.api + "/") else self.api + path
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method)
        req.add_header("Accept", "application/vnd.github+json")
        req.add_header("X-GitHub-Api-Version", "2022-11-28")
        req.add_header("User-Agent", "mnfu-post-comment")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        # Unredirected: the artifact's download redirects to storage elsewhere, which must not see it.
        req.add_unredirected_header("Authorization", f"Bearer {self.token}")
        try:
            with self.opener.open(req, timeout=30) as response:
                content = response.read(limit + 1)
                headers = response.headers
        except urllib.error.HTTPError as error:
            raise Refused(f"{method} {url}: HTTP {error.code} {error.reason}") from None
        except urllib.error.URLError as error:
            raise Refused(f"{method} {url}: {error.reason}") from None
        if len(content) > limit:
            raise Refused(f"{method} {url}: answer larger than {limit} bytes")
        return content, headers

    def json(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """A call whose answer is JSON."""
        content, _ = self.request(method, path, body)
        return json.loads(content) if content else None

    def pages(self, path: str) -> list[Any]:
        """Every item of a paginated list (following ``Link: rel="next"`` while it stays on the API)."""
        items: list[Any] = []
        url: str | None = path
        while url:
            content, headers = self.request("GET", url)
            items.extend(json.loads(content))
            url = _next_link(headers.get("Link", ""))
            if url and not url.startswith(self.api + "/"):
                raise Refused(f"pagination leads off the API: {url}")
        return items

    def repo_path(self, rest: str) -> str:
        """``/repos/{owner}/{repo}`` + rest."""
        return f"/repos/{self.repo}{rest}"


def _next_link(link: str) -> str | None:
    for part in link.split(","):
        match = re.match(r'\s*<([^>]*)>\s*;\s*rel="next"', part)
        if match:
            return match.group(1)
    return None


def read_artifact(gh: GitHub, run_id: int) -> dict[str, bytes] | None:
    """The artifact's files (only those the feedback workflow writes), or None when the run has none."""
    listing = gh.json("GET", gh.repo_path(f"/actions/runs/{run_id}/artifacts?name={ARTIFACT}&per_page=100"))
    found = [a for a in (listing or {}).get("artifacts", []) if a.get("name") == ARTIFACT and not a.get("expired")]
    if not found:
        return None
    artifact = found[0]
    if int(artifact.get("size_in_bytes") or 0) > ARCHIVE_LIMIT:
        raise Refused(f"artifact {ARTIFACT} is {artifact['size_in_bytes']} bytes, over {ARCHIVE_LIMIT}")
    archive, _ = gh.request("GET", gh.repo_path(f"/actions/artifacts/{int(artifact['id'])}/zip"))
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as zf:
            files = {}
            for name in ("diff.md", "head-sha", "pr-number"):
                try:
                    with zf.open(name) as member:
                        files[name] = member.read(MEMBER_LIMIT + 1)
                except KeyError:
                    continue
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
        raise Refused(f"artifact {ARTIFACT} is not a readable zip: {error}") from None
    return files


def pull_requests_for(gh: GitHub, run: dict[str, Any], head_sha: str) -> list[int]:
    """The open pull requests of this repository whose head is ``head_sha``, from GitHub's own data."""
    numbers = [p["number"] for p in run.get("pull_requests") or [] if p.get("head", {}).get("sha") == head_sha]
    if numbers:  # a branch of this repository: GitHub lists its pull requests in the event
        return sorted(set(numbers))
    # A fork's pull request: the event has none; ask which pull requests have that commit at their head.
    try:
        pulls = gh.json("GET", gh.repo_path(f"/commits/{head_sha}/pulls?per_page=100")) or []
    except Refused as error:  # the API could not place the commit: the fork's branch may still name it
        print(f"no pull requests from the commit ({error}); asking by the head branch")
        pulls = []
    numbers = [p["number"] for p in pulls if _is_open_head(gh, p, head_sha)]
    if not numbers and run.get("head_branch") and (run.get("head_repository") or {}).get("owner"):
        head = f"{run['head_repository']['owner']['login']}:{run['head_branch']}"
        query = urllib.parse.urlencode({"state": "open", "head": head, "per_page": 100})
        pulls = gh.json("GET", gh.repo_path(f"/pulls?{query}")) or []
        numbers = [p["number"] for p in pulls if _is_open_head(gh, p, head_sha)]
    return sorted(set(numbers))


def _is_open_head(gh: GitHub, pull: dict[str, Any], head_sha: str) -> bool:
    return (pull.get("state") == "open" and pull.get("head", {}).get("sha") == head_sha
            and (pull.get("base", {}).get("repo") or {}).get("full_name", gh.repo).lower() == gh.repo.lower())


def comment_body(diff: bytes, run_url: str) -> str:
    """The marker, then the diff as text (cut at a line, with a note, when it is too long)."""
    text = diff[:MEMBER_LIMIT].decode("utf-8", errors="replace").replace("\x00", "")
    cut = len(diff) > MEMBER_LIMIT
    if len(text) > BODY_LIMIT:
        head = text[:BODY_LIMIT]
        text = head[: head.rfind("\n") + 1] or head
        cut = True
    body = f"{MARKER}\n{text.rstrip()}\n"
    if cut:
        where = f" ({run_url})" if run_url else ""
        body += f"\n---\n*The diff is cut here: it is too long for a comment. The whole diff is in the run's summary{where}.*\n"
    assert len(body) < COMMENT_LIMIT
    return body


def post(gh: GitHub, number: int, body: str, bot: str) -> str:
    """Update the marked comment of ``bot`` on pull request ``number``, or create it. Says which."""
    comments = gh.pages(gh.repo_path(f"/issues/{number}/comments?per_page=100"))
    mine = [c for c in comments if (c.get("user") or {}).get("login") == bot and (c.get("body") or "").startswith(MARKER)]
    if mine:
        if mine[0].get("body") == body:
            return f"comment {mine[0]['id']} on #{number} is up to date"
        gh.json("PATCH", gh.repo_path(f"/issues/comments/{int(mine[0]['id'])}"), {"body": body})
        return f"updated comment {mine[0]['id']} on #{number}"
    created = gh.json("POST", gh.repo_path(f"/issues/{number}/comments"), {"body": body})
    return f"created comment {(created or {}).get('id')} on #{number}"


def run_poster(gh: GitHub, event: dict[str, Any], bot: str) -> int:
    """Everything after parsing the arguments; messages go to stdout."""
    run = event.get("workflow_run") or {}
    if run.get("event") != "pull_request":
        print(f"the run was triggered by {run.get('event')!r}, not a pull request: nothing to post")
        return 0
    head_sha = str(run.get("head_sha", ""))
    if not SHA.fullmatch(head_sha):
        raise Refused(f"the run's head commit {head_sha!r} is not a commit id")
    run_id = run.get("id")
    if not isinstance(run_id, int):
        raise Refused(f"the event names no run id ({run_id!r})")
    files = read_artifact(gh, run_id)
    if files is None:
        print(f"run {run_id} left no {ARTIFACT} artifact (it failed before writing it, or it expired): no comment")
        return 0
    if "diff.md" not in files or "head-sha" not in files:
        raise Refused(f"artifact {ARTIFACT} lacks diff.md or head-sha")
    claimed_sha = files["head-sha"][:100].decode("ascii", errors="replace").strip()
    if claimed_sha != head_sha:
        raise Refused(f"artifact is for commit {claimed_sha!r}, the run for {head_sha}")
    numbers = pull_requests_for(gh, run, head_sha)
    claimed = files.get("pr-number", b"")[:20].decode("ascii", errors="replace").strip()
    if claimed:
        if not claimed.isdigit() or int(claimed) not in numbers:
            raise Refused(f"artifact names pull request {claimed!r}, but commit {head_sha} heads {numbers or 'none'}")
        numbers = [int(claimed)]
    if not numbers:
        print(f"no open pull request has {head_sha} at its head (closed, or pushed again since): no comment")
        return 0
    if len(numbers) > 1:
        raise Refused(f"commit {head_sha} heads several pull requests {numbers} and the artifact names none")
    print(post(gh, numbers[0], comment_body(files["diff.md"], str(run.get("html_url", ""))), bot))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module's docstring."""
    parser = argparse.ArgumentParser(prog="post_comment.py", description=__doc__.split("\n")[0])
    parser.add_argument("--event", required=True, help="the workflow_run event's JSON ($GITHUB_EVENT_PATH)")
    parser.add_argument("--repo", default=os.environ.get("GITHUB_REPOSITORY"), help="owner/name ($GITHUB_REPOSITORY)")
    parser.add_argument("--api-url", default=os.environ.get("GITHUB_API_URL") or "https://api.github.com",
                        help="the REST API's base URL ($GITHUB_API_URL)")
    parser.add_argument("--bot", default=BOT_LOGIN, help=f"the login the token comments as (default: {BOT_LOGIN})")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    token = os.environ.get("GITHUB_TOKEN", "")
    if not args.repo or not token:
        print("post_comment.py: GITHUB_REPOSITORY (or --repo) and GITHUB_TOKEN are needed", file=sys.stderr)
        return 2
    try:
        with open(args.event, encoding="utf-8") as f:
            event = json.load(f)
    except (OSError, ValueError) as error:
        print(f"post_comment.py: cannot read the event {args.event}: {error}", file=sys.stderr)
        return 2
    try:
        return run_poster(GitHub(args.api_url, args.repo, token), event, args.bot)
    except Refused as refusal:
        print(f"refused: {refusal}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
