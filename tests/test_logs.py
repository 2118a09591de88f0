"""The app's log (app/logs.py): a rotating file in the per-user log folder, private to the biller;
and the command line's last guard: one plain line on stderr naming the log, the traceback in it."""

from __future__ import annotations

import logging
import stat
import sys

import pytest

from app import cli, logs


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_log_folder_is_the_per_user_one_unless_the_variable_names_another(monkeypatch, tmp_path):
    from platformdirs import user_log_dir

    monkeypatch.delenv(logs.LOG_DIR_ENV, raising=False)
    assert str(logs.log_folder()) == user_log_dir("InjectClaim", appauthor=False)
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "elsewhere"))
    assert logs.log_folder() == tmp_path / "elsewhere"


def test_records_go_to_the_file(tmp_path):
    path = logs.setup_logging(tmp_path / "logs")
    logging.getLogger("app.store.db").warning("the database was locked for 5 s")
    assert path == tmp_path / "logs" / "injectclaim.log"
    assert logs.active_log() == path
    assert "WARNING app.store.db: the database was locked for 5 s" in path.read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_folder_and_every_file_are_the_billers_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 300)
    path = logs.setup_logging(tmp_path / "new" / "logs")
    for number in range(20):
        logging.getLogger("app").info("line %d of a log that rotates at 300 bytes", number)
    assert _mode(path.parent) == 0o700
    older = sorted(path.parent.glob("injectclaim.log.*"))
    assert [p.name for p in older] == [f"injectclaim.log.{n}" for n in range(1, logs.OLDER_COPIES + 1)]
    assert {_mode(p) for p in [path, *older]} == {0o600}


def test_setting_up_twice_keeps_one_file_and_another_folder_moves_it(tmp_path):
    first = logs.setup_logging(tmp_path / "a")
    assert logs.setup_logging(tmp_path / "a") == first
    second = logs.setup_logging(tmp_path / "b")
    logging.getLogger("app").info("after the move")
    ours = [h for h in logging.getLogger("app").handlers if isinstance(h, logging.FileHandler)]
    assert len(ours) == 1
    assert "after the move" in second.read_text(encoding="utf-8")
    assert "after the move" not in first.read_text(encoding="utf-8")


def test_a_folder_that_cannot_be_made_leaves_the_app_without_a_log(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert logs.setup_logging(blocker / "logs") is None
    assert logs.active_log() is None


def test_an_unexpected_error_is_one_line_on_stderr_and_a_traceback_in_the_log(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "logs"))

    def list_payers_that_breaks(args):
        raise RuntimeError("the payers table has no name column")

    monkeypatch.setattr(cli, "_payers", list_payers_that_breaks)
    assert cli.main(["payers", "--db", str(tmp_path / "t.db")]) == cli.EXIT_UNUSABLE
    out, err = capsys.readouterr()
    log_file = tmp_path / "logs" / "injectclaim.log"
    assert out == ""
    assert err == (f"injectclaim: RuntimeError: the payers table has no name column (details in {log_file})\n")
    logged = log_file.read_text(encoding="utf-8")
    assert "injectclaim payers failed" in logged
    assert "Traceback (most recent call last)" in logged and "list_payers_that_breaks" in logged


def test_the_plain_messages_stay_on_stderr_and_reach_the_log_too(monkeypatch, tmp_path, capsys, db_file):
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "logs"))
    missing = tmp_path / "nowhere.json"
    assert cli.main(["check", str(missing), "--db", str(db_file)]) == cli.EXIT_UNUSABLE
    err = capsys.readouterr().err
    assert "nowhere.json" in err and "Traceback" not in err
    logged = (tmp_path / "logs" / "injectclaim.log").read_text(encoding="utf-8")
    assert "injectclaim check" in logged and "nowhere.json" in logged and "Traceback" not in logged
