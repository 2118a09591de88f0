"""The `injectclaim` command line (spec/cli.md): parse arguments, call the check or the store,
print. Errors are plain sentences naming the file and JSON path, never a traceback."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from app.export import commands as export_commands
from app.logs import setup_logging

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2
log = logging.getLogger(__name__)


def _add_db(parser: argparse.ArgumentParser, top: bool = False) -> None:
    # SUPPRESS on the commands, so `injectclaim --db X check ...` and `injectclaim check ... --db X` both work
    parser.add_argument("--db", metavar="PATH", default=None if top else argparse.SUPPRESS,
                        help="database file (default: $INJECTCLAIM_DB, else the per-user app data folder)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="injectclaim", description="Build and check office-injection claims "
                                     "(CPT 96372 and the drug line) before they go out. With no command, opens the app.")
    _add_db(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("open", help="open the app with an encounter file in the wizard")
    p.add_argument("file")
    p.add_argument("--page", choices=["patient", "visit", "diagnoses", "injections", "documentation", "review",
                                      "history"], help="the wizard page to show, or history: the saved encounters")
    p.add_argument("--screenshot", metavar="OUT.png", help="render the page to a PNG and exit")
    _add_db(p)
    p = sub.add_parser("check", help="check encounter files against the payer rules and the saved history")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print injection-claim-check/1 JSON")
    _add_db(p)
    p = sub.add_parser("save", help="check encounter files and save them to the history")
    p.add_argument("files", nargs="+", metavar="FILE")
    _add_db(p)
    p = sub.add_parser("payers", help="list the payers in the database")
    p.add_argument("--json", action="store_true")
    _add_db(p)
    rules = sub.add_parser("rules", help="export or import a payer's rule pack")
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    p = rules_sub.add_parser("export", help="write a payer's rule pack (payer-rule-pack/1)")
    p.add_argument("payer")
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--overwrite", action="store_true", help="replace FILE if it exists")
    _add_db(p)
    p = rules_sub.add_parser("import", help="import or replace a payer from a rule pack")
    p.add_argument("file")
    _add_db(p)
    p = sub.add_parser("settings", help="show the practice settings, or set them: KEY=VALUE ...")
    p.add_argument("assignments", nargs="*", metavar="KEY=VALUE")
    _add_db(p)
    export_commands.register(sub, _add_db)
    p = sub.add_parser("protect", help="encrypt the database, its backups and the draft with a passphrase "
                                       "($INJECTCLAIM_KEY, else asked)")
    p.add_argument("--keep-plain-backup", action="store_true",
                   help="keep one plain (unprotected) backup of the database as it is now")
    p.add_argument("--remember", action="store_true", help="keep the passphrase in this computer's keychain")
    _add_db(p)
    return parser


def _say(message: str) -> None:
    print(message, file=sys.stderr)
    log.info("said: %s", message)


_opened: list = []      # the databases this command opened: closed when it ends, so SQLite folds its -wal in


def open_db(args):
    """The database the command names (--db, $INJECTCLAIM_DB, else the usual one), closed when it ends."""
    from app.store.db import connect

    db = connect(getattr(args, "db", None))
    _opened.append(db)
    return db


def _close_opened() -> None:
    while _opened:
        _opened.pop().conn.close()


def _report_unusable(path: str, problems) -> None:
    _say(f"{path}: cannot be used ({len(problems)} problem{'s' if len(problems) != 1 else ''}):")
    for problem in problems:
        _say(f"  {problem}")


def _one_file(checker, path: str, save: bool):
    """Check (and save) one file: its Checked result, or None after saying why it could not be."""
    from app.core.encounter import EncounterInvalid
    from app.files import read_document
    from app.store.db import DatabaseUnusable

    try:
        document = read_document(path)
        if not save:
            return checker.check(document)
        saved_id, checked = checker.save(document)
        print(f"{path}: saved as encounter #{saved_id} ({checked.result.count('error')} error(s))", flush=True)
        return checked
    except EncounterInvalid as invalid:
        _report_unusable(path, invalid.problems)
    except DatabaseUnusable as refused:
        _say(f"{path}: not {'saved' if save else 'checked'}: {refused}")
    return None


def _check_files(args, save: bool) -> int:
    """Each file gets its own result or message, in order; one bad file never stops the others.
    The exit status is the worst: 2 (a file unusable) over 1 (error findings) over 0."""
    from app.check import Checker
    from app.core.summary_text import full_text

    checker = Checker(open_db(args))
    status, documents = EXIT_OK, []
    for path in args.files:
        checked = _one_file(checker, path, save)
        if checked is None:
            status = EXIT_UNUSABLE
            continue
        if checked.result.has_errors:
            status = max(status, EXIT_ERRORS)
        if save:
            continue
        if getattr(args, "json", False):
            documents.append(checked.result.to_json())
        else:
            print(("\n" if documents else "") + full_text(checked.result, f"== {path}"), flush=True)
            documents.append(path)
    if getattr(args, "json", False) and documents:
        print(json.dumps(documents[0] if len(args.files) == 1 else documents, indent=2))
    return status


def _payers(args) -> int:
    from app.store.payers import list_payers

    payers = list_payers(open_db(args))
    if args.json:
        print(json.dumps(payers, indent=2))
    else:
        for p in payers:
            print(f"{p['id']:<16} {p['name']:<32} {p['kind']:<11} {p['rules']:>6} rules  ({p['origin']})")
    return EXIT_OK


def _rules(args) -> int:
    from app.core.payer import RulePackInvalid
    from app.core.validate import JsonUnusable, load_json
    from app.store.payers import import_pack

    db = open_db(args)
    if args.rules_command == "export":
        return _export_rules(db, args)
    try:
        document = load_json(Path(args.file).read_text(encoding="utf-8-sig"))
        payer = import_pack(db, document)
    except (OSError, UnicodeDecodeError) as error:
        _say(f"{args.file}: cannot be read: {getattr(error, 'strerror', None) or error}")
        return EXIT_UNUSABLE
    except JsonUnusable as unusable:
        _report_unusable(args.file, unusable.problems)
        _say("Nothing was changed.")
        return EXIT_UNUSABLE
    except RulePackInvalid as invalid:
        _report_unusable(args.file, invalid.problems)
        _say("Nothing was changed.")
        return EXIT_UNUSABLE
    print(f"{args.file}: imported payer {payer.id} ({payer.name}) with {len(payer.rules)} rules")
    return EXIT_OK


def _export_rules(db, args) -> int:
    from app.files import UnsafeOutput, replace_file
    from app.store.payers import UnknownPayer, export_pack

    try:
        text = json.dumps(export_pack(db, args.payer), indent=2)
    except UnknownPayer:
        _say(f"unknown payer {args.payer!r}; `injectclaim payers` lists them")
        return EXIT_UNUSABLE
    if not args.output:
        print(text)
        return EXIT_OK
    try:
        export_commands.refuse_unsafe_target(args, inputs=())
        replace_file(args.output, text + "\n")
    except UnsafeOutput as refused:
        _say(str(refused))
        return EXIT_UNUSABLE
    except OSError as error:
        _say(f"{args.output}: cannot be written: {error.strerror or error}. Nothing was written.")
        return EXIT_UNUSABLE
    _say(f"wrote {args.output}")
    return EXIT_OK


def _settings(args) -> int:
    from app.store.settings import SETTINGS, all_settings, set_settings, value_problems

    db = open_db(args)
    known = {s.key for s in SETTINGS}
    pairs = [a.partition("=") for a in args.assignments]
    bad = [key for key, eq, _ in pairs if not eq or key not in known]
    if bad:
        _say(f"unknown setting or missing '=': {', '.join(bad)}; known settings: {', '.join(sorted(known))}")
        return EXIT_UNUSABLE
    if pairs:
        from app.core.practice import practice_problems

        values = {key: value.strip() for key, _, value in pairs}
        problems = {**practice_problems(values), **value_problems(values)}
        if problems:
            for key, problem in problems.items():
                _say(f"{key}: {problem}")
            _say("Nothing was changed.")
            return EXIT_UNUSABLE
        set_settings(db, values)
    values = all_settings(db)
    for setting in SETTINGS:
        print(f"{setting.key:<40} {values[setting.key]!s:<30} {setting.label}")
    return EXIT_OK


def _ask_passphrase(new: bool) -> str | None:
    """The passphrase typed at the terminal (twice when new); None after saying why there is none."""
    import getpass

    if not sys.stdin.isatty():
        _say("No passphrase: set INJECTCLAIM_KEY to it (no terminal to ask on). Nothing was changed.")
        return None
    passphrase = getpass.getpass("Passphrase: ")
    if new and getpass.getpass("The same passphrase again: ") != passphrase:
        _say("The two passphrases differ. Nothing was changed.")
        return None
    return passphrase


def _protect(args) -> int:
    """`injectclaim protect`: the passphrase from INJECTCLAIM_KEY, the keychain (a protected database)
    or the terminal; the database is checked (connect) before anything is changed."""
    from app.store import activity, crypto
    from app.store.db import connect, resolve_db_path
    from app.store.protection import protect

    path = resolve_db_path(args.db)
    already = crypto.is_encrypted(path)
    passphrase = (os.environ.get(crypto.KEY_ENV) or (already and crypto.remembered(path))
                  or _ask_passphrase(new=not already))
    if not passphrase:
        return EXIT_UNUSABLE
    if already and not crypto.opens(path, passphrase):
        raise crypto.WrongPassphrase(path)
    crypto.unlock(passphrase)
    connect(path).conn.close()                 # a missing database is made; a damaged or newer one refused
    done = protect(path, passphrase, keep_plain_backup=args.keep_plain_backup)
    activity.note(connect(path), "protect", " ".join(done.words(path)))
    for line in done.words(path):
        print(line)
    if args.remember:
        _say(crypto.remember(path, passphrase) or "The passphrase is kept in this computer's keychain.")
    return EXIT_OK


def _gui(args) -> int:
    from app.ui import run_app

    return run_app(db_path=args.db, file=getattr(args, "file", None), page=getattr(args, "page", None),
                   screenshot=getattr(args, "screenshot", None))


def app_main() -> int:
    """`injectclaim-app [FILE]`: the window alone (a gui-script: on Windows no console window opens
    behind it); a file given is opened in the wizard."""
    argv = sys.argv[1:]
    return main(["open", *argv] if argv and not argv[0].startswith("-") else argv)


def main(argv: list[str] | None = None) -> int:
    from app.store.db import DatabaseUnusable, sql_errors

    args = build_parser().parse_args(argv)
    log_file = setup_logging()
    log.info("injectclaim %s", args.command or "(the app)")
    try:
        if args.command in ("check", "save"):
            return _check_files(args, save=args.command == "save")
        if args.command == "payers":
            return _payers(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "settings":
            return _settings(args)
        if args.command in export_commands.COMMANDS:
            return export_commands.run(args)
        if args.command == "protect":
            return _protect(args)
        return _gui(args)
    except DatabaseUnusable as refused:   # damaged, from a newer version, or read-only for a write
        _say(str(refused))
        return EXIT_UNUSABLE
    except sql_errors("OperationalError") as error:   # the disk under the database: full, failing, gone
        log.exception("injectclaim %s failed", args.command)
        _say(f"The database could not be read or written ({error}): is the disk full, or the drive gone? "
             "Nothing more was changed. Help ▸ Check database tests it.")
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader (e.g. `| head`) stopped reading: not an error of ours
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # the last guard: a plain sentence here, the traceback in the log
        log.exception("injectclaim %s failed", args.command)
        where = f"details in {log_file}" if log_file else "no log file could be written"
        _say(f"injectclaim: {type(error).__name__}: {error} ({where})")
        return EXIT_UNUSABLE
    finally:
        _close_opened()
