"""Reading a draft's clauses: splitting (clauses), the content rule book (rulebook), classification (classify),
and the clauses and hits as RDF in the draft graph (graph). The rule book itself is data: data/content-rules/."""

from .classify import Hit, classify
from .clauses import Clause, split_clauses
from .graph import add_clauses
from .rulebook import Category, load_categories

__all__ = ["Clause", "split_clauses", "Hit", "classify", "Category", "load_categories", "add_clauses"]
