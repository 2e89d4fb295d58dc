"""The package type-checks (mypy, configured in pyproject.toml)."""

import subprocess
import sys

from .conftest import ROOT


def test_mypy_is_clean():
    r = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("Success")
