"""Front-end tools the process tier needs (Lighthouse, say), installed from the npm registry once, under var/.

Pinned versions, each in a folder of its own, so a run never picks up another version and a second run installs
nothing. Nothing from npm is committed or served to visitors: these are test instruments.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from pathlib import Path

from tests.conftest import tool_missing

ROOT = Path(__file__).resolve().parents[2]
NPM_DIR = ROOT / "var" / "npm"


def npm_package(name: str, version: str) -> Path:
    """The folder of `name`@`version` installed from npm (installing it the first time); without npm, a skip (a
    failure under CI)."""
    npm = shutil.which("npm")
    if npm is None:
        tool_missing(f"{name} comes from the npm registry, which needs npm (Debian package 'npm')")
    prefix = NPM_DIR / f"{name.replace('/', '+')}-{version}"
    package = prefix / "node_modules" / name
    if (package / "package.json").exists():
        return package
    prefix.mkdir(parents=True, exist_ok=True)
    with open(prefix / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two pytest processes installing at once would corrupt the folder
        if not (package / "package.json").exists():
            result = subprocess.run(
                [
                    npm,
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--save-exact",
                    "--prefix",
                    str(prefix),
                    f"{name}@{version}",
                ],
                capture_output=True,
                text=True,
                timeout=600,
            )
            if result.returncode != 0:
                raise RuntimeError(f"npm could not install {name}@{version}:\n{result.stderr[-2000:]}")
    return package
