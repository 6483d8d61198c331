"""Guards for `claimtrack serve`, a Datasette plugin of its own (entry point
``claimtrack_guards``): the server stays responsive and its log quiet whatever a visitor sends.

- Every connection Datasette opens caps the size of any string or blob a query builds
  (SQLITE_LIMIT_LENGTH), so ``select hex(zeroblob(499999999))`` fails at once with "string
  or blob too big" instead of taking gigabytes; Datasette's time and row limits still apply.
- A POST to a page that only reads (a table, a row, the article page, static files) is
  405 Method Not Allowed, not a 500.
- An empty ``?_search=`` on a full-text-indexed table shows every row, as it does on other
  tables, instead of "fts5: syntax error".
- The pages of the views over every claim (publish.UNCOUNTED_VIEWS) skip the row count
  (``_nocount=1``) unless the request asks for one with ``_count=1`` (Datasette ignores
  that parameter; a count past the SQL time limit is then left out, as always). A search
  of the claims table (publish.UNCOUNTED_SEARCHES) skips the count and the facets
  (``_nofacet=1``) unless it asks for them (``_count=1``, ``_facet=``).
- The database page's row counts skip hidden tables and are kept until the file changes
  (database_counts.py): counting them took most of the page's 0.8 s at 5.8 million claims.
- Client errors (404, 400) are not logged as tracebacks with local variables (Datasette does
  that for every error when ``rich`` is installed); server errors keep a plain traceback.
"""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import parse_qsl, unquote, urlencode

import datasette.handle_exception
from datasette import hookimpl
from datasette.utils.asgi import Response

from claimtrack.database_counts import bound_table_counts
from claimtrack.publish import UNCOUNTED_SEARCHES, UNCOUNTED_VIEWS
from claimtrack.readers import MAX_ARTICLE_CHARS

# The largest string or blob any query may build, in bytes: ten times the longest article
# text claimtrack stores (MAX_ARTICLE_CHARS), so every real value fits and no single query
# can allocate gigabytes.
MAX_VALUE_BYTES = 10 * MAX_ARTICLE_CHARS

# claimtrack's own pages that only answer GET (datasette_plugin.register_routes): keep in
# step with those routes (a route that starts taking POSTs must leave this pattern).
READ_ONLY_ROUTES = re.compile(
    r"^/-/((?:article|source)/[^/]+|claimtrack/[A-Za-z0-9_-]+\.(css|js))$")
SEARCH_PARAM = re.compile(r"^_search(_.+)?$")

# The traceback with every local variable that Datasette prints for each 404 fills the log
# (14 KB a request); Datasette falls back to a plain traceback for real server errors.
datasette.handle_exception.rich = None


@hookimpl
def startup(datasette):
    for database in datasette.databases.values():
        bound_table_counts(database)


@hookimpl
def prepare_connection(conn):
    if hasattr(conn, "setlimit"):  # Python 3.11+
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)


async def _read_only_page(datasette, path: str) -> bool:
    """True for a path that only reads: a POST there cannot mean anything."""
    if READ_ONLY_ROUTES.match(path):
        return True
    parts = [unquote(p) for p in path.strip("/").split("/")]
    if len(parts) not in (2, 3) or parts[0] not in datasette.databases:
        return False
    name = re.sub(r"\.(json|csv)$", "", parts[1])
    if name.startswith("-"):
        return False
    database = datasette.get_database(parts[0])
    if name in (await datasette.get_canned_queries(parts[0], None) or {}):
        return False  # writable canned queries take POSTs
    return await database.table_exists(name) or name in await database.view_names()


def _uncounted(path: str, query_string: bytes) -> bytes:
    """``_nocount=1`` added to a request for one of publish.UNCOUNTED_VIEWS, and to a search
    of one of publish.UNCOUNTED_SEARCHES with ``_nofacet=1`` (each unless asked for)."""
    parts = [unquote(p) for p in path.strip("/").split("/")]
    name = re.sub(r"\.(json|csv)$", "", parts[1]) if len(parts) == 2 else None
    added = []
    searched = re.search(rb"(^|&)_search(_\w+)?=[^&]", query_string)
    if name in UNCOUNTED_VIEWS or (name in UNCOUNTED_SEARCHES and searched):
        if not re.search(rb"(^|&)_(no)?count=", query_string):
            added.append(b"_nocount=1")
        if name in UNCOUNTED_SEARCHES and not re.search(rb"(^|&)_(no)?facet(_\w+)?=",
                                                        query_string):
            added.append(b"_nofacet=1")
    if not added:
        return query_string
    return b"&".join(([query_string] if query_string else []) + added)


def _without_empty_search(query_string: bytes) -> bytes:
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not (SEARCH_PARAM.match(k) and not v.strip())]
    return query_string if len(kept) == len(pairs) else urlencode(kept).encode("latin-1")


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] == "http":
                if scope["method"] == "POST" and await _read_only_page(datasette, scope["path"]):
                    response = Response.text("Method not allowed: this page is read-only",
                                             status=405, headers={"Allow": "GET, HEAD"})
                    await response.asgi_send(send)
                    return
                query = _without_empty_search(scope.get("query_string", b""))
                if scope["method"] in ("GET", "HEAD"):
                    query = _uncounted(scope["path"], query)
                if query != scope.get("query_string", b""):
                    scope = dict(scope, query_string=query)
            await app(scope, receive, send)

        return guarded

    return wrap
