"""Ingesters: turn published texts into structures the graph builders use (no RDF in here).

- `policykg.ingest.lawmd`: Markdown transcriptions of laws and regulations → title, version history, articles.
- `policykg.ingest.numerals`: Chinese numerals (第一百零二条) ↔ integers.
"""

from .lawmd import Article, Heading, LawFormatError, LawText, Span, VersionEvent, parse_law_markdown
from .numerals import chinese_to_int, int_to_chinese

__all__ = ["parse_law_markdown", "LawText", "Article", "Heading", "VersionEvent", "Span", "LawFormatError",
           "chinese_to_int", "int_to_chinese"]
