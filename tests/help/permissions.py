"""Permission rows of the help pages: open to everyone (they hold no data)."""

from tests.permtable import Row


def rows(world):
    return [
        Row("help:index", default=200),
        Row("help:role", {"role": "unit_officer"}, default=200),
    ]
