"""`readertui agree PATHS...`: how far coders who coded the same articles agree.

Prints a table of figures per variable, then where the coders disagree (the first few, or all
with `--all`), or everything as JSON with `--json`. With `--gold NAME`, NAME's codes are the
gold standard: left out of the figures, and each other coder's accuracy against them is
reported (by default the adjudicator the study file names). Sidecars that cannot be read are
warned about on stderr and left out; fewer than two coders (one besides the gold standard) is
an error (exit 1): there is nothing to compare.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from readertui.cli.args import Parser
from readertui.study.agreement import Disagreement, Report, Result, agreement
from readertui.study.codes import load_study
from readertui.study.coefficients import Figure
from readertui.study.settings import find_study
from readertui.textsafe import json_safe, one_line, printable

#: Disagreements listed without --all.
SHOWN = 20
NAME_WIDTH = 32
TEXT_WIDTH = 72
COLUMNS = ("units", "agree %", "Cohen kappa", "Fleiss kappa")
ALPHA = "Krippendorff's alpha"
GOLD_COLUMNS = ("units", "accuracy %")


def _parser() -> Parser:
    parser = Parser(
        prog="readertui agree",
        description=(
            "Agreement between coders who coded the same articles: percent agreement, "
            "Cohen's kappa, Fleiss' kappa and Krippendorff's alpha per variable, and the "
            "items they coded differently."
        ),
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="articles, their sidecars, or folders of them"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--all", action="store_true", help=f"list every disagreement (default: the first {SHOWN})"
    )
    parser.add_argument(
        "--gold",
        metavar="NAME",
        help="coder NAME's codes are the gold standard: each other coder's accuracy against "
        "them, and NAME left out of the agreement figures (default: the adjudicator the "
        "study file names, when they have codes)",
    )
    return parser


def main(argv: list[str], out: TextIO) -> int:
    """Run `readertui agree`; 0 when figures were printed, 1 when there is nothing to compare."""
    options = _parser().parse_args(argv)
    study = load_study(options.paths)
    for problem in study.problems:
        _warn(f"warning: {problem}")
    gold = options.gold
    if gold is None:  # the study's adjudicator, never counted as a coder of it
        settings = find_study(Path(options.paths[0]))
        if settings is not None and settings.gold in study.coders:
            gold = settings.gold
    if gold is not None and gold not in study.coders:
        _warn(f"no sidecar of coder {gold!r} was found in these files: no gold standard")
        return 1
    report = agreement(study, gold)
    for note in report.notes:
        _warn(f"warning: {note}")
    if len(report.coders) < (1 if gold else 2):
        _warn(_too_few(report))
        return 1
    if options.json:
        data = {**report.to_json(), "problems": study.problems}
        print(json_safe(json.dumps(data, ensure_ascii=True, indent=2)), file=out)
        return 0
    limit = None if options.all else SHOWN
    _print_figures(report, out, limit)
    _print_gold(report, out)
    if len(report.coders) >= 2:
        _print_disagreements(report, out, limit)
    return 0


def _warn(message: str) -> None:
    print(f"readertui agree: {_flat(message)}", file=sys.stderr)


def _flat(text: str) -> str:
    """Text from the files, on one line and unable to control the terminal."""
    return " ".join(printable(text).split())


def _too_few(report: Report) -> str:
    if report.gold is not None:
        return (
            f"only the gold standard ({report.gold}) has codes in these files: no coder to measure"
        )
    if not report.coders:
        return "no coded articles found (no sidecar beside the articles named): nothing to compare"
    return (
        f"only one coder ({report.coders[0]}) has codes in these files; "
        "agreement needs two coders or more"
    )


def _print_unitizing(report: Report, out: TextIO, limit: int | None) -> None:
    """First the units: items some coders added or rejected and others did not."""
    found = report.unitizing
    counts = {
        change: sum(1 for u in found if u.change == change) for change in ("added", "rejected")
    }
    print(
        f"Units: {counts['added']} item(s) added and {counts['rejected']} rejected by some "
        f"coders and not others (left out of the figures); codes compared on "
        f"{report.shared_units} unit(s) coded by two coders or more.",
        file=out,
    )
    for u in found if limit is None else found[:limit]:
        by, others = ", ".join(map(_flat, u.by)), ", ".join(map(_flat, u.not_by))
        line = (
            f"  {_flat(u.unit.article)}  {_flat(u.unit.item)}: {u.change} by {by}, not by {others}"
        )
        print(line + ("\n      " + one_line(u.text, TEXT_WIDTH) if u.text else ""), file=out)
    if limit is not None and len(found) > limit:
        print(f"  (the first {limit}; --all lists every one)", file=out)


def _print_figures(report: Report, out: TextIO, limit: int | None = None) -> None:
    coders = ", ".join(_flat(c) for c in report.coders)
    gold = f"; gold standard {_flat(report.gold)}, left out" if report.gold is not None else ""
    print(
        f"{len(report.coders)} coder{'' if len(report.coders) == 1 else 's'} ({coders}{gold}): "
        f"{report.articles} article{'' if report.articles == 1 else 's'} coded, "
        f"{report.shared} by two coders or more",
        file=out,
    )
    if len(report.coders) < 2:
        print("No agreement between coders: one coder besides the gold standard.", file=out)
        return
    _print_unitizing(report, out, limit)
    if not report.results:
        print("No codes to compare.", file=out)
        return
    reasons: list[str] = []
    width = min(NAME_WIDTH, max(len("variable"), *(len(r.name) for r in report.results)))
    print(_row("variable", [*COLUMNS, ALPHA], width), file=out)
    for result in report.results:
        print(_row(result.name, _cells(result, reasons), width), file=out)
    print("(units: items coded by two coders or more)", file=out)
    for n, reason in enumerate(reasons, start=1):
        print(f"  [{n}] {_flat(reason)}", file=out)
    for line in [*_compared_notes(report.results), *_fleiss_notes(report.results)]:
        print(line, file=out)


def _row(name: str, cells: Sequence[str], width: int) -> str:
    """The name, the figures right-aligned under their headers, then alpha and its metric."""
    *figures, alpha = cells
    parts = [cell.rjust(len(c)) for cell, c in zip(figures, COLUMNS, strict=True)]
    return "  ".join([one_line(name, width).ljust(width), *parts, alpha])


def _cells(result: Result, reasons: list[str]) -> list[str]:
    """A result's cells; an undefined figure shows `n/a [k]`, k numbering its reason."""
    return [
        str(result.percent.units),
        _cell(result.percent, reasons, "{:.1f}"),
        _cell(result.cohen, reasons, "{:.3f}"),
        _cell(result.fleiss, reasons, "{:.3f}"),
        f"{_cell(result.alpha, reasons, '{:.3f}')} ({result.metric})",
    ]


