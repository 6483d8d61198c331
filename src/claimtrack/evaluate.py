"""Score the attribution engine against brat attribution annotations (PolNeAR format).

Claim-level scoring (defined in docs/attribution.md):
- a gold attribution belongs to every claim (sentence of ``doc._.ct_claims``) that its
  Content overlaps by at least half of the shorter span (the rule of ``claims.links``,
  applied per Content fragment);
- recall: a gold attribution with a non-pronoun Source counts as found when one of its
  claims carries a system attribution whose source name matches the gold Source text;
- precision: each distinct (claim, source name) pair of the system counts as correct when
  a gold attribution of that claim matches it (by name, or for a gold pronoun Source by
  overlapping source spans);
- names match on case-insensitive word overlap, leaving out articles, honorifics and
  other function words;
- swapped roles: a gold attribution whose Source span is only a reporting verb ("said",
  a form of a ``clausal_verbs`` lemma) or "according to" while its Cue span names someone
  (a proper or common noun or a pronoun, no reporting verb) was annotated with the two
  roles the wrong way round ("Source: said, Cue: Obama"); it is scored with them swapped
  (``fix_swapped_roles``);
- breakdowns: recall by the gold content's form (``content_form``: quote, infinitive,
  clause, phrase) and precision/support per attribution rule (the ``rule`` of the
  system attribution that made the pair).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from claimtrack.nlp.attribution.lexicon import lexicon
from claimtrack.nlp.claims import links
from claimtrack.text import find_quotes

CONTENT_FORMS = ("quote", "infinitive", "clause", "phrase")
QUOTE_SHARE = 0.6  # the content is a quote when this share sits inside quotation marks

PRONOUNS = {
    "he", "she", "they", "it", "we", "i", "you", "who", "him", "her", "them", "his", "their",
    "its", "which", "that", "us", "me", "whom", "this", "these", "those", "one", "our", "my",
    "your", "itself", "himself", "herself", "themselves",
}
NAME_STOPWORDS = {
    "the", "a", "an", "of", "and", "s", "mr", "mrs", "ms", "dr", "in", "on", "for", "at",
    "to", "by", "from", "with", "'s", "’s", "sen", "rep", "gov", "gen", "president",
}


@dataclass
class GoldAttribution:
    source_text: str | None
    source_spans: list[tuple[int, int]]
    cue_text: str | None
    content_spans: list[tuple[int, int]]
    cue_spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def is_pronoun(self) -> bool:
        return bool(self.source_text) and self.source_text.strip().lower() in PRONOUNS


def _spans(offsets: str) -> list[tuple[int, int]]:
    spans = []
    for fragment in offsets.split(";"):
        start, end = fragment.split()
        spans.append((int(start), int(end)))
    return spans


def read_ann(path: Path) -> list[GoldAttribution]:
    """Attributions of one brat .ann file (Source/Cue/Content joined by E lines)."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (kind, _spans(offsets), parts[2] if len(parts) > 2 else "")
        elif line.startswith("E") and len(parts) >= 2:
            roles = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles[re.sub(r"\d+$", "", role)] = ref
            events.append(roles)
    gold = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if content is None:
            continue
        source = spans.get(roles.get("Source", ""))
        cue = spans.get(roles.get("Cue", ""))
        gold.append(GoldAttribution(
            source_text=source[2] if source else None,
            source_spans=source[1] if source else [],
            cue_text=cue[2] if cue else None,
            content_spans=content[1],
            cue_spans=cue[1] if cue else [],
        ))
    return gold


def name_words(name: str | None) -> set[str]:
    if not name:
        return set()
    words = re.findall(r"[\w-]+", name.lower().replace("’s", "").replace("'s", ""))
    return {w for w in words if w not in NAME_STOPWORDS}


def names_match(system_names: list[str | None], gold_name: str | None) -> bool:
    gold = name_words(gold_name)
    return bool(gold) and any(name_words(n) & gold for n in system_names)


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


