"""On PostgreSQL refuse TRUNCATE of the audit table too: TRUNCATE fires no row trigger, so the
append-only trigger of 0002 does not see it. (SQLite has no TRUNCATE.)"""

from django.db import migrations

CREATE = [
    """
    CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
    """,
]
DROP = ["DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_event_algorithm_and_key_id")]
    operations = [migrations.RunPython(run(CREATE), run(DROP))]
