"""The public database views, as data: name -> SQL. ``schema.ensure_schema`` creates them;
README.md (cog) prints them and publish.py describes their columns (VIEW_DESCRIPTIONS)."""

from __future__ import annotations

VIEWS: dict[str, str] = {
    "claims_with_sources": """
        select claims.id as claim_id, claims.text as claim, claims.kind,
               sources.name as source, sources.kind as source_kind,
               attributions.cue, attributions.mode, attributions.confidence,
               articles.title as article, claims.article_id
        from claims
        join articles on articles.id = claims.article_id
        left join attributions on attributions.claim_id = claims.id
        left join sources on sources.id = attributions.source_id
    """,
    "unsourced_figures": """
        select figures.id as figure_id, figures.text as figure, figures.value, figures.unit,
               figures.qualifier, claims.id as claim_id, claims.text as claim,
               articles.title as article, figures.article_id
        from figures
        join claims on claims.id = figures.claim_id
        join articles on articles.id = figures.article_id
        where not exists (select 1 from attributions where attributions.claim_id = claims.id)
    """,
    # The counts come from source_counts (kept by triggers): no aggregation per request.
    "source_summary": """
        select sources.id as source_id, sources.name, sources.kind, sources.description,
               coalesce(counts.claims, 0) as claims, coalesce(counts.articles, 0) as articles
        from sources
        left join source_counts as counts on counts.source_id = sources.id
        order by claims desc
    """,
    # --- claim matching, figure conflicts, track records (claimtrack.checked/conflicts) ---
    "claims_checked_before": """
        select claim_matches.claim_id, claims.text as claim, articles.title as article,
               claims.article_id, articles.ingested_at,
               claim_matches.matched_claim_id, matched.text as matched_claim,
               (select rating from verdicts v where v.claim_id = claim_matches.matched_claim_id
                order by v.created_at desc, v.id desc limit 1) as rating,
               (select url from verdicts v where v.claim_id = claim_matches.matched_claim_id
                order by v.created_at desc, v.id desc limit 1) as verdict_url,
               claim_matches.score, claim_matches.method, claim_matches.reasons
        from claim_matches
        -- cross join: start from the few matches, not from every article's claims (the
        -- planner guesses wrong while claim_matches has no statistics)
        cross join claims on claims.id = claim_matches.claim_id
        join articles on articles.id = claims.article_id
        join claims as matched on matched.id = claim_matches.matched_claim_id
        where not exists (select 1 from verdicts where verdicts.claim_id = claims.id)
        order by articles.ingested_at desc, claims.article_id, claims.seq,
                 claim_matches.score desc
    """,
    "figure_conflicts": """
        select pairs.figure_id, fa.text as figure, fa.value, fa.claim_id, ca.text as claim,
               (select group_concat(s.name, '; ') from attributions a
                join sources s on s.id = a.source_id where a.claim_id = fa.claim_id) as sources,
               aa.title as article, fa.article_id,
               pairs.other_figure_id, fb.text as other_figure, fb.value as other_value,
               fb.claim_id as other_claim_id, cb.text as other_claim,
               (select group_concat(s.name, '; ') from attributions a
                join sources s on s.id = a.source_id where a.claim_id = fb.claim_id)
                 as other_sources,
               ab.title as other_article, fb.article_id as other_article_id,
               fa.unit, fa.year, coalesce(fa.metric, fb.metric) as metric, pairs.reason
        -- cross joins keep this order: from the few pairs, each row by its key
        from figure_conflict_pairs as pairs
        cross join figures fa on fa.id = pairs.figure_id
        cross join figures fb on fb.id = pairs.other_figure_id
        cross join claims ca on ca.id = fa.claim_id
        cross join claims cb on cb.id = fb.claim_id
        cross join articles aa on aa.id = fa.article_id
        cross join articles ab on ab.id = fb.article_id
    """,
    "source_track_record": """
        with judged as (
          select distinct attributions.source_id, attributions.claim_id,
                 (select rating from verdicts v where v.claim_id = attributions.claim_id
                  order by v.created_at desc, v.id desc limit 1) as rating
          from attributions
          where attributions.claim_id in (select claim_id from verdicts)
        ),
        per_rating as (
          select source_id, rating, count(*) as n from judged group by source_id, rating
        )
        select sources.id as source_id, sources.name, sources.kind,
               (select count(distinct claim_id) from attributions
                where attributions.source_id = sources.id) as claims,
               sum(per_rating.n) as checked,
               group_concat(per_rating.rating || ': ' || per_rating.n, '; ') as ratings
        from per_rating join sources on sources.id = per_rating.source_id
        group by sources.id
        order by checked desc, sources.name
    """,
    # claims_with_sources after reviewers' corrections (corrections.effective_source_ids in
    # SQL): for each claim and candidate source the latest event wins. The pipeline's link
    # is the oldest event; "source" and "author" corrections switch every other source off.
    # Two parts: claims nobody corrected are claims_with_sources as it is (no per-request
    # work over every attribution), and only the few corrected claims replay their events.
    "checked_claims_with_sources": """
        with corrected(claim_id) as (
          select distinct claim_id from corrections where claim_id is not null
        ),
        events(claim_id, source_id, at, keep) as (
          select claim_id, source_id, '', 1 from attributions
          where claim_id in (select claim_id from corrected)
          union all
          select claim_id, source_id, created_at || printf('%012d', id),
                 action != 'remove_source'
          from corrections where action in ('source', 'add_source', 'remove_source')
          union all
          select c.claim_id, a.source_id, c.created_at || printf('%012d', c.id), 0
          from corrections c
          join (select claim_id, source_id from attributions
                where claim_id in (select claim_id from corrected) union
                select claim_id, source_id from corrections where source_id is not null) a
            on a.claim_id = c.claim_id
          where c.action in ('source', 'author') and a.source_id is not c.source_id
        ),
        latest as (
          select claim_id, source_id, keep, max(at) as at from events
          where claim_id is not null group by claim_id, source_id
        )
        select claims.id as claim_id, claims.text as claim, claims.kind,
               sources.name as source, sources.kind as source_kind,
               attributions.cue,
               case when attributions.source_id is null then null
                    else coalesce(attributions.mode, 'corrected') end as mode,
               attributions.confidence, 0 as corrections,
               articles.title as article, claims.article_id
        from claims
        join articles on articles.id = claims.article_id
        left join attributions on attributions.claim_id = claims.id
        left join sources on sources.id = attributions.source_id
        where claims.id not in (select claim_id from corrected)
        union all
        select claims.id as claim_id, claims.text as claim, claims.kind,
               sources.name as source, sources.kind as source_kind,
               attributions.cue,
               case when latest.source_id is null then null
                    else coalesce(attributions.mode, 'corrected') end as mode,
               attributions.confidence,
               (select count(*) from corrections where corrections.claim_id = claims.id)
                 as corrections,
               articles.title as article, claims.article_id
        from corrected
        cross join claims on claims.id = corrected.claim_id
        join articles on articles.id = claims.article_id
        left join latest on latest.claim_id = claims.id and latest.keep = 1
        left join sources on sources.id = latest.source_id
        left join attributions on attributions.claim_id = claims.id
          and attributions.source_id = latest.source_id
    """,
}
