"""``make bench-library`` (also run by ``make bench``): library search over 20,000 documents with
extracted text of realistic length, through the real selector of the library page against the
same query as raw SQL.

Uses its own PostgreSQL database ``neuguong_bench_library`` (created, migrated and filled when
missing or of another size) and writes ``bench/results/study-library-<date>.{json,md}``.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(PROJECT_DIR / "src")]

import psycopg  # noqa: E402
import timing  # noqa: E402
from psycopg import sql  # noqa: E402

BENCH_DB = "neuguong_bench_library"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/neuguong"
PAGE = 50
DISTRICTS, COMMUNES_PER_DISTRICT = 12, 15
GOAL_P95_MS, GOAL_RATIO = 100.0, 1.5
# What people type: a frequent phrase, a directive's number, a rarer topic, a rare number and symbol.
SEARCHES = ["neu guong", "chi thi 05", "phong chong tham nhung lang phi", "55-QĐ/TW"]
ISSUERS = ["Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương", "Ban Tuyên giáo Trung ương", "Tỉnh ủy",
           "Ban Thường vụ Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", "Huyện ủy", "Đảng ủy xã"]
KINDS = ["directive", "resolution", "regulation", "conclusion", "instruction", "guide", "plan", "theme", "other"]
SYMBOLS = {"directive": "CT", "resolution": "NQ", "regulation": "QĐ", "conclusion": "KL", "instruction": "CV",
           "guide": "HD", "plan": "KH", "theme": "CĐ", "other": "TB"}
KIND_NAMES = {"directive": "Chỉ thị", "resolution": "Nghị quyết", "regulation": "Quy định", "conclusion": "Kết luận",
              "instruction": "Công văn", "guide": "Hướng dẫn", "plan": "Kế hoạch", "theme": "Chuyên đề",
              "other": "Thông báo"}
TOPICS = [
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "nêu gương của cán bộ, đảng viên",
    "xây dựng, chỉnh đốn Đảng và hệ thống chính trị", "phòng, chống tham nhũng, lãng phí, tiêu cực",
    "sinh hoạt chi bộ định kỳ và chuyên đề", "đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên",
    "công tác dân vận và đối thoại với Nhân dân", "tiếp công dân, giải quyết khiếu nại, tố cáo",
    "thi đua, khen thưởng, biểu dương điển hình tiên tiến", "chuyển đổi số trong công tác xây dựng Đảng",
    "xây dựng nông thôn mới và đô thị văn minh", "công tác cán bộ, quy hoạch, luân chuyển",
]
SENTENCES = [
    "Các cấp ủy, tổ chức đảng tiếp tục quán triệt sâu sắc nội dung {topic}.",
    "Người đứng đầu cấp ủy, cơ quan, đơn vị phải gương mẫu, nói đi đôi với làm về {topic}.",
    "Mỗi cán bộ, đảng viên xây dựng kế hoạch làm theo gắn với chức trách, nhiệm vụ được giao.",
    "Định kỳ sơ kết, tổng kết, kịp thời biểu dương những tập thể, cá nhân có cách làm hay về {topic}.",
    "Đưa nội dung {topic} vào sinh hoạt chi bộ, liên hệ với 27 biểu hiện suy thoái.",
    "Ban Tuyên giáo chủ trì, phối hợp với Ban Tổ chức, Ủy ban Kiểm tra hướng dẫn, theo dõi, đôn đốc thực hiện.",
    "Kết quả thực hiện là một tiêu chí đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên hằng năm.",
    "Tăng cường kiểm tra, giám sát; xử lý nghiêm những trường hợp vi phạm, né tránh, đùn đẩy trách nhiệm.",
    "Phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội trong giám sát, phản biện.",
    "Các địa phương báo cáo kết quả về Ban Thường vụ trước ngày 15 tháng 12 hằng năm.",
]
# Sentences that cite a directive: one document in ten carries one.
CITATIONS = ["Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về {topic}.",
             "Căn cứ Quy định số 08-QĐi/TW của Ban Chấp hành Trung ương về trách nhiệm nêu gương."]
TEXT_CHARS = (4_000, 12_000)  # the text extracted from a directive of 3 to 10 pages


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=20_000, help="Documents in the bench library.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--iterations", type=int, default=300, help="Timed iterations per case (at least 200).")
    parser.add_argument("--warmup", type=int, default=30, help="Untimed iterations before each case.")
    parser.add_argument("--regenerate", action="store_true", help="Drop and rebuild the bench database.")
    return parser.parse_args()


# --- The database ----------------------------------------------------------------------------


def bench_url() -> str:
    url = os.environ.get("NEUGUONG_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_URL
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"The benchmark needs PostgreSQL, not {parts.scheme or url!r}.")
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def _libpq(url: str, database: str | None = None) -> str:
    if database:
        url = urlunsplit(urlsplit(url)._replace(path=f"/{database}"))
    return url.replace("postgres://", "postgresql://", 1)


def document_count(url: str) -> int | None:
    with psycopg.connect(_libpq(url)) as conn:
        if conn.execute("SELECT to_regclass('study_librarydocument')").fetchone()[0] is None:
            return None
        return conn.execute("SELECT count(*) FROM study_librarydocument").fetchone()[0]


def prepare_database(url: str, *, documents: int, regenerate: bool) -> str:
    with psycopg.connect(_libpq(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if exists and not regenerate and document_count(url) == documents:
            return "reused"
        if exists:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(BENCH_DB)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DB)))
    return "created"


def setup_django(url: str) -> None:
    os.environ["NEUGUONG_DATABASE_URL"] = url
    os.environ["NEUGUONG_DB_POOL"] = "0"
    os.environ.setdefault("NEUGUONG_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neuguong.settings")
    import django

    django.setup()


# --- The province and its library ------------------------------------------------------------


def build_province() -> dict:
    """Province → districts → communes through the units service, and a propaganda officer of the province."""
    from neuguong.accounts.models import RoleGrant, User
    from neuguong.accounts.permissions import Role
    from neuguong.core.actors import SYSTEM
    from neuguong.orgs.models import UnitKind
    from neuguong.orgs.services import unit_create

    def unit(name: str, kind: str, parent=None):
        return unit_create(name=name, kind=kind, parent_id=parent.pk if parent else None, acting_user=SYSTEM)

    province = unit("Tỉnh ủy Bench", UnitKind.PROVINCE_COMMITTEE)
    districts, communes = [], []
    for d in range(DISTRICTS):
        district = unit(f"Huyện ủy số {d + 1}", UnitKind.SUBORDINATE_COMMITTEE, province)
        districts.append(district)
        for c in range(COMMUNES_PER_DISTRICT):
            communes.append(unit(f"Đảng ủy xã {d + 1}.{c + 1}", UnitKind.GRASSROOTS, district))
    user = User.objects.create(username="bench_propaganda")
    RoleGrant.objects.create(user=user, role=Role.PROPAGANDA_STAFF, unit=province)
    return {"province": province, "districts": districts, "communes": communes}


def _text(rng: random.Random) -> str:
    topics = rng.sample(TOPICS, 3)
    size, parts, length = rng.randint(*TEXT_CHARS), [], 0
    while length < size:
        sentence = rng.choice(SENTENCES).format(topic=rng.choice(topics))
        parts.append(sentence)
        length += len(sentence) + 1
    if rng.random() < 0.1:
        parts.insert(0, rng.choice(CITATIONS).format(topic=topics[0]))
    return " ".join(parts)


def document_row(rng: random.Random, number: int, units: dict, today: dt.date, now: dt.datetime) -> dict:
    from neuguong.study.selectors.library import search_words

    group = rng.choices([[units["province"]], units["districts"], units["communes"]], [40, 30, 30])[0]
    unit = rng.choice(group)
    kind = rng.choice(KINDS)
    issued_on = today - dt.timedelta(days=rng.randint(0, 365 * 20))
    level = "TW" if unit is units["province"] and rng.random() < 0.5 else "TU"
    symbol = f"{rng.randint(1, 999):02d}-{SYMBOLS[kind]}/{level}"
    if number % 4000 == 7:
        symbol = "55-QĐ/TW"
    topic = rng.choice(TOPICS)
    title = f"{KIND_NAMES[kind]} về {topic} (bản số {number})"
    issuer = rng.choice(ISSUERS)
    text = _text(rng)
    words = search_words(" ".join([symbol, title, issuer, text]))
    return {"unit_id": unit.pk, "number": symbol, "issued_on": issued_on, "issuer": issuer, "kind": kind,
            "title": title, "subject": "", "search_text": f" {words} ", "version_count": 1, "created_by_id": None,
            "created_at": now}


COPY_BATCH = 2_000


def load_documents(count: int, seed: int, units: dict) -> None:
    from django.db import connection
    from django.utils import timezone

    rng, today, now = random.Random(seed), timezone.localdate(), dt.datetime.now(dt.UTC)
    columns = ["unit_id", "number", "issued_on", "issuer", "kind", "title", "subject", "search_text",
               "version_count", "created_by_id", "created_at"]
    statement = sql.SQL("COPY study_librarydocument ({}) FROM STDIN").format(
        sql.SQL(", ").join(sql.Identifier(c) for c in columns))
    for first in range(0, count, COPY_BATCH):
        rows = [document_row(rng, number, units, today, now) for number in range(first, min(first + COPY_BATCH, count))]
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
    with connection.cursor() as cursor:
        # What the services store beside the words on PostgreSQL (``services.library._index``).
        cursor.execute("UPDATE study_librarydocument SET search_vector = to_tsvector('simple'::regconfig, search_text)")
        cursor.execute("VACUUM ANALYZE study_librarydocument")
        cursor.execute("ANALYZE orgs_unit")


# --- The cases -------------------------------------------------------------------------------


RAW_SEARCH = """
SELECT d.id, d.number, d.issued_on, d.issuer, d.kind, d.title, d.version_count,
       EXISTS (SELECT 1 FROM study_documentread r WHERE r.document_id = d.id AND r.user_id = %(user)s) AS has_read
  FROM study_librarydocument d
  JOIN orgs_unit u ON u.id = d.unit_id
 WHERE (u.path = ANY(%(above)s) OR u.path LIKE %(scope)s)
   AND d.search_vector @@ to_tsquery('simple'::regconfig, %(query)s)
 ORDER BY d.issued_on DESC, d.id DESC
 LIMIT %(limit)s
