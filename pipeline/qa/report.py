"""QA issues as a table for the terminal, or as JSON."""

from __future__ import annotations

import json
from collections import Counter

from pipeline.core.model import Issue

COLUMNS = ("segment", "severity", "check", "message")


def summary(found: dict[str, list[Issue]]) -> dict:
    issues = [issue for listed in found.values() for issue in listed]
    return {
        "errors": sum(i.severity == "error" for i in issues),
        "warnings": sum(i.severity == "warning" for i in issues),
        "info": sum(i.severity == "info" for i in issues),
        "by_check": dict(sorted(Counter(i.check for i in issues).items())),
    }


def as_json(found: dict[str, list[Issue]]) -> str:
    documents = [
        {
            "name": name,
            "issues": [
                {"segment": i.segment_id, "severity": i.severity, "check": i.check, "message": i.message, **i.details}
                for i in issues
            ],
        }
        for name, issues in found.items()
    ]
    return json.dumps({"documents": documents, "summary": summary(found)}, ensure_ascii=False, indent=2)


def as_text(found: dict[str, list[Issue]]) -> str:
    lines = []
    for name, issues in found.items():
        lines.append(f"{name}: {len(issues)} issue{'s' * (len(issues) != 1)}")
        if issues:
            rows = [COLUMNS] + [(i.segment_id, i.severity, i.check, i.message) for i in issues]
            widths = [max(len(row[k]) for row in rows) for k in range(3)]
            for row in rows:
                lines.append("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[3])
    total = summary(found)
    by_check = ", ".join(f"{check} {n}" for check, n in total["by_check"].items())
    lines.append(f"{total['errors']} errors, {total['warnings']} warnings" + (f" ({by_check})" if by_check else ""))
    return "\n".join(lines)
