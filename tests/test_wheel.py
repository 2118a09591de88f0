"""What users install is what the suite tests. The wheel holds every tracked module and shipped
file; the suite imports the installed `app` under CI (.ci/run installs the project, not editable,
into a fresh venv); the installed entry points exist; and the installed `injectclaim` opens the
window on every wizard page and the saved encounters and runs every command of the command line.

The installed copy is the running environment's when `app` is not the checkout (CI, the README's
test command); from an editable checkout, the wheel is built and installed into a new venv here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import app
from support import ROOT, clean_encounter

APP_FROM_CHECKOUT = Path(app.__file__).resolve().parent == ROOT / "app"    # not a venv inside the checkout
UNDER_CI = os.environ.get("CI", "").lower() not in ("", "0", "false") or bool(os.environ.get("INJECTCLAIM_TESTS_INSTALLED"))
WINDOWS = sys.platform == "win32"
PAGES = ["patient", "visit", "diagnoses", "injections", "documentation", "review", "history"]
PRACTICE = {   # what an 837P needs of the practice (invented)
    "practice.name": "Lovelace Family Medicine", "practice.npi": "1558598797", "practice.tax_id": "12-3456789",
    "practice.address.line1": "12 Analytical Way", "practice.address.city": "Springfield",
    "practice.address.state": "IL", "practice.address.zip": "62704-1234", "practice.phone": "(217) 555-0134",
    "x12.sender_id": "LOVELACE01", "x12.receiver_id": "CLEARHOUSE01", "x12.receiver_name": "Example Clearinghouse",
    "x12.submitter_contact": "Ada Billing", "x12.usage": "T",
}


def tracked(*folders: str, untracked: bool = False) -> list[str]:
    """The files git tracks under `folders` (with `untracked`: and the new ones it does not ignore)."""
    more = ["--others", "--exclude-standard"] if untracked else []
    done = subprocess.run(["git", "ls-files", "-z", "--cached", *more, "--", *folders], cwd=ROOT,
                          capture_output=True, check=True)
    return [name for name in done.stdout.decode().split("\0") if name]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from a copy of the files `pip install .` would see (not git's ignored ones):
    no stale build/ folder can hide a gap."""
    if not (ROOT / ".git").exists():
        pytest.fail("not a git checkout: the tracked files cannot be listed")
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheels")
    for name in tracked(untracked=True):
        if not (ROOT / name).exists():       # deleted, not yet committed
            continue
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(source)], check=True, timeout=300)
    return next(out.glob("injectclaim-*.whl"))


