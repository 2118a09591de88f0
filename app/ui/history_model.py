"""The saved encounters as a paged table model for the history list.

The list asks the store for a page at a time (`canFetchMore`/`fetchMore`: scrolling down brings
the next `PAGE` rows), so 100,000 saved encounters list as fast as 200. A filter or sort the
biller changes is listed off the GUI thread when the database is a file (one query at a time on
its own read-only connection; keystrokes typed while one runs are folded into the next, so the
list catches up with the last one and typing never waits); `listed` says a new list is on
screen, `counted` that the number found is known. Asked by the window itself (after a save, a
delete, a mark), the list is made at once. A cell's words are worked out only when the view asks
for them (the rows on screen).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, QObject, QRunnable, QThreadPool, Qt, QTimer, Signal

from app.store import encounters
from app.store.db import sql_errors
from app.store.encounters import PAGE, HistoryFilter
from app.ui.table_model import ListTableModel
from app.ui.icons import icon
from app.ui.wizard.review_tables import us_date

COLUMNS = ("Patient", "Member id", "Date of service", "Payer", "Codes", "Status")
SORT_KEYS = ("patient", "member_id", "date_of_service", "payer", "codes", "status")
STATUS_COLUMN = 5
STATUS_ICONS = {"errors": "error", "warnings": "warning", "clean": "ok"}
DISPLAY, DECORATION, TOOLTIP, USER = (int(r) for r in (Qt.DisplayRole, Qt.DecorationRole, Qt.ToolTipRole,
                                                       Qt.UserRole))   # ints: comparing Qt's enums is slow
ANSWERED = frozenset((DISPLAY, DECORATION, TOOLTIP, USER))


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def status_words(row: dict) -> str:
    """"2 errors", "1 warning", "Clean" or "Sent 03/13/2026"."""
    if row.get("sent_on"):
        return f"Sent {us_date(row['sent_on'])}"
    if row["status"] == "errors":
        return plural(row["errors"], "error")
    if row["status"] == "warnings":
        return plural(row["warnings"], "warning")
    return "Clean"


def status_tip(row: dict) -> str:
    """The status with the finding codes behind it, for the tooltip."""
    checked = {"errors": plural(row["errors"], "error"), "warnings": plural(row["warnings"], "warning")}
    said = checked.get(row["status"], "clean")
    sent = f"Sent on {us_date(row['sent_on'])}; when saved: " if row.get("sent_on") else "Checked: "
    findings = f" ({', '.join((row.get('findings') or '').split())})" if row.get("findings") else ""
    return sent + said + findings


class Listing(QObject):
    """What the history's query thread says back to the model (queued to the GUI thread)."""

    page = Signal(int, list)            # generation, the first page
    counts = Signal(int, int, int)      # generation, how many the filter lets through, how many saved
    unavailable = Signal(int)           # generation: the thread cannot open the database; list here


class ListQuery(QRunnable):
    """One filter or sort listed on the query thread: its first page, or (asked once that page is on
    screen, so the two never compete) how many it finds. Skipped when a newer list was asked for
    meanwhile, and stopped (interrupted) when one is asked for while it runs."""

    def __init__(self, model: "HistoryModel", generation: int, wanted: HistoryFilter, counting: bool = False):
        super().__init__()
        self.model, self.generation, self.wanted, self.counting = model, generation, wanted, counting

    def run(self) -> None:
        model = self.model
        try:
            if self.generation != model.generation:
                return
            reader = model.reader()
            if reader is None:
                model.listing.unavailable.emit(self.generation)
            elif self.counting:
                model.listing.counts.emit(self.generation, encounters.count_matching(reader, self.wanted),
                                          encounters.count_encounters(reader))
            else:
                page = encounters.list_encounters(reader, replace(self.wanted, limit=PAGE, offset=0))
                model.listing.page.emit(self.generation, page)
        except sql_errors("OperationalError") as error:   # interrupted: a newer list was asked for
            if "interrupt" not in str(error):
                raise
        except RuntimeError:          # the window closed meanwhile: nobody to tell
            pass


