"""The install and run instructions we hand users (README, docs/ci/github-actions.yml, docker/compose.yaml) are
true: nothing is installed from an index that does not have it, every image run is built first, and every
`tokopedia-mock ...` command they show parses with the real CLI."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from mockserver.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "docs" / "ci" / "github-actions.yml"
COMPOSE = ROOT / "docker" / "compose.yaml"


def workflow() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text())
    return document


def scripts(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def commands(script: str) -> list[list[str]]:
    """Each simple command of a shell script, as words (continuations joined, redirections dropped)."""
    out = []
    for line in script.replace("\\\n", " ").splitlines():
        for part in re.split(r"\|\||&&|;|\|", line.split(" #", 1)[0]):
            words, tokens = [], iter(shlex.split(re.sub(r"\s&\s*$", " ", part)))
            for word in tokens:
                if re.fullmatch(r"\d?>>?", word):
                    next(tokens, None)  # a redirection and its target
                elif not re.fullmatch(r"\d?>>?&?\S*", word):
                    words.append(word)
            if words and not words[0].startswith("#"):
                out.append(words)
    return out


def mock_commands(script: str) -> list[list[str]]:
    return [words[1:] for words in commands(script) if words[0] == "tokopedia-mock"]


def readme_commands() -> list[list[str]]:
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    found = []
    for block in blocks:
        for words in commands(block):
            while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):  # VAR=value prefixes
                words = words[1:]
            if words[:1] == ["tokopedia-mock"]:
                found.append(words[1:])
    return found


def test_the_workflow_installs_only_what_it_built() -> None:
    jobs = workflow()["jobs"]
    built = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert any("python -m build" in run for run in scripts(jobs["build"]))
    for name, job in jobs.items():
        for run in scripts(job):
            for words in commands(run):
                if words[:2] == ["pip", "install"] and any("tokopedia" in w for w in words):
                    assert all("tokopedia" not in w or w.startswith("dist/") or "dist/" in w for w in words), words
                    assert job.get("needs") == "build", name
                    downloads = [s for s in job["steps"] if s.get("uses", "").startswith("actions/download-artifact")]
                    assert downloads and downloads[0]["with"]["name"] == built["with"]["name"], name


def test_the_workflow_runs_only_images_it_built() -> None:
    for name, job in workflow()["jobs"].items():
        assert "services" not in job, name  # a service container needs an image nobody built
        words = [w for run in scripts(job) for w in commands(run)]
        built = {w[w.index("-t") + 1] for w in words if w[:2] == ["docker", "build"]}
        for command in (w for w in words if w[:2] == ["docker", "run"]):
            assert any(image in command for image in built), command


def test_the_workflow_builds_with_a_twine_check() -> None:
    runs = scripts(workflow()["jobs"]["build"])
    assert any("twine check" in run for run in runs) and any("python -m build" in run for run in runs)


def test_compose_writes_the_junit_report_to_the_host() -> None:
    compose = yaml.safe_load(COMPOSE.read_text())
    contract = compose["services"]["contract"]
    assert contract["build"]["args"]["EXTRAS"] == "[contract]"  # the slim image
    host, container = contract["volumes"][0].split(":")[:2]
    assert host.startswith((".", "/")) and "volumes" not in compose  # a bind mount, not a named volume
    junit = contract["command"][contract["command"].index("--junit") + 1]
    assert junit.startswith(container + "/")


def every_command() -> list[list[str]]:
    found = [c for job in workflow()["jobs"].values() for run in scripts(job) for c in mock_commands(run)]
    found.append(yaml.safe_load(COMPOSE.read_text())["services"]["contract"]["command"])
    for match in re.finditer(r"^(?:CMD|HEALTHCHECK .* CMD) (\[.*\])$", (ROOT / "docker/Dockerfile").read_text(), re.M):
        words = yaml.safe_load(match.group(1))
        found.append(words[1:] if words[0] == "tokopedia-mock" else words)
    return found + readme_commands()


@pytest.mark.parametrize("argv", every_command(), ids=" ".join)
def test_every_documented_command_parses(argv: list[str]) -> None:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    assert args.command in parser.commands and extra == []


def test_the_documents_show_enough_commands() -> None:
    shown = {argv[0] for argv in every_command()}
    assert shown == {"serve", "contract", "health"}