@dataclass
class ArticleScore:
    name: str
    gold_found: int = 0
    gold_total: int = 0
    pairs_correct: int = 0
    pairs_total: int = 0
    swapped: int = 0  # gold attributions scored with Source and Cue swapped
    misses: list[dict] = field(default_factory=list)
    false_alarms: list[dict] = field(default_factory=list)
    # content form -> [found, total]; rule id -> [correct pairs, pairs]
    by_form: dict[str, list[int]] = field(default_factory=dict)
    by_rule: dict[str, list[int]] = field(default_factory=dict)

    def add(self, other: ArticleScore) -> None:
        self.gold_found += other.gold_found
        self.gold_total += other.gold_total
        self.pairs_correct += other.pairs_correct
        self.pairs_total += other.pairs_total
        self.swapped += other.swapped
        for mine, theirs in ((self.by_form, other.by_form), (self.by_rule, other.by_rule)):
            for key, (hit, total) in theirs.items():
                counts = mine.setdefault(key, [0, 0])
                counts[0] += hit
                counts[1] += total


def content_form(doc, spans: list[tuple[int, int]]) -> str:
    """quote (mostly inside quotation marks), infinitive ("to ..."), clause (has a
    verb) or phrase (a noun phrase: "endorsed the mayor")."""
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    quoted = sum(max(0, min(end, q.end) - max(start, q.start)) for q in find_quotes(doc.text))
    if end > start and quoted / (end - start) >= QUOTE_SHARE:
        return "quote"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "phrase"
    words = [t for t in span if not t.is_punct]
    if words and words[0].lower_ == "to" and len(words) > 1 and words[1].pos_ in ("VERB", "AUX"):
        return "infinitive"
    if any(t.pos_ in ("VERB", "AUX") for t in span):
        return "clause"
    return "phrase"


def is_cue_words(doc, spans: list[tuple[int, int]], verbs: frozenset[str]) -> bool:
    """Whether the spans hold only a reporting verb ("said", "told") or "according to"."""
    words = [t for s, e in spans for t in (doc.char_span(s, e, alignment_mode="expand") or [])
             if not t.is_punct and not t.is_space]
    if [t.lower_ for t in words] == ["according", "to"]:
        return True
    return bool(words) and all(
        t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in verbs for t in words)


def names_someone(doc, spans: list[tuple[int, int]], verbs: frozenset[str]) -> bool:
    words = [t for s, e in spans for t in (doc.char_span(s, e, alignment_mode="expand") or [])]
    return any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in words) and not any(
        t.lemma_.lower() in verbs or t.lower_ == "according" for t in words)


def fix_swapped_roles(doc, gold: list[GoldAttribution], verbs: frozenset[str]) -> int:
    """Swap Source and Cue of the gold attributions annotated the wrong way round (the
    Source only a reporting verb, the Cue naming someone: module docstring); returns how
    many were swapped."""
    swapped = 0
    for g in gold:
        if g.source_text is None or g.cue_text is None:
            continue
        if is_cue_words(doc, g.source_spans, verbs) and names_someone(doc, g.cue_spans, verbs):
            g.source_text, g.cue_text = g.cue_text, g.source_text
            g.source_spans, g.cue_spans = g.cue_spans, g.source_spans
            swapped += 1
    return swapped