class HistoryModel(ListTableModel):
    """The rows `filter` lets through, in its order, a page at a time; `reload()` lists again at
    once, `relist()` on the query thread (at once when there is none: a database in memory)."""

    columns = COLUMNS
    listed = Signal()                 # a new list is on screen
    counted = Signal()                # `matching` and `total` are up to date

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.filter = HistoryFilter()
        self.rows: list[dict] = []
        self.matching = self.total = 0
        self._counted = False
        self.generation = 0            # each list asked for; an older answer is dropped
        self._shown_generation = 0
        self._rows_by_id: dict[int, int] | None = None
        self._file = encounters.database_file(db)
        self._reader = None
        self.pool = None
        if self._file is not None:
            self.pool = QThreadPool(self)
            self.pool.setMaxThreadCount(1)       # one query at a time, always on the same thread
            self.pool.setExpiryTimeout(-1)       # (the read-only connection belongs to that thread)
            self.listing = Listing(self)
            self.listing.page.connect(self._page_arrived)
            self.listing.counts.connect(self._show_counts)
            self.listing.unavailable.connect(lambda generation: generation == self.generation and self.reload())

    def reader(self):
        """The query thread's own connection (opened there, on first use)."""
        if self._reader is None:
            self._reader = encounters.open_reader(self._file) or False
        return self._reader or None

    # -- what is listed
    def set_filter(self, **changes) -> None:
        """Change the filter (text, date_from, date_to, status) and list again (on the query thread)."""
        self.filter = replace(self.filter, **changes)
        if self.generation:
            self.relist()

    def relist(self) -> None:
        if self.pool is None or self._reader is False:
            return self.reload()
        self.generation += 1
        if self._reader:
            self._reader.conn.interrupt()          # whatever it is still counting is out of date
        self.pool.start(ListQuery(self, self.generation, self.filter))

    def busy(self) -> bool:
        """A list asked for is not on screen yet."""
        return self._shown_generation != self.generation

    def counting(self) -> bool:
        """The list is on screen, how many it finds not yet."""
        return not self.busy() and not self._counted

    def reload(self, keep_listed: bool = False) -> None:
        """List again at once, here (the first page and the counts); `keep_listed`: as many rows as
        are listed now (the data changed, not the filter: the biller stays where they were)."""
        self.generation += 1
        rows = max(PAGE, -(-len(self.rows) // PAGE) * PAGE) if keep_listed else PAGE
        self._show_page(self.generation, encounters.list_encounters(self.db, replace(self.filter, limit=rows)))
        self._show_counts(self.generation, encounters.count_matching(self.db, self.filter),
                          encounters.count_encounters(self.db))

    def _page_arrived(self, generation: int, rows: list) -> None:
        """Show the page; count once it is painted (a zero timer runs after the paint events)."""
        self._show_page(generation, rows)
        QTimer.singleShot(0, self, lambda: self._count(generation))

    def _count(self, generation: int) -> None:
        if generation == self.generation:
            self.pool.start(ListQuery(self, generation, self.filter, counting=True))

    def _show_page(self, generation: int, rows: list) -> None:
        if generation != self.generation:
            return
        self.beginResetModel()
        self.rows, self._rows_by_id, self._counted = rows, None, False
        self.endResetModel()
        self._shown_generation = generation
        self.listed.emit()

    def _show_counts(self, generation: int, matching: int, total: int) -> None:
        if generation == self.generation:
            self.matching, self.total, self._counted = matching, total, True
            self.counted.emit()

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        if parent.isValid():
            return False
        if self._counted:
            return len(self.rows) < self.matching
        return bool(self.rows) and len(self.rows) % PAGE == 0      # a full page: there may be more

    def fetchMore(self, parent=QModelIndex(), rows: int = PAGE) -> None:
        """The next page, below the rows listed (the view asks when the biller scrolls near the end);
        `rows=-1`: every row not listed yet."""
        if parent.isValid():
            return
        more = encounters.list_encounters(self.db, replace(self.filter, limit=rows, offset=len(self.rows)))
        if not more:
            self.matching, self._counted = len(self.rows), True
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows = self.rows + more
        self._rows_by_id = None
        self.endInsertRows()

    def fetch_all(self) -> None:
        """Every row the filter lets through (the biller selected all of them)."""
        if self.canFetchMore():
            self.fetchMore(rows=-1)

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        """The view's header was clicked: list again in that column's order (once: Qt may ask twice)."""
        wanted = replace(self.filter, sort=SORT_KEYS[column], descending=order == Qt.DescendingOrder)
        if wanted != self.filter:
            self.filter = wanted
            if self.generation:          # (before the first list, the order is only remembered)
                self.relist()

    # -- rows and ids
    def encounter_id(self, row: int) -> int:
        return self.rows[row]["id"]

    def row_of(self, encounter_id: int) -> int | None:
        if self._rows_by_id is None:
            self._rows_by_id = {r["id"]: number for number, r in enumerate(self.rows)}
        return self._rows_by_id.get(encounter_id)

    def describe(self, row: int) -> str:
        """"Byron, Ada 03/10/2026": how the biller tells one encounter from another."""
        found = self.rows[row]
        return f"{found['patient'] or 'No name'} {us_date(found['date_of_service'])}"

    # -- the model
    def shown_rows(self) -> list:
        return self.rows

    def data(self, index, role=DISPLAY):
        """Asked about a thousand times a paint: roles not answered are turned away first."""
        if role not in ANSWERED or not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == DISPLAY:
            return self._cell(row, column)
        if role == USER:
            return row["id"]
        if role == DECORATION:
            return icon(STATUS_ICONS.get(row["status"], "info")) if column == STATUS_COLUMN else None
        return status_tip(row) if column == STATUS_COLUMN else self._cell(row, column)

    @staticmethod
    def _cell(row: dict, column: int) -> str:
        if column == 2:
            return us_date(row["date_of_service"])
        if column == STATUS_COLUMN:
            return status_words(row)
        if SORT_KEYS[column] == "payer":
            return row.get("payer_name") or row["payer"] or ""
        return row[SORT_KEYS[column]] or ""
