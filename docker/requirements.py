"""Print the requirements pyproject.toml declares for the image, one per line: the base dependencies and those of
the extras named in argv[2] (e.g. "[contract]"), self-references (`tokopedia-mock[pytest]`) expanded.

The Dockerfile installs these in a layer of their own, before copying the code, so an edit of the code does not
reinstall every dependency. Standard library only: it runs in the bare build image.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path


def requirements(pyproject: Path, extras: list[str]) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    self_ref = re.compile(rf"^{re.escape(project['name'])}\[(?P<extras>[^\]]+)\]$", re.IGNORECASE)
    out: list[str] = list(project.get("dependencies", []))
    pending, seen = list(extras), set()
    while pending:
        extra = pending.pop()
        if extra in seen:
            continue
        seen.add(extra)
        if extra not in project.get("optional-dependencies", {}):
            raise SystemExit(f"requirements.py: no extra {extra!r} in {pyproject}")
        for requirement in project["optional-dependencies"][extra]:
            match = self_ref.match(requirement.replace(" ", ""))
            if match:
                pending.extend(match["extras"].split(","))
            elif requirement not in out:
                out.append(requirement)
    return out


if __name__ == "__main__":
    names = [e for e in re.split(r"[\[\],\s]+", sys.argv[2] if len(sys.argv) > 2 else "") if e]
    print("\n".join(requirements(Path(sys.argv[1]), names)))