@pytest.fixture(scope="module")
def scripts(tmp_path_factory, request) -> Path:
    """The folder of the installed `injectclaim` and `injectclaim-app`."""
    if not APP_FROM_CHECKOUT:
        return Path(sysconfig.get_path("scripts"))
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if WINDOWS else "bin")
    wheel = request.getfixturevalue("wheel")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "--no-deps", "-q",
                    str(wheel)], check=True, timeout=300)
    own = subprocess.run([str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                         capture_output=True, text=True, check=True).stdout.strip()
    # the dependencies from this environment, after the new environment's own packages
    Path(own, "test_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return bin_dir


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")


def environment(home: Path) -> dict:
    """The environment with the per-user folders (settings, logs, data) inside `home`."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home), "USERPROFILE": str(home),
           "APPDATA": str(home / "AppData"), "LOCALAPPDATA": str(home / "AppData"),
           **{f"XDG_{n}_HOME": str(home / n.lower()) for n in ("CONFIG", "DATA", "STATE", "CACHE")}}
    env.pop("INJECTCLAIM_DB", None)
    return env


def run(scripts: Path, home: Path, *argv, program="injectclaim", check_status: int | None = 0, **kw):
    """Run an installed program in `home`; check its exit status unless `check_status` is None."""
    done = subprocess.run([str(scripts / program), *map(str, argv)], cwd=home, env=environment(home),
                          capture_output=True, text=True, timeout=180, **kw)
    if check_status is not None:
        assert done.returncode == check_status, f"{program} {' '.join(map(str, argv))}: {done.stderr}"
    return done


@pytest.fixture(scope="module")
def encounter(home) -> Path:
    document = clean_encounter()
    document["patient"]["address"] = {"line1": "1 Byron Street", "city": "Springfield", "state": "IL", "zip": "62701"}
    path = home / "encounter.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def database(home, seeded_db_file) -> Path:
    """A copy of the seeded database (ICD-10-CM in it already) for the installed program."""
    path = home / "injectclaim.db"
    shutil.copy2(seeded_db_file, path)
    return path


def test_the_wheel_holds_every_tracked_module_and_shipped_file(wheel):
    expected = {*tracked("app"), *("app/" + name for name in tracked("data", "resources"))}
    shipped = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(expected - shipped)
    assert not missing, f"{len(missing)} tracked file(s) missing from the wheel: {', '.join(missing)}"
    assert {name.split("/")[0] for name in shipped} == {"app", wheel.name.split("-py3")[0] + ".dist-info"}


def test_the_suite_tests_the_installed_package():
    if APP_FROM_CHECKOUT and not UNDER_CI:
        pytest.skip("an editable checkout is under test (outside CI); .ci/run and CI test the installed package")
    assert not APP_FROM_CHECKOUT, f"the tests import app from the checkout ({app.__file__}), not the install"
    child = subprocess.run([sys.executable, "-c", "import app; print(app.__file__)"], cwd=ROOT,
                           capture_output=True, text=True, check=True)        # run from the checkout's folder
    assert Path(child.stdout.strip()).resolve().parent != ROOT / "app", child.stdout


def test_the_entry_points_are_in_the_installed_metadata(scripts):
    code = ("from importlib.metadata import entry_points as e; import json; print(json.dumps("
            "[(p.group, p.name, p.value, callable(p.load())) for g in ('console_scripts', 'gui_scripts') "
            "for p in e(group=g) if p.dist and p.dist.name == 'injectclaim']))")
    python = scripts / "python" if APP_FROM_CHECKOUT else Path(sys.executable)
    found = json.loads(subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True).stdout)
    assert sorted(map(tuple, found)) == [("console_scripts", "injectclaim", "app.cli:main", True),
                                         ("gui_scripts", "injectclaim-app", "app.cli:app_main", True)]
    for program in ("injectclaim", "injectclaim-app"):
        assert any((scripts / (program + end)).is_file() for end in ("", ".exe")), program


def looks_like_the_window(png: Path) -> tuple[int, int]:
    """The size of a real, non-blank screenshot (asserts it is one)."""
    from PySide6.QtGui import QImage

    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{png.name} is not a PNG"
    image = QImage(str(png))
    assert 600 <= image.width() <= 4000 and 400 <= image.height() <= 3000, (png.name, image.size())
    colours = {image.pixel(x, y) for x in range(0, image.width(), 8) for y in range(0, image.height(), 8)}
    assert len(colours) >= 16, f"{png.name} is nearly blank ({len(colours)} colours)"
    return image.width(), image.height()


def test_the_installed_app_opens_every_page_and_the_saved_encounters(scripts, home, encounter, database):
    run(scripts, home, "save", encounter, "--db", database)           # so the saved encounters list one
    shots = {}
    for page in PAGES:
        shots[page] = home / f"page_{page}.png"
        program = "injectclaim-app" if page == "review" else "injectclaim"    # the gui-script opens files too
        argv = [encounter, "--page", page, "--screenshot", shots[page], "--db", database]
        run(scripts, home, *(["open"] if program == "injectclaim" else []), *argv, program=program)
    for page, png in shots.items():
        looks_like_the_window(png)
    assert len({png.read_bytes() for png in shots.values()}) == len(PAGES), "two pages rendered the same"


def test_every_command_runs_from_the_installed_copy(scripts, home, encounter, seeded_db_file, tmp_path):
    db = tmp_path / "commands.db"           # no history: the encounter is no one's duplicate here
    shutil.copy2(seeded_db_file, db)
    window = subprocess.Popen([str(scripts / "injectclaim"), "--db", str(tmp_path / "window.db")], cwd=home,
                              env=environment(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        checked = json.loads(run(scripts, home, "check", encounter, "--json", "--db", db).stdout)
        assert [line["code"] for line in checked["claim"]["lines"]] == ["99213", "96372", "J3420"]
        assert "Result: 0 error(s)" in run(scripts, home, "check", encounter, "--db", db).stdout
        assert "medicare" in run(scripts, home, "payers", "--db", db).stdout
        assert {p["id"] for p in json.loads(run(scripts, home, "payers", "--json", "--db", db).stdout)} >= {"medicare"}
        pack = tmp_path / "medicare.json"
        run(scripts, home, "rules", "export", "medicare", "-o", pack, "--db", db)
        document = json.loads(pack.read_text(encoding="utf-8"))
        assert document["format"] == "payer-rule-pack/1"
        document["settings"]["x12_payer_id"] = "04412"                 # the 837P needs the payer's id
        pack.write_text(json.dumps(document), encoding="utf-8")
        assert "imported payer medicare" in run(scripts, home, "rules", "import", pack, "--db", db).stdout
        assert "Lovelace" in run(scripts, home, "settings", *(f"{k}={v}" for k, v in PRACTICE.items()),
                                 "--db", db).stdout
        assert "x12.usage" in run(scripts, home, "settings", "--db", db).stdout
        for command, out in (("summary", "s.pdf"), ("cms1500", "c.pdf"), ("export-837", "claims.837")):
            run(scripts, home, command, encounter, "-o", tmp_path / out, "--db", db)
        assert (tmp_path / "s.pdf").read_bytes()[:5] == (tmp_path / "c.pdf").read_bytes()[:5] == b"%PDF-"
        assert (tmp_path / "claims.837").read_text(encoding="ascii").startswith("ISA*")
        # last: once saved, the history would count this encounter against itself (same day, same units)
        assert "saved as encounter #" in run(scripts, home, "save", encounter, "--db", db).stdout
        assert window.poll() is None, window.communicate()[1]           # `injectclaim` alone: the window is up
    finally:
        window.kill()
        window.communicate()


def test_protect_runs_from_the_installed_copy(scripts, home, seeded_db_file, tmp_path):
    if run(scripts, home, "protect", "--help", check_status=None).returncode != 0:
        pytest.skip("`injectclaim protect` is not built yet (spec/cli.md lists it)")
    db = tmp_path / "protected.db"
    shutil.copy2(seeded_db_file, db)
    key = {"INJECTCLAIM_KEY": "correct horse battery staple",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}      # never the machine's own keychain
    with pytest.MonkeyPatch.context() as patch:
        for name, value in key.items():
            patch.setenv(name, value)
        run(scripts, home, "protect", "--db", db, stdin=subprocess.DEVNULL)
        assert "medicare" in run(scripts, home, "payers", "--db", db).stdout
        patch.delenv("INJECTCLAIM_KEY")
        run(scripts, home, "payers", "--db", db, check_status=2, stdin=subprocess.DEVNULL)
