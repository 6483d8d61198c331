"""claimtrack: claims, sources and figures from news articles, published as SQLite."""

__version__ = "0.1.0"

# Bumped whenever extraction output changes, so `ingest --replace` can tell stale rows.
PIPELINE_VERSION = "2"  # 2: the headline is the first paragraph of articles.text
