"""How fast the app starts, against a bare PySide6 QWizard started the same way, in one run:

- start to first paint: process start to the window shown and painted (the cursor in the first
  field), as `injectclaim` does before it waits for the biller;
- start until everything is made: the same, then until the other wizard pages and the history tab
  (made once the window is up, one per turn of the event loop) are made too;
- `open FILE --page review --screenshot OUT.png`: process start to exit, the check run and the
  review page rendered to a PNG, against a bare QWizard page rendered to a PNG the same way.

Runs are interleaved (bare, app, bare, app, ...) so a busy machine slows both alike; each figure
is the median, p99 (the worst of a few runs) and the median CPU time of the child process. The
database is made (and its search index built) once beforehand; a new user's first start is
measured by bench_first_run.py.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_startup.py [--n 9] [--root DIR] [--claims N]

`--root` runs another checkout (e.g. an older commit unpacked with `git archive`) for a before
and after comparison on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timed_runs import BARE_WIZARD  # noqa: E402  (benchmarks/, beside this script)

ROOT = Path(__file__).resolve().parent.parent

BARE_START = BARE_WIZARD + 'print("ready", flush=True)\n'

# `injectclaim` itself (its command line, then run_app), stopped where it would wait for the
# biller: `app.exec()` is swapped for one that paints, checks the cursor is in a field, says "ready"
# (with "all" after the database: once the pages and the history tab left for later are made).
APP_START = """
import sys
import app.ui as ui
from PySide6.QtCore import QEventLoop
made = ui._application

def measured_application():
    app = made()
    def painted():
        app.processEvents()
        assert app.focusWidget() is not None
        if sys.argv[2:] == ["all"]:
            window = next(w for w in app.topLevelWidgets() if w.objectName() == "main_window")
            while getattr(window, "still_to_make", list)():     # (an older checkout makes all at once)
                app.processEvents(QEventLoop.WaitForMoreEvents)
        print("ready", flush=True)
        return 0
    app.exec = painted
    return app

ui._application = measured_application
from app.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""

BARE_SHOT = BARE_WIZARD + 'sys.exit(0 if wizard.grab().save(sys.argv[1], "PNG") else 2)\n'


def _env(root: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"), "PYTHONPATH": str(root)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)     # an installed app has its .pyc files; so do the runs here
    return env


def run(root: Path, argv: list[str], until_ready: bool) -> tuple[float, float]:
    """(wall seconds to "ready" or to exit, CPU seconds of the whole child)."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_env(root),
                             cwd=str(root))
    line = child.stdout.readline() if until_ready else "ready"
    elapsed = time.perf_counter() - start
    status, usage = reap(child, timeout=5 if until_ready else 120)
    if not until_ready:               # done when the PNG is written (the exit status is not the point here)
        elapsed = time.perf_counter() - start
        line = line if Path(argv[-1]).is_file() else ""
    if line.strip() != "ready":
        raise SystemExit(f"{argv[:3]}: the child did not get ready (status {status})")
    return elapsed, usage.ru_utime + usage.ru_stime


def reap(child: subprocess.Popen, timeout: float = 60) -> tuple[int, object]:
    """Wait for the child to exit (killing it after `timeout`: a background thread of an old version
    may keep it alive); its exit status and resource usage (CPU time)."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = status
            return status, usage
        if time.monotonic() > deadline:
            child.kill()
            deadline = float("inf")
        time.sleep(0.005)


def prepared_database(root: Path, folder: Path, claims: int = 0) -> Path:
    """A made database with its search index (whatever this checkout needs before a normal start)
    and `claims` varied saved claims (benchmarks/saved_claims.py)."""
    path = folder / "injectclaim.db"
    script = ("import sys\nfrom app.store.db import connect\nfrom app.store.reference import ensure_icd\n"
              "db = connect(sys.argv[1])\nensure_icd(db)\n"
              f"sys.path[:0] = {[str(ROOT / 'benchmarks'), str(ROOT / 'tests')]!r}\nfrom saved_claims import fill\n"
              "fill(db, int(sys.argv[2]))\ndb.conn.close()\n")
    subprocess.run([sys.executable, "-c", script, str(path), str(claims)], check=True, env=_env(root), cwd=str(root))
    return path


def forget_drafts(folder: Path) -> None:
    """An unfinished encounter left by a run would be offered back (a dialog) on the next start."""
    for draft in folder.rglob("*.unfinished-encounter.json"):
        draft.unlink()


def encounter_file(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from support import CLEAN

    path = folder / "encounter.json"
    path.write_text(json.dumps(CLEAN), encoding="utf-8")
    return path


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(name: str, runs: list[tuple[float, float]], baseline: list[tuple[float, float]] | None) -> str:
    wall = [w * 1000 for w, _ in runs]
    cpu = [c * 1000 for _, c in runs]
    text = (f"{name:<44} median {statistics.median(wall):6.0f} ms  p99 {percentile(wall, 0.99):6.0f} ms  "
            f"CPU {statistics.median(cpu):6.0f} ms")
    if baseline:
        ratio = statistics.median(wall) / statistics.median([w * 1000 for w, _ in baseline])
        cpu_ratio = statistics.median(cpu) / statistics.median([c * 1000 for _, c in baseline])
        text += f"  = {ratio:.2f}x bare (CPU {cpu_ratio:.2f}x)"
    return text


def app_kinds(root: Path, folder: Path, claims: int, label: str = "") -> dict:
    """The measured runs of the checkout at `root` (its own database in `folder`): name -> (root, argv, ready)."""
    folder.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    db, document, shot = prepared_database(root, folder, claims), encounter_file(folder), str(folder / "shot.png")
    return {f"{label}InjectClaim, start to first paint": (root, [python, "-c", APP_START, str(db)], True),
            f"{label}InjectClaim, start until everything is made": (root, [python, "-c", APP_START, str(db), "all"],
                                                                    True),
            f"{label}open FILE --page review --screenshot": (root, [python, "-m", "app", "--db", str(db), "open",
                                                                   str(document), "--page", "review", "--screenshot",
                                                                   shot], False)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=9, help="runs of each (default 9)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to run (default: this one)")
    parser.add_argument("--before", type=Path, help="another checkout, interleaved in the same runs (before/after)")
    parser.add_argument("--claims", type=int, default=0, help="saved claims in the history (default 0)")
    args = parser.parse_args()
    root, python = args.root.resolve(), sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shot = str(folder / "shot.png")
        kinds = {"bare QWizard, start to first paint": (root, [python, "-c", BARE_START], True),
                 "bare QWizard page, rendered to PNG": (root, [python, "-c", BARE_SHOT, shot], False),
                 **app_kinds(root, folder / "after", args.claims)}
        if args.before:
            kinds.update(app_kinds(args.before.resolve(), folder / "before", args.claims, "before: "))
        for where, argv, ready in kinds.values():               # warm the OS file cache
            run(where, argv, ready)
        runs: dict[str, list] = {name: [] for name in kinds}
        for _ in range(args.n):
            for name, (where, argv, ready) in kinds.items():
                forget_drafts(folder)
                for png in folder.rglob("shot.png"):
                    png.unlink()
                runs[name].append(run(where, argv, ready))
    print(f"{root}: {args.n} interleaved runs of each, {args.claims:,} saved claims"
          + (f"; before: {args.before}" if args.before else ""))
    for name in kinds:
        baseline = None if name.startswith("bare") else (
            "bare QWizard page, rendered to PNG" if "screenshot" in name else "bare QWizard, start to first paint")
        print(summary(name, runs[name], runs[baseline] if baseline else None))


if __name__ == "__main__":
    main()
