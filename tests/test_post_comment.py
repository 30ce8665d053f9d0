"""scripts/post_comment.py against a local server that answers as GitHub's API, from tests/testdata/github/.

The server plays api.github.com on 127.0.0.1: each route answers with a recorded JSON file, the artifact
download redirects to a second "storage" address as GitHub's does, and every request is kept so a test
can say what was (and was not) sent.
"""

from __future__ import annotations

import importlib.util
import io
import json
import shlex
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = Path(__file__).resolve().parent / "testdata" / "github"
REPO = "example-org/mnfu-site"
SHA = "9f2c4b7e1d3a5c8b0e6f4a2d9c7b5e3f1a8d6c40"
RUN = 12345678901
ARTIFACT_ID = 4930021871
TOKEN = "ghs_test-token"

_spec = importlib.util.spec_from_file_location("post_comment", ROOT / "scripts" / "post_comment.py")
post_comment = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(post_comment)


def recorded(name: str) -> bytes:
    return (GITHUB / name).read_bytes()


def artifact_zip(files: dict[str, str | bytes]) -> bytes:
    """The artifact as GitHub serves it: a zip of the uploaded folder's files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return buffer.getvalue()


def good_files(diff: str = "## What this change does to the site (origin/main → HEAD)\n\n1 changed.\n",
               number: str = "42\n") -> dict[str, str]:
    return {"diff.md": diff, "head-sha": SHA + "\n", "pr-number": number}


class FakeGitHub:
    """Routes (method, path) -> (status, body); requests are recorded as (method, path, headers, body)."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], tuple[int, bytes, dict[str, str]]] = {}
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fake.requests.append((self.command, self.path, dict(self.headers), body))
                path = self.path.split("?")[0]
                status, content, headers = fake.routes.get((self.command, path), (404, b'{"message": "Not Found"}', {}))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value.replace("{base}", fake.base))
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PATCH = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def route(self, method: str, path: str, body: bytes, status: int = 200, headers: dict[str, str] | None = None):
        self.routes[(method, path)] = (status, body, headers or {})

    def sent(self, method: str) -> list[tuple[str, dict]]:
        """The (path, JSON body) of every request with this method."""
        return [(path, json.loads(body) if body else None) for m, path, _, body in self.requests if m == method]

    def paths(self) -> list[str]:
        return [path.split("?")[0] for _, path, _, _ in self.requests]


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch):
    fake = FakeGitHub()
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_API_URL", fake.base)
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def serve(fake: FakeGitHub, files: dict[str, str | bytes] | None, comments: str = "comments-none.json") -> None:
    """The usual answers: the run's artifact (or none), the commit's pull request 42, its comments."""
    repo = f"/repos/{REPO}"
    if files is None:
        fake.route("GET", f"{repo}/actions/runs/{RUN}/artifacts", recorded("artifacts-none.json"))
    else:
        fake.route("GET", f"{repo}/actions/runs/{RUN}/artifacts", recorded("artifacts.json"))
        # GitHub answers the download with a redirect to storage on another host.
        fake.route("GET", f"{repo}/actions/artifacts/{ARTIFACT_ID}/zip", b"", status=302,
                   headers={"Location": "{base}/storage/artifact.zip?sig=abc"})
        fake.route("GET", "/storage/artifact.zip", artifact_zip(files))
    fake.route("GET", f"{repo}/commits/{SHA}/pulls", recorded("commit-pulls.json"))
    fake.route("GET", f"{repo}/issues/42/comments", recorded(comments))
    fake.route("POST", f"{repo}/issues/42/comments", recorded("comment-created.json"), status=201)
    fake.route("PATCH", f"{repo}/issues/comments/2531000003", recorded("comment-created.json"))


def run(event: str = "event-fork.json") -> int:
    return post_comment.main(["--event", str(GITHUB / event)])


