"""A plain `pip install` of the built wheel works: data/ and resources/ ship inside it."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from support import ROOT, SHARED, clean_encounter


@pytest.mark.slow
def test_built_wheel_checks_an_encounter(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(wheels), str(ROOT)], check=True, timeout=300)
    wheel = next(wheels.glob("injectclaim-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                   check=True, timeout=300)
    own = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True, check=True).stdout.strip()
    # after the install (so pip does not take the test environment's copy for this one): the
    # dependencies come from the test environment, after the new environment's own packages
    Path(own, "test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    encounter = SHARED / "scenarios" / "01-clean-b12-with-visit" / "encounter.json"
    if not encounter.exists():  # without ../shared, the same encounter from the suite
        encounter = tmp_path / "e.json"
        encounter.write_text(json.dumps(clean_encounter()))
    done = subprocess.run([str(env_dir / "bin" / "injectclaim"), "check", "--json", str(encounter),
                           "--db", str(tmp_path / "t.db")], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [l["code"] for l in json.loads(done.stdout)["claim"]["lines"]] == ["99213", "96372", "J3420"]
    installed = subprocess.run([str(python), "-c", "import app.paths as p; print(p.data_dir())"],
                               capture_output=True, text=True, cwd=tmp_path).stdout
    assert installed.startswith(str(env_dir))
