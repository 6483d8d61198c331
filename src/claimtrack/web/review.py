"""Reviewers in the browser: sign-in, and verdicts and corrections recorded on claim cards.

Reviewers are listed in a file given to ``claimtrack serve --reviewers FILE``: one
``name:pbkdf2_sha256$iterations$salt$hash`` per line (``claimtrack reviewer NAME --file
FILE`` adds one). A reviewer who signs in gets Datasette's signed ``ds_actor`` cookie.
Everyone else stays read-only: every write is a POST that Datasette's CSRF protection
checks, and it is refused with 403 unless the actor is a configured reviewer.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import sqlite_utils
from datasette.utils.asgi import Forbidden, Response

from claimtrack.corrections import CorrectionError, save_correction
from claimtrack.verdicts import VerdictError, add_verdict
from claimtrack.web.common import article_page_url, claims_database_name

PLUGIN = "claimtrack"
HASH_NAME = "pbkdf2_sha256"
# OWASP's 2023 figure for PBKDF2-HMAC-SHA256; a sign-in costs about a tenth of a second.
ITERATIONS = 600_000
LOGIN_TEMPLATE = "claimtrack_login.html"
# A reviewer may change what the published data says: no empty or trivially short password.
MIN_PASSWORD_CHARS = 8


class ReviewerFileError(ValueError):
    """A reviewers file that cannot be used; the message names the file and line."""


def hash_password(password: str, iterations: int = ITERATIONS) -> str:
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), iterations)
    return f"{HASH_NAME}${iterations}${salt}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        name, iterations, salt, expected = stored.split("$")
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt),
                                     int(iterations))
    except ValueError:
        return False
    return name == HASH_NAME and hmac.compare_digest(digest.hex(), expected)


def read_reviewers(path: str | Path) -> dict[str, str]:
    """{name: password hash} from a reviewers file; blank lines and # comments are skipped."""
    reviewers: dict[str, str] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ReviewerFileError(f"{path}: not a reviewers file (not UTF-8 text)") from None
    except OSError as e:
        raise ReviewerFileError(f"{path}: cannot read ({e.strerror})") from None
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, stored = line.partition(":")
        if not name.strip() or not stored.startswith(HASH_NAME + "$"):
            raise ReviewerFileError(f"{path}:{number}: expected name:{HASH_NAME}$...")
        reviewers[name.strip()] = stored
    return reviewers


def add_reviewer(path: str | Path, name: str, password: str) -> None:
    """Add or replace ``name`` in the reviewers file (created when missing)."""
    if not name.strip() or ":" in name:
        raise ReviewerFileError("a reviewer name is not empty and has no colon")
    if len(password) < MIN_PASSWORD_CHARS:
        raise ReviewerFileError(f"a reviewer's password has at least {MIN_PASSWORD_CHARS} "
                                "characters")
    path = Path(path)
    if not path.parent.is_dir():
        raise ReviewerFileError(f"{path}: no such folder {str(path.parent)!r}")
    reviewers = read_reviewers(path) if path.exists() else {}
    reviewers[name.strip()] = hash_password(password)
    # Written beside the file and renamed over it: a crash mid-write keeps the old reviewers.
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text("".join(f"{n}:{h}\n" for n, h in reviewers.items()),
                           encoding="utf-8")
        os.replace(partial, path)
    except OSError as e:
        partial.unlink(missing_ok=True)
        raise ReviewerFileError(f"{path}: cannot write ({e.strerror})") from None


def configured_reviewers(datasette) -> dict[str, str]:
    """The reviewers of the file named by the plugin option ``reviewers_file``. Only the
    path is in the metadata (which /-/metadata.json shows); the hashes stay in the file."""
    path = (datasette.plugin_config(PLUGIN) or {}).get("reviewers_file")
    if not path:
        return {}
    try:
        return read_reviewers(path)
    except (OSError, ReviewerFileError):
        return {}  # `claimtrack serve` checked the file at start; never sign in on a bad one


def is_reviewer(datasette, actor) -> bool:
    return bool(actor) and actor.get("id") in configured_reviewers(datasette)


async def login_page(datasette, request):
    if not configured_reviewers(datasette):
        return Response.html("No reviewers are configured (claimtrack serve --reviewers FILE).",
                             status=404)
    error, status = None, 200
    if request.method == "POST":
        form = await request.post_vars()
        name, password = form.get("name", ""), form.get("password", "")
        stored = configured_reviewers(datasette).get(name)
        if stored and check_password(password, stored):
            response = Response.redirect(datasette.urls.path("/"), status=303)
            response.set_cookie("ds_actor", datasette.sign({"a": {"id": name}}, "actor"),
                                httponly=True, samesite="lax")
            return response
        error, status = "Wrong name or password.", 403
    html = await datasette.render_template(LOGIN_TEMPLATE, {"error": error}, request=request)
    return Response.html(html, status=status)


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _float(value) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


async def review_post(datasette, request):
    """POST /-/claimtrack/review: a verdict or a correction on one claim."""
    if request.method != "POST":
        return Response.text("POST only", status=405)
    if not is_reviewer(datasette, request.actor):
        raise Forbidden("Only signed-in reviewers can record verdicts and corrections")
    database = claims_database_name(datasette)
    form = await request.post_vars()
    claim_id = _int(form.get("claim_id"))
    reviewer = request.actor["id"]

    def write(conn):
        db = sqlite_utils.Database(conn)
        if claim_id is None:
            raise CorrectionError("which claim? (claim_id)")
        if form.get("kind") == "verdict":
            add_verdict(db, claim_id, form.get("rating", ""),
                        rating_value=_float(form.get("rating_value")),
                        best=_float(form.get("best")), worst=_float(form.get("worst")),
                        url=form.get("url"), reviewer=reviewer, note=form.get("note"))
        else:
            save_correction(db, claim_id, form.get("action", ""), reviewer=reviewer,
                            source_id=_int(form.get("source_id")),
                            figure_id=_int(form.get("figure_id")), note=form.get("note"))
        return db.execute("select article_id from claims where id = ?",
                          [claim_id]).fetchone()[0]

    try:
        article_id = await datasette.get_database(database).execute_write_fn(write, block=True)
    except (VerdictError, CorrectionError) as e:
        return Response.text(str(e), status=400)
    return Response.redirect(article_page_url(datasette, article_id, claim_id), status=303)