def test_fork_pull_request_is_found_by_its_head_commit(api: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> None:
    """A fork's run lists no pull request; the API's pulls of the head commit give #42, which gets the comment."""
    assert json.loads(recorded("event-fork.json"))["workflow_run"]["pull_requests"] == []
    serve(api, good_files())
    assert run() == 0, capsys.readouterr()
    assert f"/repos/{REPO}/commits/{SHA}/pulls" in api.paths()
    [(path, body)] = api.sent("POST")
    assert path == f"/repos/{REPO}/issues/42/comments"
    assert body["body"].startswith(post_comment.MARKER + "\n## What this change does to the site")
    assert not api.sent("PATCH")
    assert "created comment" in capsys.readouterr().out
    # The token goes to the API only: never to the storage the download redirects to.
    for _, path, headers, _ in api.requests:
        auth = {k.lower(): v for k, v in headers.items()}.get("authorization")
        assert auth == (None if path.startswith("/storage/") else f"Bearer {TOKEN}"), path


def test_fork_pull_request_found_by_its_branch_when_the_commit_lookup_fails(api: FakeGitHub) -> None:
    """The commit's pulls answer 422: the open pull requests of the fork's branch are asked, and #42 has the commit."""
    serve(api, good_files())
    api.route("GET", f"/repos/{REPO}/commits/{SHA}/pulls", b'{"message": "No commit found"}', status=422)
    api.route("GET", f"/repos/{REPO}/pulls", recorded("commit-pulls.json"))
    assert run() == 0
    [query] = [path for m, path, _, _ in api.requests if m == "GET" and path.startswith(f"/repos/{REPO}/pulls?")]
    assert "head=contributor%3Aestonia-pledge" in query and "state=open" in query
    assert [p for p, _ in api.sent("POST")] == [f"/repos/{REPO}/issues/42/comments"]


def test_branch_pull_request_comes_from_the_event(api: FakeGitHub) -> None:
    """A branch of the repository: GitHub names the pull request (#43) in the event, no lookup needed."""
    serve(api, good_files(number="43\n"))
    api.route("GET", f"/repos/{REPO}/issues/43/comments", b"[]")
    api.route("POST", f"/repos/{REPO}/issues/43/comments", recorded("comment-created.json"), status=201)
    assert run("event-branch.json") == 0
    assert f"/repos/{REPO}/commits/{SHA}/pulls" not in api.paths()
    assert [p for p, _ in api.sent("POST")] == [f"/repos/{REPO}/issues/43/comments"]


def test_missing_artifact_posts_nothing(api: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> None:
    """The feedback run failed before uploading (or the artifact expired): a message, exit 0, no comment."""
    serve(api, None)
    assert run() == 0
    out = capsys.readouterr().out
    assert "left no mnfu-diff artifact" in out and "no comment" in out
    assert not api.sent("POST") and not api.sent("PATCH")
    assert not any("/comments" in p for p in api.paths())


def test_oversized_diff_is_cut_with_a_note(api: FakeGitHub) -> None:
    """A diff far over GitHub's 65,536 characters is cut at a line, under the limit, with a note."""
    line = "| `contributors/ee.yaml` | pledge | " + "é" * 60 + " |\n"
    serve(api, good_files(diff="## What this change does to the site\n\n" + line * 5000))
    assert run() == 0
    [(_, body)] = api.sent("POST")
    text = body["body"]
    assert len(text) < 65536
    assert text.startswith(post_comment.MARKER)
    assert "The diff is cut here" in text
    assert f"https://github.com/{REPO}/actions/runs/{RUN}" in text  # where the whole diff is
    before_note = text.split("\n---\n")[0]
    assert before_note.rstrip("\n").endswith(line.rstrip("\n"))  # cut between lines, not inside one


def test_unpacked_size_is_capped(api: FakeGitHub) -> None:
    """A small zip that unpacks to far more than any diff: only the first MiB is read, then cut."""
    serve(api, good_files(diff="x" * (50 * 1024 * 1024)))
    assert run() == 0
    [(_, body)] = api.sent("POST")
    assert len(body["body"]) < 65536 and "The diff is cut here" in body["body"]


def test_existing_comment_is_updated_not_duplicated(api: FakeGitHub) -> None:
    """The bot's marked comment is PATCHed; a marked comment by someone else is left alone; no POST."""
    serve(api, good_files(), comments="comments-existing.json")
    assert run() == 0
    assert not api.sent("POST")
    [(path, body)] = api.sent("PATCH")
    assert path == f"/repos/{REPO}/issues/comments/2531000003"
    assert "1 changed." in body["body"]


def test_unchanged_comment_is_left_alone(api: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> None:
    serve(api, good_files(diff="## What this change does to the site (origin/main → HEAD)\n\nNo change to the data.\n"),
          comments="comments-existing.json")
    assert run() == 0
    assert not api.sent("POST") and not api.sent("PATCH")
    assert "up to date" in capsys.readouterr().out


def test_pull_request_number_not_matching_the_commit_is_refused(api: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> None:
    """The artifact says #7, but the run's head commit heads #42 only: refused, nothing posted."""
    serve(api, good_files(number="7\n"))
    assert run() == 1
    assert "refused" in capsys.readouterr().err
    assert not api.sent("POST") and not api.sent("PATCH")


def test_artifact_for_another_commit_is_refused(api: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> None:
    files = good_files()
    files["head-sha"] = "0" * 40 + "\n"
    serve(api, files)
    assert run() == 1
    assert "refused: artifact is for commit" in capsys.readouterr().err
    assert not api.sent("POST") and not api.sent("PATCH")


def test_no_open_pull_request_posts_nothing(api: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> None:
    """Pushed again (or closed) since: the commit heads no open pull request any more."""
    serve(api, good_files(number=""))
    api.route("GET", f"/repos/{REPO}/commits/{SHA}/pulls", b"[]")
    api.route("GET", f"/repos/{REPO}/pulls", b"[]")
    assert run() == 0
    assert "no open pull request" in capsys.readouterr().out
    assert not api.sent("POST") and not api.sent("PATCH")


def test_api_failure_exits_1(api: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> None:
    serve(api, good_files())
    api.route("POST", f"/repos/{REPO}/issues/42/comments", b'{"message": "Resource not accessible by integration"}',
              status=403)
    assert run() == 1
    assert "HTTP 403" in capsys.readouterr().err


def test_the_workflow_step_runs_the_poster(api: FakeGitHub, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comment workflow's own command line, with its environment, against the fake API."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request-comment.yml").read_text())
    [step] = [s for s in workflow["jobs"]["comment"]["steps"] if "run" in s]
    assert step["env"] == {"GITHUB_TOKEN": "${{ github.token }}"}
    command = shlex.split(step["run"])
    assert command[:2] == ["python3", "scripts/post_comment.py"]
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(GITHUB / "event-fork.json"))
    serve(api, good_files())
    args = [arg.replace("$GITHUB_EVENT_PATH", str(GITHUB / "event-fork.json")) for arg in command[2:]]
    assert post_comment.main(args) == 0
    assert len(api.sent("POST")) == 1