def _cell(figure: Figure, reasons: list[str], form: str) -> str:
    if figure.value is not None:
        return form.format(figure.value)
    if figure.reason not in reasons:
        reasons.append(figure.reason)
    return f"n/a [{reasons.index(figure.reason) + 1}]"


def _compared_notes(results: Sequence[Result]) -> list[str]:
    """Say how a variable other than a plain nominal one was compared."""
    return [
        f"  {one_line(r.name, NAME_WIDTH)}: compared {r.compared}"
        for r in results
        if r.value is None and (r.type != "nominal" or r.level is not None)
    ]


def _print_gold(report: Report, out: TextIO) -> None:
    """Each coder against the gold standard, variable by variable."""
    if report.gold is None:
        return
    print(
        f"\nAgainst the gold standard ({_flat(report.gold)}): accuracy, the share of the items "
        "both coded on which the coder gave its codes (several values: the very same set)",
        file=out,
    )
    if not report.accuracy:
        print("No item coded by a coder and the gold standard.", file=out)
        return
    found = report.accuracy
    coder_width = min(NAME_WIDTH, max(len("coder"), *(len(a.coder) for a in found)))
    width = min(NAME_WIDTH, max(len("variable"), *(len(a.name) for a in found)))
    header = ["coder".ljust(coder_width), "variable".ljust(width), *GOLD_COLUMNS]
    print("  ".join(header), file=out)
    for a in found:
        cells = [str(a.units), "n/a" if a.value is None else f"{100 * a.value:.1f}"]
        print(
            "  ".join(
                [
                    one_line(a.coder, coder_width).ljust(coder_width),
                    one_line(a.name, width).ljust(width),
                    *(c.rjust(len(h)) for c, h in zip(cells, GOLD_COLUMNS, strict=True)),
                ]
            ),
            file=out,
        )


def _fleiss_notes(results: Sequence[Result]) -> list[str]:
    """Say when Fleiss' kappa rests on fewer items than the other figures, and why."""
    lines = []
    for r in results:
        if r.fleiss.value is not None and r.fleiss.units < r.percent.units:
            lines.append(
                f"  {one_line(r.name, NAME_WIDTH)}: Fleiss' kappa uses the {r.fleiss.units} of "
                f"{r.percent.units} items coded by all {len(r.coders)} coders"
            )
    return lines


def _print_disagreements(report: Report, out: TextIO, limit: int | None) -> None:
    found = report.disagreements
    if not found:
        print("\nNo disagreements.", file=out)
        return
    shown = found if limit is None else found[:limit]
    more = f" (the first {len(shown)}; --all lists every one)" if len(shown) < len(found) else ""
    counted = f"{len(found)} disagreement{'' if len(found) == 1 else 's'}"
    print(f"\n{counted}{more} ('-': did not code it):", file=out)
    for disagreement in shown:
        print(_disagreement(disagreement), file=out)


def _disagreement(d: Disagreement) -> str:
    codes = "  ".join(f"{_flat(coder)}={_flat(_said(values))}" for coder, values in d.codes)
    where = f"{_flat(d.unit.article)}  {_flat(d.unit.item)}"
    line = f"  {where}  {_flat(d.variable)}: {codes}"
    if d.text:
        line += "\n      " + one_line(d.text, TEXT_WIDTH)
    return line


def _said(values: tuple[str, ...] | None) -> str:
    return "-" if values is None else "+".join(values)
