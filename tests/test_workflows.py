"""The GitHub workflows: their linters find nothing, and every `run:` step works on a fresh clone.

actionlint (with ShellCheck on every `run:` script) and zizmor come from the dev install, like ruff. The
rehearsal runs each job's `run:` steps in order, in a fresh clone of HEAD, with the environment each
step declares (expressions filled with plausible local values), so a renamed make target, command or
flag fails here instead of on GitHub. It reuses this virtualenv instead of installing again.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.prefix) / "bin"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

# Steps the rehearsal does not run, because they need GitHub (its API, a token, the runner's sudo), with why.
# Keyed by (workflow, job, step name); tests below check that each still names a step.
NEEDS_GITHUB = {
    ("pull-request.yml", "tests", "Chromium for the browser tests (the runner image usually has it)"):
        "installs a system package with sudo; .ci/run does the same where it is missing",
    ("pull-request-comment.yml", "comment", "Post the diff as the pull request's one comment"):
        "calls GitHub's API with the job's token; tests/test_post_comment.py runs this command line against a fake API",
    ("external-links.yml", "links", "Check every external link"):
        "checks every address in the data on the network; tests/checks/test_external.py covers it with a local server",
}
# Steps run as make's dry run (MAKEFLAGS=n): the target must exist, its commands are printed, not run.
DRY_RUN = {
    ("pull-request.yml", "tests", "Tests"): "the test suite this test is a part of",
}


def tool(name: str) -> str:
    path = BIN / name
    assert path.is_file(), f"{name} is missing from {BIN}: it is a dev dependency (make install)"
    return str(path)


def workflows() -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(WORKFLOWS.glob("*.yml"))}


def step_name(step: dict) -> str:
    return step.get("name") or step.get("run") or step.get("uses")


# ---------------------------------------------------------------------------------------------- linters


def test_actionlint_finds_nothing() -> None:
    """actionlint, with ShellCheck on every run: script (and no pyflakes: no Python in run: steps)."""
    result = subprocess.run([tool("actionlint"), f"-shellcheck={tool('shellcheck')}", "-pyflakes=", "-oneline"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_zizmor_finds_nothing() -> None:
    """zizmor's offline audits of the workflows and dependabot.yml: no finding (ignores carry a reason)."""
    result = subprocess.run([tool("zizmor"), "--offline", "--format", "plain", ".github"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_least_privilege() -> None:
    """No permission at the top of a workflow (each job asks for its own), no credentials left on disk
    by a checkout, every action pinned to a commit with its release tag beside it, and no expression
    inside a script (values from the event reach the shell only through env:)."""
    problems = []
    for name, workflow in workflows().items():
        if workflow.get("permissions") != {}:
            problems.append(f"{name}: top-level permissions is not {{}}")
        for job_id, job in workflow["jobs"].items():
            if "permissions" not in job:
                problems.append(f"{name}: job {job_id} does not state its permissions")
            for step in job.get("steps", []):
                uses = step.get("uses", "")
                if uses.startswith("actions/checkout@") and step.get("with", {}).get("persist-credentials") is not False:
                    problems.append(f"{name}: {job_id}: checkout without persist-credentials: false")
                if "${{" in step.get("run", ""):
                    problems.append(f"{name}: {job_id}: expression inside run: {step_name(step)!r}")
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        for line in re.findall(r"uses:.*", text):
            if not re.fullmatch(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*", line.strip()):
                problems.append(f"{name}: not pinned to a commit with its tag: {line.strip()}")
    assert problems == []


def test_skipped_steps_exist() -> None:
    """Each step the rehearsal leaves out is still in its workflow (else the list has gone stale)."""
    present = {(name, job_id, step_name(step))
               for name, workflow in workflows().items()
               for job_id, job in workflow["jobs"].items() for step in job.get("steps", [])}
    assert set(NEEDS_GITHUB) - present == set()
    assert set(DRY_RUN) - present == set()


def test_steps_needing_github_are_listed() -> None:
    """A step that uses the job's token, a secret, or the gh command cannot be rehearsed: it must be listed."""
    unlisted = []
    for name, workflow in workflows().items():
        for job_id, job in workflow["jobs"].items():
            for step in job.get("steps", []):
                needs_github = re.search(r"github\.token|secrets\.|GITHUB_TOKEN|\bgh\s", repr(step))
                if "run" in step and needs_github and (name, job_id, step_name(step)) not in NEEDS_GITHUB:
                    unlisted.append((name, job_id, step_name(step)))
    assert unlisted == []


@pytest.mark.parametrize(("repository", "custom", "expected"), [
    ("Example-Org/mnfu-site", "", "https://example-org.github.io/mnfu-site/"),
    ("example-org/Example-Org.github.io", "", "https://example-org.github.io/"),
    ("example-org/mnfu-site", "https://mnfu.example.org/", "https://mnfu.example.org/"),
])
def test_deploy_address(repository: str, custom: str, expected: str, tmp_path: Path) -> None:
    """The deploy's Pages address, from the repository's name (MNFU_SITE_URL: canonical links, sitemap)."""
    [step] = [s for s in workflows()["deploy.yml"]["jobs"]["build"]["steps"] if s.get("id") == "address"]
    assert step["env"] == {"REPOSITORY": "${{ github.repository }}", "CUSTOM_URL": "${{ vars.SITE_URL }}"}
    output = tmp_path / "output"
    env = {"PATH": os.environ["PATH"], "REPOSITORY": repository, "CUSTOM_URL": custom, "GITHUB_OUTPUT": str(output)}
    subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], env=env, check=True,
                   capture_output=True)
    assert output.read_text(encoding="utf-8") == f"url={expected}\n"


# -------------------------------------------------------------------------------------------- rehearsal


def jobs() -> list:
    """(workflow, job, matrix values) for every job with a run: step, one per matrix combination."""
    found = []
    for name, workflow in workflows().items():
        for job_id, job in workflow["jobs"].items():
            if not any("run" in step and (name, job_id, step_name(step)) not in NEEDS_GITHUB
                       for step in job.get("steps", [])):
                continue
            matrix = job.get("strategy", {}).get("matrix", {})
            assert not {"include", "exclude"} & set(matrix), "the rehearsal expands plain matrices only"
            keys = sorted(matrix)
            for values in itertools.product(*(matrix[k] for k in keys)):
                combo = dict(zip(keys, map(str, values), strict=True))
                label = f"{name}:{job_id}" + "".join(f":{v}" for v in combo.values())
                found.append(pytest.param(name, job_id, combo, id=label))
    return found


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def fresh_clone(tmp_path: Path) -> Path:
    """A clone of HEAD whose .venv borrows this virtualenv's files, with make's stamps up to date in it."""
    assert sys.prefix != sys.base_prefix, "run the tests from the project's virtualenv (make test)"
    clone = tmp_path / "repo"
    git("clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone), cwd=tmp_path)
    git("update-ref", "refs/remotes/origin/main", "HEAD", cwd=clone)  # the base branch of a pull request
    venv = clone / ".venv"
    venv.mkdir()
    for entry in Path(sys.prefix).iterdir():
        if not entry.name.startswith(".installed-"):
            (venv / entry.name).symlink_to(entry)
    # Mark the locked install as done in the clone's own .venv folder (make -t touches the stamps and runs
    # nothing), then make sure no step will install into the borrowed virtualenv.
    subprocess.run(["make", "-t", "install", "install-runtime"], cwd=clone, check=True, capture_output=True)
    dry = subprocess.run(["make", "-n", "install", "install-runtime"], cwd=clone, capture_output=True, text=True)
    assert "pip" not in dry.stdout, f"make would install into {sys.prefix}:\n{dry.stdout}"
    return clone


def plausible(clone: Path, matrix: dict[str, str]) -> dict[str, str]:
    """Local stand-ins for the expressions the workflows use in env: (a new one must be added here)."""
    return {
        "github.base_ref": "main",
        "github.event.pull_request.head.sha": git("rev-parse", "HEAD", cwd=clone),
        "github.event.pull_request.number": "1",
        "github.repository": "example-org/mnfu-site",
        "github.server_url": "https://github.com",
        "github.ref_name": "main",
        "vars.SITE_URL": "",
        **{f"matrix.{k}": v for k, v in matrix.items()},
    }


def substitute(value: object, values: dict[str, str], where: str) -> str:
    def one(match: re.Match[str]) -> str:
        expr = match.group(1)
        assert expr in values, f"{where}: no local value for ${{{{ {expr} }}}}: add one to plausible()"
        return values[expr]

    return EXPRESSION.sub(one, str(value))


def read_outputs(path: Path) -> dict[str, str]:
    """key=value and key<<DELIMITER lines, as GitHub reads $GITHUB_OUTPUT and $GITHUB_ENV."""
    found: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    i = 0
    while i < len(lines):
        if "<<" in lines[i] and ("=" not in lines[i] or lines[i].index("<<") < lines[i].index("=")):
            key, delimiter = lines[i].split("<<", 1)
            end = lines.index(delimiter, i + 1)
            found[key] = "\n".join(lines[i + 1:end])
            i = end + 1
        else:
            key, _, value = lines[i].partition("=")
            found[key] = value
            i += 1
    return found


@pytest.mark.integration
@pytest.mark.parametrize(("workflow", "job_id", "matrix"), jobs())
def test_rehearsal(workflow: str, job_id: str, matrix: dict[str, str], tmp_path: Path) -> None:
    """Every run: step of the job, in order, in a fresh clone: each must exit 0."""
    spec = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))
    job = spec["jobs"][job_id]
    clone = fresh_clone(tmp_path)
    values = plausible(clone, matrix)
    runner = tmp_path / "runner"
    runner.mkdir()
    files = {k: runner / k.lower() for k in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STEP_SUMMARY", "GITHUB_PATH")}
    event = runner / "event.json"
    event.write_text("{}", encoding="utf-8")
    # This process's environment less what would change the steps' behaviour; the memo's signing key stays
    # in the folder conftest gives this run (MNFU_CACHE_KEY_DIR).
    base = {k: v for k, v in os.environ.items() if k == "MNFU_CACHE_KEY_DIR"
            or not k.startswith(("MNFU_", "GITHUB_", "RUNNER_", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"))}
    base.update({k: str(v) for k, v in files.items()})
    base.update(CI="true", GITHUB_ACTIONS="true", GITHUB_WORKSPACE=str(clone), GITHUB_EVENT_PATH=str(event),
                RUNNER_TEMP=str(runner), PYTHONPATH=str(clone / "scripts"))  # the clone's code, not this tree's
    declared = {**spec.get("env", {}), **job.get("env", {})}
    outputs: dict[str, str] = {}
    ran = []
    for step in job["steps"]:
        key = (workflow, job_id, step_name(step))
        if "run" not in step or key in NEEDS_GITHUB:
            continue
        assert step.get("shell", "bash") == "bash", f"{key}: only bash steps are rehearsed"
        env = dict(base)
        env.update(read_outputs(files["GITHUB_ENV"]))
        step_values = {**values, **{f"steps.{sid}.outputs.{k}": v for sid, out in outputs.items() for k, v in out.items()}}
        env.update({k: substitute(v, step_values, f"{key} env {k}") for k, v in {**declared, **step.get("env", {})}.items()})
        if key in DRY_RUN:
            env["MAKEFLAGS"] = "n"
        files["GITHUB_OUTPUT"].write_text("", encoding="utf-8")
        script = runner / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                                cwd=clone / step.get("working-directory", "."), env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, (
            f"{workflow}, job {job_id}, step {step_name(step)!r} exited {result.returncode}:\n"
            f"{step['run']}\n--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}")
        if key in DRY_RUN:  # a file or folder of that name (tests/) is "up to date" with no rule at all
            assert "Nothing to be done" not in result.stdout + result.stderr, f"{key}: make would run nothing"
            assert "is up to date" not in result.stdout + result.stderr, f"{key}: make would run nothing"
        if "id" in step:
            outputs[step["id"]] = read_outputs(files["GITHUB_OUTPUT"])
        ran.append(step_name(step))
    assert ran, f"{workflow} {job_id}: no step ran"
