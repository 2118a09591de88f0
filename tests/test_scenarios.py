"""The shared scenarios through the installed `injectclaim` (skipped when ../shared is absent)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import SHARED

RUNNER = SHARED / "tools" / "run_scenarios.py"


def _cli() -> str | None:
    local = Path(sys.executable).parent / "injectclaim"
    return str(local) if local.exists() else shutil.which("injectclaim")


@pytest.mark.skipif(not RUNNER.exists(), reason="../shared is not beside the project")
@pytest.mark.skipif(_cli() is None, reason="injectclaim is not installed")
def test_shared_scenarios_pass():
    done = subprocess.run([sys.executable, str(RUNNER), _cli(), str(SHARED / "scenarios")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "scenarios pass" in done.stdout
