"""What every wizard page shares: `load(document)` / `store(document)` on the encounter JSON,
a `changed` signal as the biller types, and problems shown under the fields they are about.

A page makes its widgets on first use (`ensure_built`: when shown, or when the wizard makes the
rest once the window is up), so a start makes only the first page; until then it keeps the
document it was given and stores nothing (the wizard's copy already holds those values).

A field shows its problem once the biller has typed in it or has moved past its page (or the
encounter came from a file): a new, empty encounter is not a wall of red.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QWidget, QWizardPage

from app.core.field_names import plain_field
from app.ui.widgets.form import ProblemLabel
from app.ui.wizard.fields import put, put_flag


@dataclass
class WizardContext:
    """What the pages need from outside: the database, the search indexes, lists for the combos."""

    db: object
    catalogs: object
    payers: list[tuple[str, str]] = field(default_factory=list)
    places: list[tuple[str, str, bool]] = field(default_factory=list)
    defaults: dict = field(default_factory=dict)


def problem_for(path: str, problems: dict[str, str]) -> str | None:
    """The problems about the field at `path`, anything inside it, or a missing object holding it."""
    found = [message for where, message in problems.items()
             if where == path or where.startswith(path + ".") or where.startswith(path + "[")
             or (path.startswith(where + ".") and message == "is required")]
    return "; ".join(dict.fromkeys(found)) or None


def _said_inside(path: str, message: str, found: dict[str, str | None]) -> bool:
    """A row's own problem that only repeats what one of its fields already says (said once, there)."""
    return any(inner != path and inner.startswith(path) and found[inner] == message for inner in found)


class EncounterPage(QWizardPage):
    changed = Signal()
    made = Signal()             # the page's widgets were just made, showing the document given

    def __init__(self, context: WizardContext, name: str, title: str, subtitle: str = ""):
        super().__init__()
        self.context = context
        self.setObjectName(name)
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)
        self.loading = False
        self.loaded: dict = {}
        self.touched: set[str] = set()
        self.passed = False
        self.built = False
        self._problems: dict[str, str] = {}

    # -- for the pages
    def build(self) -> None:
        """Make the page's widgets (once, on the page's first use)."""
        raise NotImplementedError

    def fill(self, document: dict) -> None:
        """Show the page's fields of `document`."""
        raise NotImplementedError

    def store(self, document: dict) -> None:
        """Write the page's fields, as typed, into `document`."""
        raise NotImplementedError

    def problem_labels(self) -> dict[str, ProblemLabel]:
        return {}

    # -- shared
    def ensure_built(self) -> None:
        """Make the widgets now if not made yet, showing the document and problems given meanwhile."""
        if self.built:
            return
        self.built = True
        self.build()
        self.load(self.loaded)
        self.show_problems(self._problems)
        self.made.emit()

    def initializePage(self) -> None:
        self.ensure_built()

    def load(self, document: dict) -> None:
        """Show `document` (kept as `loaded`: blank fields it lacked stay absent on store)."""
        self.loaded = document if isinstance(document, dict) else {}
        if not self.built:
            return
        self.loading = True
        try:
            self.fill(self.loaded)
        finally:
            self.loading = False

    def put(self, document: dict, path: str, value) -> None:
        put(document, path, value, self.loaded)

    def put_flag(self, document: dict, path: str, checked: bool) -> None:
        put_flag(document, path, checked, self.loaded)

    def load_document(self, document: dict, from_file: bool) -> None:
        self.load(document)
        self.touched.clear()
        self.passed = from_file

    def watch(self, widget: QWidget, path: str | None = None) -> None:
        """Emit `changed` (and remember the field was touched) whenever `widget` is edited."""
        path = path or widget.objectName()
        if isinstance(widget, QLineEdit):
            signal = widget.textChanged
        elif isinstance(widget, QComboBox):
            signal = widget.currentIndexChanged
        elif isinstance(widget, QAbstractButton):
            signal = widget.toggled
        else:
            signal = widget.changed
        signal.connect(lambda *_: self._edited(widget.objectName() or path))

    def _edited(self, path: str) -> None:
        if self.loading:
            return
        self.touched.add(path)
        self.changed.emit()

    def show_problems(self, problems: dict[str, str]) -> None:
        """Put each problem under its field; a line shared by two fields names the field."""
        self._problems = problems
        if not self.built:
            return
        shared: dict[int, tuple[ProblemLabel, list[str]]] = {}
        for path, label in self.problem_labels().items():
            shared.setdefault(id(label), (label, []))[1].append(path)
        for label, paths in shared.values():
            found = {path: problem_for(path, problems) for path in paths if self._shows(path)}
            said = [(path, message) for path, message in found.items() if message and not _said_inside(path, message, found)]
            label.show_problem("; ".join(f"{plain_field(path)}: {message}" if len(paths) > 1 else message
                                         for path, message in said) or None)

    def _shows(self, path: str) -> bool:
        return self.passed or any(t == path or t.startswith(path + ".") for t in self.touched)

    def focus_first(self) -> None:
        """Put the cursor in the page's first field (the first stop of the tab chain)."""
        self.ensure_built()
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self:
            if self.isAncestorOf(widget) and self._takes_tab(widget):
                widget.setFocus(Qt.TabFocusReason)
                return
            widget = widget.nextInFocusChain()

    def _takes_tab(self, widget: QWidget) -> bool:
        return (widget.isVisibleTo(self) and widget.isEnabled()
                and bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value))

    def validatePage(self) -> bool:
        """Moving on is always allowed (information often arrives late); problems show from now on."""
        self.passed = True
        self.changed.emit()
        return True
