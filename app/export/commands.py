"""The export commands of `injectclaim` (spec/cli.md): `summary`, `cms1500` and `export-837`.

`register` adds them to the command line's subparsers; `run` carries one out and returns the
exit status: 0 done, 1 refused because of error findings (837P without --force), 2 unusable
input or missing data. Problems go to standard error as plain sentences naming the file and
the field, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from app.core.encounter import EncounterInvalid

EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE = 0, 1, 2
COMMANDS = ("summary", "cms1500", "export-837")


class Unusable(Exception):
    """An encounter file that cannot be used; the problems are already said."""


def register(subparsers, add_db) -> None:
    p = subparsers.add_parser("summary", help="the claim summary with findings as a PDF")
    p.add_argument("files", nargs="+", metavar="FILE", help="encounter file(s); one page each")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    _add_overwrite(p)
    add_db(p)
    p = subparsers.add_parser("cms1500", help="the claim printed on a CMS-1500 (02/12) form as a PDF")
    p.add_argument("files", nargs="+", metavar="FILE", help="encounter file(s); six lines a form")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    _add_overwrite(p)
    p.add_argument("--mode", choices=["blank", "preprinted"],
                   help="draw the form on blank paper, or print only the data for the red form "
                        "(default: the cms1500.mode setting)")
    add_db(p)
    p = subparsers.add_parser("export-837", help="an 837P (005010X222A1) file for the encounters; "
                                                 "refuses encounters with error findings unless --force")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="OUT")
    _add_overwrite(p)
    p.add_argument("--force", action="store_true", help="export encounters that have error findings too")
    add_db(p)


def _add_overwrite(parser) -> None:
    parser.add_argument("--overwrite", action="store_true", help="replace the output file if it exists")


def refuse_unsafe_target(args: argparse.Namespace, inputs) -> None:
    """UnsafeOutput when `args.output` is the database, in its backups, one of `inputs`, read-only,
    or an existing file without --overwrite (spec/cli.md, output files)."""
    from app.files import refuse_unsafe_output
    from app.store.db import resolve_db_path

    database = resolve_db_path(getattr(args, "db", None))
    # the whole backups folder beside the database: this database's backups and its neighbours'
    refuse_unsafe_output(args.output, database=database, backups=database.parent / "backups", inputs=inputs,
                         overwrite=getattr(args, "overwrite", False))


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _check_all(checker, paths: list[str]) -> list:
    from app.files import read_document

    checked, unusable = [], False
    for path in paths:
        try:
            checked.append(checker.check(read_document(path)))
        except EncounterInvalid as invalid:
            count = len(invalid.problems)
            _say(f"{path}: cannot be used ({count} problem{'s' if count != 1 else ''}):")
            for problem in invalid.problems:
                _say(f"  {problem}")
            unusable = True
    if unusable:
        raise Unusable()
    return checked


def _summary(db, args, checked_list) -> None:
    from app.export.summary_pdf import write_summary_pdf
    from app.store.settings import all_settings

    write_summary_pdf(checked_list, all_settings(db), args.output)       # titled by patient and date


def _cms1500(db, args, checked_list) -> None:
    from app.export.cms1500 import write_cms1500_pdf
    from app.store.payers import load_payer
    from app.store.settings import all_settings

    kinds = {c.result.payer_id: load_payer(db, c.result.payer_id, codes=set()).kind for c in checked_list}
    write_cms1500_pdf(checked_list, all_settings(db), args.output, kinds, args.mode)


def _say_refused(refused) -> None:
    for label, errors in refused:
        codes = ", ".join(f"{f.code}" + (f" (line {f.line})" if f.line else "") for f in errors)
        _say(f"{label}: refused: {len(errors)} error finding{'s' if len(errors) != 1 else ''}: {codes}")
    _say("Nothing was written. Fix the errors, or export anyway with --force.")


def _export_837(db, args, checked_list) -> int:
    from app.export.x837 import ExportRefused, MissingClaimData, write_837

    try:
        result = write_837(db, checked_list, args.output, force=args.force, labels=list(args.files))
    except ExportRefused as refused:
        _say_refused(refused.refusals)
        return EXIT_REFUSED
    except MissingClaimData as missing:
        for label, what in missing.missing:
            _say(f"{label or 'settings'}: cannot export the 837P: missing {what}")
        _say("Nothing was written.")
        return EXIT_UNUSABLE
    for warning in result.warnings:
        _say(f"warning: {warning}")
    _say(f"wrote {args.output} ({result.claims} claim{'s' if result.claims != 1 else ''}, "
         f"interchange {result.interchange_number:09d})")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Carry out one export command; the exit status."""
    from app.check import Checker
    from app.cli import open_db        # (at call time: app.cli imports this module)

    from app.files import UnsafeOutput

    try:
        refuse_unsafe_target(args, inputs=args.files)
    except UnsafeOutput as refused:
        _say(str(refused))
        return EXIT_UNUSABLE
    db = open_db(args)
    try:
        checked_list = _check_all(Checker(db), args.files)
        if args.command == "export-837":
            return _note_export(db, args, _export_837(db, args, checked_list))
        (_summary if args.command == "summary" else _cms1500)(db, args, checked_list)
        _note_export(db, args, EXIT_OK)
    except Unusable:
        return EXIT_UNUSABLE
    except OSError as error:
        _say(f"{args.output}: cannot be written: {error.strerror or error}. Nothing was written.")
        return EXIT_UNUSABLE
    if args.command != "export-837":
        _say(f"wrote {args.output}")
    return EXIT_OK


def _note_export(db, args, status: int) -> int:
    """The activity log's line for a file written (Help ▸ Activity)."""
    if status == EXIT_OK:
        from app.store import activity

        activity.note(db, "export", f"Wrote the {args.command} file {args.output} from {', '.join(args.files)}")
    return status
