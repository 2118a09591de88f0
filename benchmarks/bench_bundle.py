"""How fast the desktop bundle starts (what a biller without Python installs), against a bare
QWizard bundled by PyInstaller the same way, in one run.

Both bundles are built first (tools/build_bundle.py for the app; the bare QWizard script with the
same PyInstaller options and exclusions), then, interleaved (bare, app, ...):

- the bare bundle: start, a QWizard page rendered to a PNG, exit;
- `injectclaim open FILE --page patient --screenshot OUT.png`: start, the window on the file,
  its first page rendered, exit (the first page is what a start shows);
- `injectclaim open FILE --page review --screenshot OUT.png`: the same with the check run and the
  review page rendered.

A bundle holds compiled modules only, so PySide6's import hook, which reads the source of every
module imported after Qt to look for `__feature__` (20-40 ms of a start from a pip install), has
nothing to read here. Medians, p99 and CPU time as bench_startup.py prints them.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_bundle.py [--n 9] [--keep DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_startup import BARE_SHOT, encounter_file, forget_drafts, prepared_database, run, summary  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from build_bundle import EXCLUDED  # noqa: E402


def build_app(folder: Path) -> Path:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "build_bundle.py"), "--out", str(folder / "app")],
                          check=True, capture_output=True, text=True)
    return Path(done.stdout.strip().splitlines()[-1])


def build_bare(folder: Path) -> Path:
    script = folder / "bare_wizard.py"
    script.write_text(BARE_SHOT, encoding="utf-8")
    excluded = [arg for name in EXCLUDED for arg in ("--exclude-module", name)]
    subprocess.run([sys.executable, "-m", "PyInstaller", str(script), "--onedir", "--noconfirm", "--log-level",
                    "WARN", "--distpath", str(folder / "bare"), "--workpath", str(folder / "bare-work"),
                    "--specpath", str(folder), *excluded], check=True, capture_output=True)
    return folder / "bare" / "bare_wizard" / ("bare_wizard.exe" if sys.platform == "win32" else "bare_wizard")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=9, help="runs of each (default 9)")
    parser.add_argument("--keep", type=Path, help="build into DIR and keep it (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="injectclaim-bench-bundle-") as tmp:
        folder = (args.keep or Path(tmp)).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        app, bare = build_app(folder), build_bare(folder)
        db, document, shot = prepared_database(ROOT, folder), encounter_file(folder), str(folder / "shot.png")
        kinds = {"bare QWizard bundle, page rendered to PNG": [str(bare), shot],
                 "bundle: open FILE --page patient --screenshot": [str(app), "--db", str(db), "open", str(document),
                                                                  "--page", "patient", "--screenshot", shot],
                 "bundle: open FILE --page review --screenshot": [str(app), "--db", str(db), "open", str(document),
                                                                 "--page", "review", "--screenshot", shot]}
        runs: dict[str, list] = {name: [] for name in kinds}
        for round_ in range(args.n + 1):                   # the first round warms the file cache
            for name, argv in kinds.items():
                forget_drafts(folder)
                Path(shot).unlink(missing_ok=True)
                timed = run(ROOT, argv, until_ready=False)
                if round_:
                    runs[name].append(timed)
    names = list(kinds)
    print(f"{ROOT}: {args.n} interleaved runs of each, bundles built by PyInstaller")
    print(summary(names[0], runs[names[0]], None))
    for name in names[1:]:
        print(summary(name, runs[name], runs[names[0]]))


if __name__ == "__main__":
    main()