"""


def run_cases(iterations: int, warmup: int) -> list[dict]:
    """Each search as the province's propaganda officer: the library page's rows (the selector
    ``documents_listed``, its first page and one more row, as ``web.lists.Window`` reads it)
    against the same query written by hand."""
    from django.db import connection

    from neuguong.accounts.models import RoleGrant, User
    from neuguong.study import selectors
    from neuguong.study.selectors.library import search_words

    user = User.objects.get(username="bench_propaganda")
    province_path = RoleGrant.objects.get(user=user).unit.path
    results = []
    for q in SEARCHES:
        query = " & ".join(f"'{word}':*" for word in search_words(q).split())
        params = {"user": user.pk, "above": [province_path], "scope": province_path + "%", "query": query,
                  "limit": PAGE + 1}

        def orm(q=q):
            return list(selectors.documents_listed(user, q=q)[:PAGE + 1])

        def raw(params=params):
            with connection.cursor() as cursor:
                cursor.execute(RAW_SEARCH, params)
                return cursor.fetchall()

        got, expected = [d.pk for d in orm()], [row[0] for row in raw()]
        assert got == expected, f"{q}: the selector and the raw query differ"
        matching = selectors.documents_visible_to(user, q=q).count()
        plan = selectors.documents_listed(user, q=q)[:PAGE + 1].explain(analyze=True)
        orm_stats, raw_stats = timing.compare(orm, raw, iterations=iterations, warmup=warmup)
        results.append({
            "case": f"search “{q}”", "matching": matching, "orm": orm_stats.as_dict(), "raw": raw_stats.as_dict(),
            "ratio_p95": round(orm_stats.p95_ms / raw_stats.p95_ms, 2),
            "ratio_median": round(orm_stats.median_ms / raw_stats.median_ms, 2), "plan": plan,
        })
        print(f"search {q!r:<40} {matching:>6} found  ORM p95 {orm_stats.p95_ms:7.2f} ms   "
              f"raw p95 {raw_stats.p95_ms:7.2f} ms")
    return results


def dataset() -> dict:
    from django.db import connection

    from neuguong.study.models import LibraryDocument

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute("SELECT avg(length(search_text))::int, pg_size_pretty(pg_relation_size('study_library_search'))"
                       " FROM study_librarydocument")
        average, index_size = cursor.fetchone()
    return {"documents": LibraryDocument.objects.count(), "average_text_chars": average, "index_size": index_size,
            "postgresql": version}


# --- Report ----------------------------------------------------------------------------------


def verdict(case: dict) -> str:
    return "✓" if case["orm"]["p95_ms"] < GOAL_P95_MS and case["ratio_p95"] <= GOAL_RATIO else "✗"


def table(results: dict) -> str:
    lines = ["| case | matching | ORM median ms | ORM p95 ms | raw median ms | raw p95 ms | ratio median | ratio p95 "
             "| goal |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |"]
    for case in results["cases"]:
        lines.append(f"| {case['case']} | {case['matching']:,} | {case['orm']['median_ms']:.2f} | "
                     f"{case['orm']['p95_ms']:.2f} | {case['raw']['median_ms']:.2f} | {case['raw']['p95_ms']:.2f} | "
                     f"{case['ratio_median']:.2f} | {case['ratio_p95']:.2f} | {verdict(case)} |")
    return "\n".join(lines)


def write(results: dict) -> list[Path]:
    out = BENCH_DIR / "results"
    out.mkdir(exist_ok=True)
    stem = out / f"study-library-{results['date']}"
    json_path, md_path = stem.with_suffix(".json"), stem.with_suffix(".md")
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    data = results["dataset"]
    md = [
        f"# Library search benchmark, {results['date']}",
        "",
        f"`{results['command']}` on {data['postgresql']}: {data['documents']:,} documents, on average "
        f"{data['average_text_chars']:,} characters of searchable text each (GIN index {data['index_size']}). "
        f"The library page's rows (first page of {PAGE} and one more) through "
        "`neuguong.study.selectors.documents_listed` as the province's propaganda officer, against the same query "
        f"as raw SQL, alternated, {results['iterations']} iterations after {results['warmup']} warm-up rounds. "
        f"Goal: p95 < {GOAL_P95_MS:.0f} ms and within {GOAL_RATIO}× of raw SQL. "
        f"Machine load (1, 5, 15 min) before/after: {results['load']}.",
        "",
        table(results),
        "",
        "Plans (ORM query, `EXPLAIN ANALYZE`):",
        "",
    ]
    for case in results["cases"]:
        md += [f"**{case['case']}**", "", "```", case["plan"], "```", ""]
    md_path.write_text("\n".join(md), encoding="utf-8")
    return [json_path, md_path]


def main() -> int:
    args = parse_args()
    url = bench_url()
    state = prepare_database(url, documents=args.documents, regenerate=args.regenerate)
    setup_django(url)
    if state == "created":
        from django.core.management import call_command

        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        units = build_province()
        load_documents(args.documents, args.seed, units)
        print(f"Bench database {BENCH_DB} built in {time.monotonic() - started:.0f} s")
    else:
        print(f"Bench database {BENCH_DB} reused")
    iterations = max(args.iterations, 200)
    load_before = os.getloadavg()
    results = {
        "date": dt.date.today().isoformat(), "command": "make bench-library", "iterations": iterations,
        "warmup": args.warmup, "cases": run_cases(iterations, args.warmup), "dataset": dataset(),
    }
    results["load"] = " / ".join(f"{x:.2f}" for x in (*load_before, *os.getloadavg()))
    paths = write(results)
    print(table(results))
    print("Written: " + ", ".join(str(path.relative_to(PROJECT_DIR)) for path in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
