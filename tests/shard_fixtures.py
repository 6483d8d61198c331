"""Generated news articles for the merge and distributed tests: short stories written for
these tests from a few sentence patterns, with names, places and figures varied per article so
every text (hence every sha256) differs. Sources recur across articles under different
spellings ("Human Rights Watch" / "HRW") and two people share a surname (Maria and Daniel
Okafor), which is what a merge must resolve the way one ingest does."""

from __future__ import annotations

import json
from pathlib import Path

TOWNS = ["Riverton", "Lakeside", "Millbrook", "Ashford", "Cedar Falls", "Brookhaven",
         "Fairmont", "Glenwood", "Harrowgate", "Kingsport", "Marlow", "Northfield"]
TOPICS = [("water rates", "homes"), ("bus fares", "passengers"), ("school budgets", "pupils"),
          ("rents", "tenants"), ("clinic hours", "patients"), ("road repairs", "drivers")]
ORG_FULL = "Human Rights Watch"
ORG_SHORT = "HRW"


def article_text(i: int) -> str:
    town = TOWNS[i % len(TOWNS)]
    topic, people = TOPICS[i % len(TOPICS)]
    percent = 3 + i % 9
    count = 1000 + 37 * i
    millions = 2 + i % 7
    org = ORG_FULL if i % 3 else ORG_SHORT  # every third article uses the acronym
    okafor = "Maria Okafor" if i % 2 else "Daniel Okafor"
    role = "the council's finance chief" if i % 2 else "a local union organiser"
    return (
        f"{town} council changes {topic}\n\n"
        f"The {town} council voted on Tuesday to raise {topic} by {percent} percent. "
        f"According to {org}, about {count:,} {people} were affected last year.\n\n"
        f"\"We had no other option,\" said {okafor}, {role}. "
        f"Okafor added that the city lost ${millions} million in the spring.\n\n"
        f"Critics said the decision would hurt {people} in {town} most. "
        f"The plan may be reviewed again in {2030 + i % 5}, officials said."
    )


def write_articles(directory: Path, n: int, start: int = 0) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = directory / f"story-{i:03d}.txt"
        path.write_text(article_text(i), encoding="utf-8")
        paths.append(path)
    return paths


def comparable(db) -> dict:
    """A database's rows with ids replaced by what they stand for (article id, claim
    offsets, source name), so two databases built in different orders compare equal."""
    claims = {r["id"]: (r["article_id"], r["start"], r["end"])
              for r in db.query("select id, article_id, start, [end] from claims")}
    sources = {r["id"]: r for r in db.query("select * from sources")}

    def source(sid):
        row = sources[sid]
        affiliation = sources.get(row["affiliation_id"])
        return (row["name"], row["kind"], row["description"],
                affiliation["name"] if affiliation else None)

    def without(row, *drop):
        return tuple(sorted((k, v) for k, v in row.items() if k not in drop))

    return {
        "articles": sorted(without(r, "ingested_at", "path")
                           for r in db.query("select * from articles")),
        "claims": sorted(without(r, "id") for r in db.query("select * from claims")),
        "attributions": sorted(
            (claims[r["claim_id"]], source(r["source_id"]),
             without(r, "id", "claim_id", "source_id"))
            for r in db.query("select * from attributions")),
        "figures": sorted(
            (claims.get(r["claim_id"], ()), without(r, "id", "claim_id"))  # () no claim
            for r in db.query("select * from figures")),
        "entities": sorted(
            (claims.get(r["claim_id"], ()), without(r, "id", "claim_id"))  # () no claim
            for r in db.query("select * from entities")),
        "sources": sorted(source(sid) for sid in sources),
        "source_aliases": sorted((r["name"], tuple(sorted(json.loads(
            r["aliases"] or "[]")))) for r in sources.values()),
    }
