"""The table of Django's database cache, which production uses as its shared cache when no
CACHE_URL/REDIS_URL is set: created by `migrate`, so no deploy can miss `createcachetable`."""

from django.core.management import call_command
from django.db import migrations

CACHE_TABLE = "studio_cache"  # config.settings.base.CACHE_TABLE


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    if CACHE_TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    # createcachetable runs its own statements: on MariaDB DDL commits anyway.
    atomic = False

    dependencies = [("common", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table, elidable=False)]
