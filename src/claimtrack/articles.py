"""Finding articles by what a person remembers of them: an id, its start, or title words."""

from __future__ import annotations

import sqlite_utils


class ArticleNotFound(LookupError):
    """No article, or more than one, answers to what was typed; the message says which."""


def list_articles(db: sqlite_utils.Database) -> list[dict]:
    """Every article, newest first: id, title, publication, published and claim count."""
    if not db["articles"].exists():
        return []
    return list(db.query(
        "select articles.id, articles.title, articles.publication, articles.published, "
        "(select count(*) from claims where claims.article_id = articles.id) as claims "
        "from articles order by articles.published desc, articles.title"))


def resolve_article(db: sqlite_utils.Database, wanted: str) -> str:
    """The id of the one article whose id is ``wanted``, starts with it, or whose title
    contains it (case-insensitive). Ambiguity is an error listing the candidates."""
    if not db["articles"].exists():
        raise ArticleNotFound("not a claimtrack database: no articles table")
    wanted = wanted.strip()
    if not wanted:
        raise ArticleNotFound("give an article id, the start of one, or words of its title")
    exact = db.execute("select id from articles where id = ?", [wanted]).fetchone()
    if exact:
        return exact[0]
    for sql in (
        # An id prefix is what people copy; a title search what they remember.
        "select id, title from articles where substr(id, 1, length(:w)) = :w order by id",
        "select id, title from articles where instr(lower(title), lower(:w)) > 0 order by id",
    ):
        found = db.execute(sql, {"w": wanted}).fetchall()
        if len(found) == 1:
            return found[0][0]
        if found:
            listed = "; ".join(f"{aid} ({title or 'untitled'})" for aid, title in found[:5])
            more = f" and {len(found) - 5} more" if len(found) > 5 else ""
            raise ArticleNotFound(
                f"{wanted!r} matches {len(found)} articles: {listed}{more}")
    raise ArticleNotFound(
        f"no article with id, id prefix or title words {wanted!r} (see claimtrack articles)")
