"""What the claimtrack pages share: which database they serve, URLs, safe output."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from urllib.parse import quote, urlsplit

from datasette.utils import tilde_encode
from markupsafe import Markup

DATABASE = "claims"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"


def claims_database_name(datasette) -> str | None:
    """``claims`` when served, else the first database that is not Datasette's own."""
    names = [name for name in datasette.databases if not name.startswith("_")]
    if DATABASE in names:
        return DATABASE
    return names[0] if names else None


def article_page_url(datasette, article_id: str, claim_id: int | None = None) -> str:
    url = datasette.urls.path(f"-/article/{quote(str(article_id), safe='')}")
    return f"{url}#claim-{claim_id}" if claim_id is not None else url


def source_page_url(datasette, source_id: int) -> str:
    return datasette.urls.path(f"-/source/{int(source_id)}")


def article_page_link(server: str, article_id: str) -> str:
    """The absolute URL of an article's annotated page on ``server`` (http://host:port/)."""
    return f"{server.rstrip('/')}/-/article/{quote(str(article_id), safe='')}"


def row_url(datasette, database: str, table: str, pk) -> str:
    return datasette.urls.row(database, table, tilde_encode(str(pk)))


@functools.lru_cache(maxsize=8)
def static_digest(filename: str) -> str:
    return hashlib.sha256((STATIC_DIR / filename).read_bytes()).hexdigest()[:10]


def static_url(datasette, filename: str) -> str:
    # The digest in the URL lets browsers cache the file until the package changes it.
    return datasette.urls.path(f"-/claimtrack/{filename}?v={static_digest(filename)}")


def safe_http_url(url: str | None) -> str | None:
    """Only http(s) links: an article's url must never become a javascript: link."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def json_for_script(data) -> Markup:
    """JSON that cannot close its <script> element or open a comment."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


async def fetch_rows(db, sql: str, params: dict) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, params)).rows]


