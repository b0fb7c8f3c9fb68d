"""Rendering analysis results: aligned text tables, JSON, CSV."""

from __future__ import annotations

import csv
import io
import json

FORMATS = ("table", "json", "csv")


def _cell(value: object, width: int | None) -> str:
    text = f"{value:.4f}" if isinstance(value, float) else str(value)
    text = text.replace("\n", " ")
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def table_text(rows: list[dict], columns: list[str] | None = None, max_width: int | None = 60) -> str:
    """Rows as an aligned plain-text table (long cells cut at ``max_width``)."""
    if not rows:
        return "(no results)"
    columns = columns or list(rows[0])
    cells = [[_cell(row.get(c, ""), max_width) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines)


def csv_text(rows: list[dict], columns: list[str] | None = None) -> str:
    out = io.StringIO()
    columns = columns or (list(rows[0]) if rows else [])
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def render(rows: list[dict] | dict[str, list[dict]], fmt: str = "table",
           columns: list[str] | None = None) -> str:
    """Render rows (or named sections of rows) as ``table``, ``json`` or ``csv``."""
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False, default=str)
    if isinstance(rows, dict):
        parts = []
        for name, section in rows.items():
            if fmt == "csv":
                parts.append(f"# {name}\n" + csv_text(section))
            else:
                parts.append(f"{name.replace('_', ' ')}\n" + table_text(section))
        return "\n\n".join(parts)
    if fmt == "csv":
        return csv_text(rows, columns)
    return table_text(rows, columns)