def score_doc(doc, gold: list[GoldAttribution], name: str = "",
              verbs: frozenset[str] = frozenset()) -> ArticleScore:
    claims = doc._.ct_claims or []
    attributions = doc._.ct_attributions or []
    result = ArticleScore(name)
    result.swapped = fix_swapped_roles(doc, gold, verbs)

    def claims_of(g: GoldAttribution) -> list[int]:
        return [
            i for i, c in enumerate(claims)
            if any(links(s, e, c["start"], c["end"], g.cue_spans[0][0] if g.cue_spans else None)
                   for s, e in g.content_spans)
        ]

    gold_by_claim: dict[int, list[GoldAttribution]] = {}
    for g in gold:
        for i in claims_of(g):
            gold_by_claim.setdefault(i, []).append(g)

    # system (claim, source) pairs, one per distinct source name on a claim
    for i, claim in enumerate(claims):
        seen: dict[str, dict] = {}
        for index in claim["attributions"]:
            a = attributions[index]
            seen.setdefault(a["source"]["name"].lower(), a)
        for a in seen.values():
            result.pairs_total += 1
            names = [a["source"]["name"], a.get("source_text")] + a["source"].get("aliases", [])
            span = (a["source_start"], a["source_end"]) if a.get("source_start") is not None \
                else None
            ok = False
            for g in gold_by_claim.get(i, []):
                if g.source_text is None:
                    continue
                if names_match(names, g.source_text):
                    ok = True
                elif span is not None and _overlaps(span, g.source_spans):
                    ok = True  # the same mention ("he", "the president"), resolved
                if ok:
                    break
            counts = result.by_rule.setdefault(a.get("rule") or "", [0, 0])
            counts[1] += 1
            if ok:
                result.pairs_correct += 1
                counts[0] += 1
            else:
                result.false_alarms.append({
                    "claim": claim["text"], "source": a["source"]["name"], "cue": a["cue"],
                    "mode": a["mode"], "rule": a.get("rule"),
                    "gold": [g.source_text for g in gold_by_claim.get(i, [])],
                })

    for g in gold:
        if g.source_text is None or g.is_pronoun:
            continue
        result.gold_total += 1
        found = False
        for i in claims_of(g):
            for index in claims[i]["attributions"]:
                a = attributions[index]
                names = [a["source"]["name"], a.get("source_text")] + a["source"].get(
                    "aliases", [])
                span = (a["source_start"], a["source_end"]) if a.get(
                    "source_start") is not None else None
                if names_match(names, g.source_text) or (
                    span is not None and _overlaps(span, g.source_spans)
                ):
                    found = True
                    break
            if found:
                break
        form = content_form(doc, g.content_spans)
        counts = result.by_form.setdefault(form, [0, 0])
        counts[1] += 1
        if found:
            result.gold_found += 1
            counts[0] += 1
        else:
            first = g.content_spans[0]
            result.misses.append({
                "source": g.source_text, "cue": g.cue_text, "form": form,
                "content": doc.text[first[0] : g.content_spans[-1][1]][:200],
                "claims": [claims[i]["text"][:200] for i in claims_of(g)],
                "system": [[attributions[x]["source"]["name"] for x in claims[i]["attributions"]]
                           for i in claims_of(g)],
            })
    return result


def article_pairs(text_dir: Path, ann_dir: Path, limit: int | None = None, offset: int = 0):
    """(name, text, first .ann path) for each article with annotations, skipping the
    first ``offset`` of them (a held-out slice: ``offset=300`` after mining 1-300)."""
    texts = sorted(Path(text_dir).glob("*.txt"))
    out = []
    skipped = 0
    for path in texts:
        anns = sorted(Path(ann_dir).glob(path.stem + "_*.ann"))
        if not anns:
            continue
        if skipped < offset:
            skipped += 1
            continue
        out.append((path.stem, path.read_text(encoding="utf-8"), anns[0]))
        if limit and len(out) >= limit:
            break
    return out


def score_polnear(text_dir, ann_dir, nlp, limit: int | None = None, details: bool = False,
                  offset: int = 0) -> dict:
    """Claim-level precision/recall/F1 of ``nlp``'s attributions against brat annotations."""
    articles = article_pairs(Path(text_dir), Path(ann_dir), limit, offset)
    docs = nlp.pipe((text for _, text, _ in articles), batch_size=8)
    totals = ArticleScore("all")
    verbs = lexicon().clausal_verbs
    per_article = []
    for (name, _, ann), doc in zip(articles, docs, strict=True):
        score = score_doc(doc, read_ann(ann), name, verbs)
        per_article.append(score)
        totals.add(score)
    precision = totals.pairs_correct / totals.pairs_total if totals.pairs_total else 0.0
    recall = totals.gold_found / totals.gold_total if totals.gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result = {
        "articles": len(articles),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": totals.gold_found,  # gold attributions found
        "fn": totals.gold_total - totals.gold_found,
        "fp": totals.pairs_total - totals.pairs_correct,  # system pairs matching no gold
        "pairs_correct": totals.pairs_correct,
        "pairs_total": totals.pairs_total,
        "gold_total": totals.gold_total,
        "gold_roles_swapped": totals.swapped,
        "recall_by_form": {
            form: {"recall": round(hit / total, 4), "found": hit, "gold": total}
            for form in CONTENT_FORMS if form in totals.by_form
            for hit, total in [totals.by_form[form]]},
        "rules": {
            rule: {"precision": round(hit / total, 4), "support": total}
            for rule, (hit, total) in sorted(totals.by_rule.items())},
    }
    if details:
        result["misses"] = [dict(m, article=s.name) for s in per_article for m in s.misses]
        result["false_alarms"] = [dict(f, article=s.name) for s in per_article
                                  for f in s.false_alarms]
    return result
