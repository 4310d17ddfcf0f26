"""SQLite's LIKE folds case for ASCII only, so «твер» would not find «Тверская область».

Every case-insensitive lookup on SQLite (icontains, istartswith, iexact, admin search) goes through
LIKE; replacing it per connection with a Unicode-aware version makes Russian search behave as on
PostgreSQL. Development and tests use SQLite; production uses PostgreSQL, which needs nothing.
"""

import re
from functools import lru_cache


@lru_cache(maxsize=512)
def _like_regex(pattern, escape):
    parts, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if escape and char == escape and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        i += 1
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def _like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _like_regex(pattern, escape).fullmatch(str(value)) is not None


def install_unicode_like(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, _like, deterministic=True)
        connection.connection.create_function("like", 3, _like, deterministic=True)
