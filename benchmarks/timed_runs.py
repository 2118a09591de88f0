"""Wall and CPU time of repeated runs, and how the history, backup and export benchmarks print
them: median, p99, worst, CPU median, and the ratio to a baseline measured in the same run
(interleaved: one baseline run, one measured run, and so on, so a busy machine slows both)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

# The baseline every start-up figure is a ratio against: a bare QWizard with one line edit, shown
# and painted (each benchmark adds the line that reports what it measures).
BARE_WIZARD = """
import sys
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWizard, QWizardPage
app = QApplication(sys.argv[:1])
wizard, page = QWizard(), QWizardPage()
QVBoxLayout(page).addWidget(QLineEdit())
wizard.addPage(page)
wizard.show()
app.processEvents()
"""


@dataclass
class Runs:
    wall: list[float] = field(default_factory=list)     # seconds
    cpu: list[float] = field(default_factory=list)      # seconds of CPU, every thread of the process

    def time(self, call):
        wall, cpu = time.perf_counter(), time.process_time()
        value = call()
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)
        return value


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def interleaved(measured, baseline, calls) -> tuple[Runs, Runs]:
    """Run `baseline(c)` then `measured(c)` for each c of `calls`."""
    done, base = Runs(), Runs()
    for call in calls:
        base.time(lambda: baseline(call))
        done.time(lambda: measured(call))
    return done, base


def report(name: str, runs: Runs, baseline: Runs | None = None, baseline_name: str = "baseline") -> str:
    ms = [t * 1000 for t in runs.wall]
    line = (f"{name:<46} {len(ms):>5} runs  median {statistics.median(ms):8.2f} ms  p99 "
            f"{percentile(ms, 0.99):8.2f} ms  worst {max(ms):8.2f} ms  CPU median "
            f"{statistics.median(runs.cpu) * 1000:7.2f} ms, p99 {percentile(runs.cpu, 0.99) * 1000:7.2f} ms")
    if baseline and baseline.wall:
        line += (f"  ×{statistics.median(runs.wall) / max(statistics.median(baseline.wall), 1e-9):5.1f} "
                 f"{baseline_name} ({statistics.median(baseline.wall) * 1000:.2f} ms)")
    print(line, flush=True)
    return line
