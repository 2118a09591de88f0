"""The desktop bundle (tools/build_bundle.py) builds, and its program runs without Python: the check
and the window's screenshot work from the bundle, on the data and resources it carries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT, SHARED, clean_encounter

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"),
                                 reason="CI builds the bundle on Linux; Windows and macOS bundles are built by hand "
                                        "(README: Desktop bundle)")]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The bundle's program, as the last line the build prints names it."""
    out = tmp_path_factory.mktemp("bundle")
    built = subprocess.run([sys.executable, str(ROOT / "tools" / "build_bundle.py"), "--out", str(out / "dist"),
                            "--work", str(out / "work")], capture_output=True, text=True, timeout=1200)
    assert built.returncode == 0, built.stderr[-3000:]
    program = Path(built.stdout.strip().splitlines()[-1])
    assert program.is_file() and os.access(program, os.X_OK)
    assert out / "dist" in program.parents
    return program


@pytest.fixture
def bundle_run(bundle, tmp_path):
    """Run the bundled program with every per-user folder (settings, data, logs) under tmp_path."""
    home = {name: str(tmp_path / name.lower()) for name in
            ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")}

    def run(*args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, **home, "QT_QPA_PLATFORM": "offscreen", "INJECTCLAIM_LOG_DIR": str(tmp_path / "logs"),
               "INJECTCLAIM_DB": str(tmp_path / "injectclaim.db"), "PYTHONPATH": ""}      # as the test set it
        # cwd away from the checkout, so nothing can come from the source tree
        return subprocess.run([str(bundle), *args], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                              env=env)
    return run


@pytest.fixture
def encounter_file(tmp_path) -> Path:
    shared = SHARED / "scenarios" / "01-clean-b12-with-visit" / "encounter.json"
    if shared.exists():
        return shared
    path = tmp_path / "encounter.json"
    path.write_text(json.dumps(clean_encounter()), encoding="utf-8")
    return path


def test_the_bundle_carries_the_data_and_resources(bundle):
    shipped = bundle.parent / "_internal" / "app"
    assert (shipped / "data" / "hcpcs.csv").is_file()
    assert (shipped / "resources" / "icons" / "app.svg").is_file()
    assert (shipped / "data" / "icd10cm.csv.gz").is_file()      # ICD-10-CM, made from simple-icd-10-cm at build time
    assert not (bundle.parent / "_internal" / "simple_icd_10_cm").exists()


def test_the_bundled_check_gives_the_claim_lines_and_logs(bundle_run, encounter_file, tmp_path):
    done = bundle_run("check", "--json", str(encounter_file))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [line["code"] for line in result["claim"]["lines"]] == ["99213", "96372", "J3420"]
    assert result["claim"]["lines"][0]["modifiers"] == ["25"]
    assert result["claim"]["diagnoses"][0]["description"].startswith("Vitamin B12 deficiency anemia")
    assert "injectclaim check" in (tmp_path / "logs" / "injectclaim.log").read_text(encoding="utf-8")


def test_the_bundled_window_renders_the_review_page(bundle_run, encounter_file, tmp_path):
    from PySide6.QtGui import QImage

    out = tmp_path / "review.png"
    done = bundle_run("open", str(encounter_file), "--page", "review", "--screenshot", str(out))
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 800 and image.height() >= 500
    colours = {image.pixel(x, y) for x in range(0, image.width(), 25) for y in range(0, image.height(), 25)}
    assert len(colours) > 5, "the screenshot is blank"


def test_a_file_the_bundle_cannot_open_gets_one_plain_line(bundle_run, tmp_path):
    missing = tmp_path / "nowhere.json"
    done = bundle_run("check", str(missing))
    assert done.returncode == 2
    assert "nowhere.json" in done.stderr and "Traceback" not in done.stderr


def test_a_protected_database_works_from_the_bundle(bundle_run, tmp_path, monkeypatch):
    """SQLCipher (sqlcipher3) and the draft's sealing (cryptography) are in the bundle."""
    assert bundle_run("payers").returncode == 0                      # the database made, plain
    draft = tmp_path / "injectclaim.unfinished-encounter.json"
    draft.write_text(json.dumps({"document": clean_encounter()}), encoding="utf-8")
    monkeypatch.setenv("INJECTCLAIM_KEY", "correct horse battery")
    protected = bundle_run("protect")
    assert protected.returncode == 0, protected.stderr
    assert b"Byron" not in (tmp_path / "injectclaim.db").read_bytes() and b"Byron" not in draft.read_bytes()
    assert bundle_run("payers").returncode == 0
    monkeypatch.delenv("INJECTCLAIM_KEY")
    refused = bundle_run("payers")
    assert refused.returncode == 2 and "INJECTCLAIM_KEY" in refused.stderr
