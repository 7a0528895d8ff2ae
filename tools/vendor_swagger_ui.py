"""Vendor Swagger UI for /docs from the npm package swagger-ui-dist: `python tools/vendor_swagger_ui.py [VERSION]`.

Runs `npm pack swagger-ui-dist@VERSION` and copies the files /docs loads, unmodified, with the licence files, into
mockserver/web/static/swagger-ui/ (the wheel ships them: the docs page needs no CDN). Needs npm.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

DEST = Path(__file__).resolve().parent.parent / "mockserver" / "web" / "static" / "swagger-ui"
FILES = (
    "swagger-ui-bundle.js",
    "swagger-ui-bundle.js.LICENSE.txt",
    "swagger-ui-standalone-preset.js",
    "swagger-ui-standalone-preset.js.LICENSE.txt",
    "swagger-ui.css",
    "favicon-32x32.png",
    "LICENSE",
    "NOTICE",
    "package.json",  # records the version vendored
)


def main(version: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"swagger-ui-dist@{version}"], cwd=tmp, check=True, capture_output=True)
        (tarball,) = Path(tmp).glob("swagger-ui-dist-*.tgz")
        with tarfile.open(tarball) as archive:
            archive.extractall(tmp, filter="data")
        DEST.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            shutil.copy2(Path(tmp) / "package" / name, DEST / name)
    print(f"vendored swagger-ui-dist@{version} into {DEST}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "latest")
