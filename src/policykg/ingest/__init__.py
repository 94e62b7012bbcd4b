"""Ingesters: turn published texts into structures and graphs, with code-point offsets into the source.

- `policykg.ingest.lawmd`: Markdown transcriptions of laws and regulations → title, version history, articles (no RDF).
- `policykg.ingest.numerals`: Chinese numerals (第一百零二条) ↔ integers (no RDF).
- `policykg.ingest.text`: draft files (.txt UTF-8/GB18030, .html, .docx, .pdf) → normalised text (no RDF).
- `policykg.ingest.draft`: normalised draft text → draft graph with excerpts (the one module here that builds RDF).
"""

from .lawmd import Article, Heading, LawFormatError, LawText, Span, VersionEvent, parse_law_markdown
from .numerals import chinese_to_int, int_to_chinese

__all__ = ["parse_law_markdown", "LawText", "Article", "Heading", "VersionEvent", "Span", "LawFormatError",
           "chinese_to_int", "int_to_chinese"]
