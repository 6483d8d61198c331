"""claimtrack's Datasette plugin: the hooks. The pages live in ``claimtrack.web``.

- ``/``: the articles and most cited sources above the databases (``web/home.py``);
- ``/-/article/<article id>``: the annotated article (``web/article.py``);
- ``/-/source/<source id>``: a source across all articles (``web/source.py``);
- table cells: links, readable figures, the articles list (``web/cells.py``);
- column descriptions folded away so rows come first (``templates/table.html``).

It serves the database named ``claims`` when there is one, else the first database, so it
works with ``claimtrack serve`` and with ``datasette claims.db -m metadata.yml``.
"""

from __future__ import annotations

from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from jinja2 import ChoiceLoader, FileSystemLoader

from claimtrack.web import cells, home, review
from claimtrack.web.article import article_page, build_article_view, source_colours  # noqa: F401
from claimtrack.web.common import (  # noqa: F401
    DATABASE,
    STATIC_DIR,
    TEMPLATES_DIR,
    article_page_url,
    claims_database_name,
)
from claimtrack.web.marking import Mark, render_marked, render_paragraphs  # noqa: F401
from claimtrack.web.source import source_page

STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


async def static_file(request):
    filename = request.url_vars["filename"]
    path = STATIC_DIR / filename
    if Path(filename).name != filename or path.suffix not in STATIC_TYPES or not path.is_file():
        raise NotFound(f"No static file {filename}")
    return Response(
        path.read_text(encoding="utf-8"),
        content_type=STATIC_TYPES[path.suffix],
        headers={"cache-control": "max-age=86400"},
    )


@hookimpl
def prepare_jinja2_environment(env, datasette):
    # Datasette finds a plugin's templates/ only next to a package's __init__; this plugin
    # is a module, so its templates are added here: after a --template-dir (which can
    # override them) and before Datasette's own (which table.html extends).
    loaders = [FileSystemLoader(str(TEMPLATES_DIR)), env.loader]
    if datasette.template_dir:
        loaders.insert(0, FileSystemLoader(datasette.template_dir))
    env.loader = ChoiceLoader(loaders)


@hookimpl
def register_routes(datasette):
    return [
        (r"^/-/article/(?P<article_id>[^/]+)$", article_page),
        (r"^/-/source/(?P<source_id>[^/]+)$", source_page),
        (r"^/-/claimtrack/login$", review.login_page),
        (r"^/-/claimtrack/review$", review.review_post),
        (r"^/-/claimtrack/(?P<filename>[A-Za-z0-9_-]+\.(?:css|js))$", static_file),
    ]


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def remember_path(scope, receive, send):
            token = cells.REQUEST_PATH.set(scope.get("path", "")) if scope.get(
                "type") == "http" else None
            try:
                await app(scope, receive, send)
            finally:
                if token is not None:
                    cells.REQUEST_PATH.reset(token)

        return remember_path

    return wrap


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    if template == "index.html":
        return home.front_page_vars(datasette, request)
    if template != "table.html" or database != claims_database_name(datasette):
        return None
    # Rows first: the column descriptions move from Datasette's long <dl> above the rows
    # into a folded <details> (templates/table.html), so Datasette's copy gets none.
    metadata = dict(
        (datasette.metadata("databases") or {}).get(database, {}).get("tables", {})
        .get(table, {})
    )
    datasette.update_with_inherited_metadata(metadata)  # as Datasette's table view does
    columns = metadata.get("columns") or {}
    return {
        "metadata": {k: v for k, v in metadata.items() if k != "columns"},
        "claimtrack_columns": columns,
    }


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    return cells.render_cell(row, value, column, table, database, datasette)


@hookimpl
def menu_links(datasette, actor):
    if review.configured_reviewers(datasette) and not actor:
        return [{"href": datasette.urls.path("/-/claimtrack/login"), "label": "Reviewer sign-in"}]
    return None
