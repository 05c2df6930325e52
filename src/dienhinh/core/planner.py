"""The query planner's statistics of the tables, kept fresh by the daily round."""

from django.db import connection


def refresh_statistics() -> int:
    """SQLite: ANALYZE every table, as the daily round does; the number of tables analysed.

    SQLite keeps no statistics until ANALYZE runs and never gathers them by itself: without
    them it reads a commune's forty-odd candidates by walking the program's 50,000 in name
    order (10× the time with them). A database filled by imports and daily work would never
    have any. PostgreSQL's autovacuum analyses changed tables on its own: nothing to do (0).
    """
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(DISTINCT tbl) FROM sqlite_stat1")
        return int(cursor.fetchone()[0])
