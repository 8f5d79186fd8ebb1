"""On PostgreSQL, a trigram index makes diacritic-free name search ("nguyen van") use an index
for substring matches. SQLite scans the (small) embedded database instead."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS person_search_name_trgm ON orgs_person USING gin (search_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS unit_search_name_trgm ON orgs_unit USING gin (search_name gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS person_search_name_trgm",
    "DROP INDEX IF EXISTS unit_search_name_trgm",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(run(CREATE), run(DROP))]
