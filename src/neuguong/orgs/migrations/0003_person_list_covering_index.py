"""On PostgreSQL, the people list reads its page from one index: the names in their Vietnamese
order (``sort_key``, ``id``) carrying the search key and the columns the list shows
(``orgs.views.PEOPLE_SHOWN``) and the unit it joins. A search then filters index entries in
order and stops at the page's end, without visiting the table for each name it passes over:
"nguyen van" passed over 4,700 rows of the table for its first 50 matches.

The search key's statistics keep 1,000 values instead of 100: how often a fragment such as
"tran thi h" (0.3 % of names) occurs is estimated from them, and with 100 the estimate jumped
between a sixth and three times the truth from one ANALYZE to the next, and the plan with it.
SQLite, with its small embedded database, does without both."""

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS person_list_covering ON orgs_person (sort_key, id)"
    " INCLUDE (search_name, unit_id, full_name, gender, birth_date)",
    "ALTER TABLE orgs_person ALTER COLUMN search_name SET STATISTICS 1000",
]
DROP = [
    "ALTER TABLE orgs_person ALTER COLUMN search_name SET STATISTICS -1",
    "DROP INDEX IF EXISTS person_list_covering",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_person_name_trigram_index")]
    operations = [migrations.RunPython(run(CREATE), run(DROP))]
