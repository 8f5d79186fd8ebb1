"""Write the results as JSON and a markdown summary, and format the table printed at the end."""

import json
from pathlib import Path
from typing import Any

from cases import SEARCHES

IN_PROCESS_HEADER = ["case", "ORM median", "ORM p95", "raw median", "raw p95", "ORM/raw", "goal", "met"]
HTTP_HEADER = ["route", "median", "p95", "goal", "met"]
BESIDE_HEADER = ["search", "ORM median", "ORM p95", "API median", "API p95", "page median", "page p95",
                 "page/API (p95)", "page/ORM (p95)"]


def _ms(value: float) -> str:
    return f"{value:.2f} ms"


def _in_process_rows(results: dict[str, Any]) -> list[list[str]]:
    return [
        [r["case"], _ms(r["orm"]["median_ms"]), _ms(r["orm"]["p95_ms"]), _ms(r["raw"]["median_ms"]),
         _ms(r["raw"]["p95_ms"]), f"{r['ratio_median']:.2f}×", f"p95 < {r['goal_ms']:.0f} ms, ≤ 1.5× raw",
         "yes" if r["meets_goal"] else "NO"]
        for r in results["in_process"]
    ]


def _http_rows(results: dict[str, Any]) -> list[list[str]]:
    http = results.get("http") or {}
    return [
        [r["route"], _ms(r["stats"]["median_ms"]), _ms(r["stats"]["p95_ms"]), f"p95 < {r['goal_ms']:.0f} ms",
         "yes" if r["meets_goal"] else "NO"]
        for r in http.get("routes", [])
    ]


def _beside_rows(results: dict[str, Any]) -> list[list[str]]:
    """Per search: the selector in process, the API route and the HTML list page, from this run."""
    orm = {r["case"]: r["orm"] for r in results["in_process"]}
    http = {r["route"]: r["stats"] for r in (results.get("http") or {}).get("routes", [])}
    rows = []
    for q in SEARCHES:
        query, api = orm.get(f"search '{q}', first 50"), http.get(f"GET /api/v1/people?q={q} (bearer)")
        page = http.get(f"GET /people/?q={q} (session, HTML)")
        if query and api and page:
            rows.append([q, _ms(query["median_ms"]), _ms(query["p95_ms"]), _ms(api["median_ms"]), _ms(api["p95_ms"]),
                         _ms(page["median_ms"]), _ms(page["p95_ms"]), f"{page['p95_ms'] / api['p95_ms']:.2f}×",
                         f"{page['p95_ms'] / query['p95_ms']:.2f}×"])
    return rows


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def _http_notes(results: dict[str, Any]) -> list[str]:
    http = results.get("http")
    if http is None:
        return ["HTTP cases skipped (--skip-http)."]
    return http.get("notes", [])


def table(results: dict[str, Any]) -> str:
    parts = [_text_table(IN_PROCESS_HEADER, _in_process_rows(results))]
    if _http_rows(results):
        parts.append(_text_table(HTTP_HEADER, _http_rows(results)))
    if _beside_rows(results):
        parts.append(_text_table(BESIDE_HEADER, _beside_rows(results)))
    parts.extend(_http_notes(results))
    return "\n\n".join(parts)


def markdown(results: dict[str, Any]) -> str:
    data = results["dataset"]
    http = results.get("http") or {}
    iterations = results["in_process"][0]["orm"]["iterations"]
    lines = [
        f"# Foundation benchmark, {results['date']}",
        "",
        f"PostgreSQL {data['postgresql']}; {data['people']:,} people, {data['units']:,} units, "
        f"{data['memberships']:,} party memberships, {data['posts']:,} posts (the demo generator). "
        f"Acting user: {results['user']}. Each case warmed up, then timed {iterations} times, ORM and raw SQL "
        "alternating.",
        "",
        "## In process: selector against raw SQL (psycopg, prepared)",
        "",
        _markdown_table(IN_PROCESS_HEADER, _in_process_rows(results)),
    ]
    if http:
        lines += ["", f"## HTTP: gunicorn, {http.get('workers')} workers, connection pool on", ""]
        if _http_rows(results):
            lines.append(_markdown_table(HTTP_HEADER, _http_rows(results)))
        if _beside_rows(results):
            lines += ["", "## The people page beside the API route and the selector (this run)", "",
                      _markdown_table(BESIDE_HEADER, _beside_rows(results))]
    notes = _http_notes(results) + results.get("notes", [])
    if notes:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def write(results: dict[str, Any], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    stem = directory / f"foundation-{results['date']}"
    json_path, md_path = stem.with_suffix(".json"), stem.with_suffix(".md")
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    md_path.write_text(markdown(results), encoding="utf-8")
    return [json_path, md_path]
