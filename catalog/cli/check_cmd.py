"""``catalog check``: run the transfer compliance engine and gate on the most severe finding."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from catalog.app import review
from catalog.app.language import Lang, reading_language, translator
from catalog.app.review import (
    CheckOptions,
    CheckReport,
    Severity,
    finding_json,
    finding_message,
    rule_title,
    severity_label,
    status_label,
    transfer_count_values,
    transfer_counts,
)
from catalog.cli.common import (
    FormatOption,
    LangOption,
    OutputFormat,
    RegisterAsOfOption,
    StoreOption,
    echo_json,
    opened_store,
    parse_as_of,
)
from catalog.cli.progress import QuietOption, terminal_progress

EXIT_FINDINGS = 3
"""Exit code when a finding is at or above ``--fail-on``, so a scheduled job can gate on it."""


def check(
    store: StoreOption = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Evaluate the law as it stood on this date (YYYY-MM-DD). Default: today."),
    ] = None,
    output: FormatOption = OutputFormat.TEXT,
    fail_on: Annotated[
        Severity,
        typer.Option("--fail-on", help="Exit with code 3 when a finding is at least this severe."),
    ] = Severity.CRITICAL,
    tia_max_age_days: Annotated[
        int | None,
        typer.Option(
            "--tia-max-age-days",
            min=0,
            help="Report transfer impact assessments older than this many days. "
            "Default: the organisation's review policy (12 months, 365 days, when not set).",
            show_default=False,
        ),
    ] = None,
    register_as_of: RegisterAsOfOption = None,
    quiet: QuietOption = False,
    lang: LangOption = None,
) -> None:
    """Find every flow of personal data that leaves the EEA without a valid safeguard, and other gaps.

    Exit codes: 0 no finding at or above --fail-on, 3 otherwise, 2 bad input.

    Example: catalog check --as-of 2020-08-01 --format json --fail-on high
    """
    day = parse_as_of(as_of)
    with opened_store(store) as opened:
        options = CheckOptions(tia_max_age_days=tia_max_age_days)
        with terminal_progress("Checking", quiet) as progress:
            report = review.check(opened, day, options, register_as_of=register_as_of, progress=progress)
        language = reading_language(opened, lang)
    if output == OutputFormat.JSON:
        echo_json(report_json(report, language))
    else:
        typer.echo(report_text(report, language))
    if any(finding.severity.at_least(fail_on) for finding in report.findings):
        raise typer.Exit(EXIT_FINDINGS)


def report_json(report: CheckReport, lang: Lang = Lang.EN) -> dict[str, Any]:
    """The documented JSON shape: as_of, findings (each with its title and hint, worded in ``lang``),
    summary, transfers (hops per status)."""
    return {
        "as_of": report.as_of.isoformat(),
        "findings": [finding_json(finding, lang) for finding in report.findings],
        "summary": report.summary(),
        "transfers": transfer_count_values(report.transfers),
    }


def report_text(report: CheckReport, lang: Lang = Lang.EN) -> str:
    """Findings grouped by severity, most severe first, each with its evidence path."""
    _ = translator(lang)
    lines = [
        _("Compliance check as of {day}: {count} third-country hops").format(
            day=report.as_of, count=len(report.transfers)
        )
    ]
    counts = transfer_counts(report.transfers)
    lines.append(
        # Semicolons: one status label ("Valid, details missing") holds a comma itself.
        _("Transfers: {counts}").format(
            counts="; ".join(f"{status_label(status, lang)}: {count}" for status, count in counts.items())
        )
    )
    for severity in Severity:
        group = [f for f in report.findings if f.severity == severity]
        if not group:
            continue
        lines.append("")
        lines.append(f"{severity_label(severity, lang).upper()} ({len(group)})")
        for finding in group:
            where = f" [{finding.country}]" if finding.country else ""
            if finding.transfer_status is not None:
                where += " " + _("(transfer {status})").format(
                    status=status_label(finding.transfer_status, lang).lower()
                )
            lines.append(f"- {finding.rule} {finding.subject}{where} ({finding.article})")
            if lang != Lang.EN:  # the English message names the problem itself; others get the title too
                lines.append(f"  {rule_title(finding.rule, lang)}")
            lines.append(f"  {finding_message(finding, lang)}")
            if finding.path:
                lines.append("  " + _("path: {path}").format(path=" -> ".join(finding.path)))
    summary = ", ".join(
        f"{count} {severity_label(Severity(severity), lang)}" for severity, count in report.summary().items()
    )
    lines.append("")
    lines.append(_("Summary: {summary}").format(summary=summary))
    return "\n".join(lines)
