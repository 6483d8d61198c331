"""The ingest job: inputs -> cleaned articles -> one nlp.pipe pass -> rows -> database."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import sqlite_utils
from spacy.language import Language

from claimtrack.cleaning import Article, clean
from claimtrack.extract import article_rows, sha256_text
from claimtrack.readers import InputError, iter_inputs
from claimtrack.store import KnownNames, save_article


@dataclass
class IngestSummary:
    inserted: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one-line reasons naming the input

    @property
    def ok(self) -> bool:
        return not self.refused

    def line(self) -> str:
        return (
            f"ingested {len(self.inserted)}, replaced {len(self.replaced)}, "
            f"skipped {len(self.duplicates)} duplicate(s), refused {len(self.refused)}"
        )


def _cleaned(
    inputs: Iterable, db: sqlite_utils.Database, replace: bool, summary: IngestSummary
) -> Iterator[tuple[str, Article]]:
    """Cleaned articles still to process; refusals and duplicates are recorded, not raised."""
    seen: set[str] = set()
    for item in inputs:
        if isinstance(item, InputError):
            summary.refused.append(str(item))
            continue
        try:
            article = clean(item)
        except InputError as e:
            summary.refused.append(str(e))
            continue
        if not article.text.strip():
            summary.refused.append(f"{item.path}: no article text left after cleaning")
            continue
        sha = sha256_text(article.text)
        # Skip known texts before the expensive NLP pass.
        known = db.execute("select 1 from articles where sha256 = ?", [sha]).fetchone()
        if sha in seen or (known and not replace):
            summary.duplicates.append(article.path)
            continue
        seen.add(sha)
        yield article.text, article


def ingest(
    paths: Iterable[str],
    db: sqlite_utils.Database,
    nlp: Language,
    *,
    replace: bool = False,
    jsonl: bool = False,
    workers: int = 1,
    batch_size: int = 16,
    on_article: Callable[[str, str], None] | None = None,
) -> IngestSummary:
    """Ingest every input; one transaction per article, batches continue past bad inputs."""
    summary = IngestSummary()
    model = f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"
    pairs = _cleaned(iter_inputs(list(paths), jsonl=jsonl), db, replace, summary)
    known = KnownNames()  # stored sources and canonicals, indexed once for the run
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size,
                                 n_process=workers):
        rows = article_rows(article, doc, model=model)
        outcome = save_article(db, rows, replace=replace, known=known)
        {"inserted": summary.inserted, "replaced": summary.replaced,
         "duplicate": summary.duplicates}[outcome].append(article.path)
        if on_article:
            on_article(article.path, outcome)
    return summary
