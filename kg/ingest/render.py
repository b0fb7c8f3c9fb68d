"""Output forms of candidates: JSON (stable, for tools), YAML (a statement file to edit),
and a plain table for reading in a terminal."""

from __future__ import annotations

import json

import yaml

from kg.ingest.candidate import Candidate


def to_json(candidates: list[Candidate]) -> str:
    return json.dumps([c.to_dict() for c in candidates], ensure_ascii=False, indent=2) + "\n"


def to_yaml(document_id: str, candidates: list[Candidate]) -> str:
    """A statement file (``document`` + ``statements``) a curator reviews and trims."""
    header = ("# Candidate statements proposed by kg ingest. Review each one: keep or fix it,\n"
              "# then delete the candidate-only keys (candidate_id, start, end, tier, new_term,\n"
              "# subject_label), add any new terms to the ontology, and record curation.\n")
    body = yaml.safe_dump({"document": document_id,
                           "statements": [c.to_statement_record() for c in candidates]},
                          sort_keys=False, allow_unicode=True, width=4096,
                          default_flow_style=False, indent=2)
    return header + body


def to_table(candidates: list[Candidate]) -> str:
    rows = [("tier", "conf", "subject", "relation", "object", "quote")]
    for c in candidates:
        value = c.object if c.object is not None else json.dumps(c.dose or c.quantity)
        if c.new_term is not None:
            value = f"{value} (new {c.new_term.kind})"
        if c.negated:
            value = f"NOT {value}"
        quote = c.quote if len(c.quote) <= 60 else c.quote[:57] + "..."
        rows.append((c.tier, f"{c.confidence:.2f}", c.subject, c.relation, value, quote))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(widths[i]) if i < 5 else cell for i, cell in enumerate(row))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  -----")
    return "\n".join(line.rstrip() for line in lines) + f"\n({len(candidates)} candidates)\n"
