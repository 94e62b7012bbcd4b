"""The saved SPARQL library: discover `.rq` files, read their grlc-style headers, bind parameters, run, serialise.

A saved query is one file under ``queries/`` (checks under ``queries/checks/``) whose leading comment lines carry
a header in the style of grlc (https://github.com/CLARIAH/grlc)::

    #+ summary: 追溯评估结果所依据的上位文件 / Trace results to directives
    #+ description: …
    #+ params: directive (docnumber-or-iri, required)
    #+ params: days (integer, optional, default 180)
    #+ tags: trace, results

Parameters are variables of the query (``?directive``). Their values are converted to RDF terms and handed to the
store as bindings (``initBindings``, or ``VALUES`` in a remote backend) — never pasted into the query text — so a
hostile value is just a term that matches nothing (SPARQL 1.1 Query §10.2 / docs/decisions/0007).

Serialisations follow the W3C result formats: SPARQL 1.1 Query Results JSON, CSV and TSV, and the XML format.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, cast

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.term import Node

from . import limits, resources
from .errors import PolicyKGError
from .identifiers import doc_iri, looks_like_iri, parse_doc_number
from .namespaces import PREFIXES
from .naming import Names, short_iri
from .sparql_guard import recall, refuse_remote, remember
from .rulebook.header import header_entries
from .store import Store
from .words import SEVERITIES

PARAM_TYPES = ("iri", "docnumber-or-iri", "date", "integer", "string")
CHECKS_FOLDER = "checks"
# Keys a check header must carry (the contract `policykg check` consumes).
CHECK_KEYS = ("summary", "severity", "source", "message_zh", "message_en", "fix_zh", "fix_en", "rule")

_PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<opts>[^)]*)\)\s*(?:[—–:\-]+\s*(?P<desc>.*))?$"
)
_PREFIX_DECL_RE = re.compile(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.\-]*)?\s*:")
_IRI_FORBIDDEN = re.compile(r'[\s<>"{}|^`\\]')
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT_RE = re.compile(r"^[+-]?\d{1,18}$")


@dataclass(frozen=True)
class Param:
    """One declared parameter: ``name (type, required|optional[, default VALUE])``."""

    name: str
    type: str
    required: bool
    default: str | None = None
    description: str = ""

    def describe(self) -> str:
        """``name (type, optional, default 180)`` as the header states it."""
        parts = [self.type, "required" if self.required else "optional"]
        if self.default is not None:
            parts.append(f"default {self.default}")
        return f"{self.name} ({', '.join(parts)})"


@dataclass(frozen=True)
class SavedQuery:
    """A parsed query file: its header, parameters and SPARQL text."""

    name: str
    text: str
    form: str  # SELECT, CONSTRUCT, ASK or DESCRIBE
    header: Mapping[str, str] = field(default_factory=dict)
    params: tuple[Param, ...] = ()
    tags: tuple[str, ...] = ()
    path: Path | None = None

    @property
    def summary(self) -> str:
        return self.header.get("summary", "")

    @property
    def summary_zh(self) -> str:
        return self.summary.split(" / ", 1)[0].strip()

    @property
    def summary_en(self) -> str:
        parts = self.summary.split(" / ", 1)
        return parts[1].strip() if len(parts) == 2 else parts[0].strip()

    @property
    def description(self) -> str:
        return self.header.get("description", "")

    @property
    def is_check(self) -> bool:
        return self.name.startswith(CHECKS_FOLDER + "/")

    def param(self, name: str) -> Param | None:
        for p in self.params:
            if p.name == name:
                return p
        return None

    def executable_text(self) -> str:
        """The query with PREFIX lines added for project prefixes it uses but does not declare."""
        return _with_prologue(self.text)


@dataclass
class QueryResult:
    """What a query returned: variables and rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT/DESCRIBE)."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def dicts(self) -> list[dict[str, Node]]:
        """Rows as {variable: term} without the unbound cells."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]


# ---------------------------------------------------------------------------------------------------------------
# Discovery and parsing
# ---------------------------------------------------------------------------------------------------------------


def queries_root() -> Path:
    """The folder of the saved queries (bundled with the package)."""
    return resources.resource_dir("queries")


def discover(root: Path | None = None) -> list[SavedQuery]:
    """Every saved query under *root* (default: the bundled library), sorted by name; checks come last.

    >>> [q.name for q in discover()][:1]
    ['basis-chain']
    """
    root = Path(root) if root is not None else queries_root()
    found = [parse_file(p, name=p.stem) for p in sorted(root.glob("*.rq"))]
    found += [parse_file(p, name=f"{CHECKS_FOLDER}/{p.stem}") for p in sorted((root / CHECKS_FOLDER).glob("*.rq"))]
    return found


def checks(root: Path | None = None) -> list[SavedQuery]:
    """The ``checks/*-violation.rq`` queries, each a SELECT whose every row is a finding."""
    return [q for q in discover(root) if q.is_check]


def load(name_or_path: str, root: Path | None = None) -> SavedQuery:
    """A saved query by name (``trace-results``, ``checks/basis-cycle-violation``) or a user's ``.rq`` file."""
    candidate = Path(name_or_path)
    if name_or_path.endswith(".rq") and candidate.is_file():
        return parse_file(candidate, name=str(candidate))
    root = Path(root) if root is not None else queries_root()
    name = name_or_path[:-3] if name_or_path.endswith(".rq") else name_or_path
    if re.match(r"^(checks/)?[A-Za-z0-9][\w\-]*$", name):
        for rel in (name, f"{CHECKS_FOLDER}/{name}"):
            path = root / f"{rel}.rq"
            if path.is_file():
                return parse_file(path, name=rel)
    if name_or_path.endswith(".rq"):
        raise PolicyKGError(f"{name_or_path}: no such query file")
    raise PolicyKGError(f"unknown query {name_or_path!r}: `policykg queries` lists the saved ones, or give a FILE.rq")


def parse_file(path: Path, *, name: str) -> SavedQuery:
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PolicyKGError(f"{path}: not UTF-8 (byte {exc.start}); save the query as UTF-8") from None
    except OSError as exc:
        raise PolicyKGError(f"{path}: cannot read ({exc.strerror})") from None
    return parse(text, name=name, path=path)


def parse(text: str, *, name: str, path: Path | None = None) -> SavedQuery:
    """Parse the header and check the SPARQL; any problem is a one-line PolicyKGError naming the query."""
    where = str(path) if path is not None else name
    header: dict[str, str] = {}
    params: list[Param] = []
    tags: list[str] = []
    for key, value, is_item in header_entries(text):
        if is_item:
            if key == "tags":
                tags.append(value)
            continue
        if key == "params":
            if value:
                params.append(_parse_param(value, where))
        elif key == "tags":
            tags.extend(t.strip() for t in value.split(",") if t.strip())
        elif key in header and key == "description":
            header[key] = f"{header[key]} {value}"
        else:
            header[key] = value
    form = sparql_form(text, where)
    names = [p.name for p in params]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise PolicyKGError(f"{where}: parameter {dupes[0]!r} declared twice")
    for p in params:
        if not _uses_variable(text, p.name):
            raise PolicyKGError(f"{where}: parameter {p.name!r} is declared but the query has no ?{p.name}")
    query = SavedQuery(name=name, text=text, form=form, header=header, params=tuple(params), tags=tuple(tags),
                       path=path)
    if query.is_check:
        _check_contract(query, where)
        if query.param("asOf") is None and _uses_variable(text, "asOf"):
            params.append(Param("asOf", "date", False, "today", "检查基准日 / date the check is made for"))
            query = SavedQuery(name=name, text=text, form=form, header=header, params=tuple(params),
                               tags=tuple(tags), path=path)
    return query


def _parse_param(spec: str, where: str) -> Param:
    m = _PARAM_RE.match(spec.strip())
    if not m:
        raise PolicyKGError(f"{where}: cannot read parameter {spec!r}: expected e.g. 'directive (docnumber-or-iri, required)'")
    opts = [o.strip() for o in m["opts"].split(",") if o.strip()]
    if not opts or opts[0] not in PARAM_TYPES:
        raise PolicyKGError(f"{where}: parameter {m['name']!r} has type {opts[0] if opts else ''!r}: "
                            f"expected one of {', '.join(PARAM_TYPES)}")
    required, default = True, None
    for opt in opts[1:]:
        if opt == "required":
            required = True
        elif opt == "optional":
            required = False
        elif opt.startswith("default "):
            default = opt[len("default "):].strip()
        else:
            raise PolicyKGError(f"{where}: parameter {m['name']!r}: unknown option {opt!r}")
    if required and default is not None:
        raise PolicyKGError(f"{where}: parameter {m['name']!r} is required and has a default")
    return Param(m["name"], opts[0], required, default, (m["desc"] or "").strip())


def _check_contract(query: SavedQuery, where: str) -> None:
    missing = [k for k in CHECK_KEYS if not query.header.get(k)]
    if missing:
        raise PolicyKGError(f"{where}: check header lacks #+ {missing[0]}:")
    if query.header["severity"] not in SEVERITIES:
        raise PolicyKGError(f"{where}: severity {query.header['severity']!r}: expected one of {', '.join(SEVERITIES)}")
    if query.form != "SELECT" or not _uses_variable(query.text, "focus"):
        raise PolicyKGError(f"{where}: a check is a SELECT query binding ?focus")
    if not query.name.endswith("-violation"):
        raise PolicyKGError(f"{where}: a check's file name ends in -violation.rq")


def _uses_variable(text: str, name: str) -> bool:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return re.search(rf"[?$]{re.escape(name)}\b", body) is not None


def sparql_form(text: str, where: str = "query") -> str:
    """SELECT/CONSTRUCT/ASK/DESCRIBE of *text*; PolicyKGError for broken SPARQL or an UPDATE.

    >>> sparql_form("SELECT * WHERE { ?s ?p ?o }")
    'SELECT'
    """
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    limits.check("query", len(text.encode("utf-8")), where)
    if _is_empty(text):
        raise PolicyKGError(f"{where}: the query is empty: no SPARQL after the comment lines")
    allow_deep_queries()
    executable = _with_prologue(text)
    known = recall(executable)
    if known is not None:  # parsed and checked before in this process (or the server that forked it)
        return known.algebra.name.replace("Query", "").upper()
    try:
        parsed = parseQuery(executable)
    except RecursionError:
        raise PolicyKGError(f"{where}: broken SPARQL: the query is nested too deeply") from None
    except Exception:  # pyparsing.ParseException and friends
        if _is_update(text, parseUpdate):
            raise PolicyKGError(f"{where}: SPARQL UPDATE is refused: policykg queries are read-only") from None
        try:  # parse the text as written so the error's line numbers are the user's
            parseQuery(text)
            raise RuntimeError("the query parses only without the added PREFIX lines")
        except Exception as exc:
            raise PolicyKGError(f"{where}: broken SPARQL: {_one_line(exc)}") from None
    try:
        translated = translateQuery(parsed)
    except RecursionError:
        raise PolicyKGError(f"{where}: broken SPARQL: the query is nested too deeply") from None
    except Exception as exc:  # unknown prefix, bad aggregate, …
        raise PolicyKGError(f"{where}: broken SPARQL: {_one_line(exc)}") from None
    refuse_remote(translated, where)
    remember(executable, translated)  # the store evaluates it without parsing the text again
    return parsed[1].name.replace("Query", "").upper()


#: Python frames a query may need: rdflib's parser and BGP evaluation recurse once per triple pattern, so a
#: legitimate query of a few hundred patterns passes Python's default of 1000. The query-size cap bounds it.
RECURSION_LIMIT = 10_000


def allow_deep_queries() -> None:
    """Raise the interpreter's recursion limit to :data:`RECURSION_LIMIT` (never lowers it)."""
    if sys.getrecursionlimit() < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)


def _is_empty(text: str) -> bool:
    """True when *text* has no line but blank ones and ``#`` comments."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _is_update(text: str, parse_update) -> bool:
    try:
        parse_update(text)
    except Exception:
        return False
    return True


def _one_line(exc: Exception) -> str:
    msg = " ".join(str(exc).split())
    return msg[:240] + ("…" if len(msg) > 240 else "")


@lru_cache(maxsize=256)  # per query text: the prefix scan costs more than a small query on a store
def _with_prologue(text: str) -> str:
    declared = {m.group(1) or "" for m in _PREFIX_DECL_RE.finditer(text)}
    missing = [p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w<]){re.escape(p)}:", text)]
    prologue = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing)
    return prologue + text


# ---------------------------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------------------------


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """``["k=v", …]`` from the command line → {k: v}; the value may itself contain ``=``."""
    out: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise PolicyKGError(f"--param {pair!r}: expected NAME=VALUE")
        key, value = pair.split("=", 1)
        key = key.strip()
        if not key:
            raise PolicyKGError(f"--param {pair!r}: empty parameter name")
        if key in out:
            raise PolicyKGError(f"--param {key} given twice")
        out[key] = value
    return out


def bind(query: SavedQuery, values: Mapping[str, str], store: Store | None, *,
         as_of: _dt.date | None = None) -> dict[str, Node]:
    """Check *values* against the declared parameters and convert them to RDF terms.

    Unknown or missing parameters, values of the wrong type and IRIs that are not in the data raise PolicyKGError.
    Without a *store* only names and types are checked (a 文号 or title is then not looked up).
    *as_of* (the ``--as-of`` option) fills an ``asOf`` parameter; ``default today`` means the real date.
    """
    values = dict(values)
    if as_of is not None and query.param("asOf") is not None:
        given = values.get("asOf")
        if given is not None and given != as_of.isoformat():
            raise PolicyKGError(f"--as-of {as_of.isoformat()} and --param asOf={given} disagree")
        values["asOf"] = as_of.isoformat()
    for key in values:
        if query.param(key) is None:
            known = ", ".join(p.name for p in query.params) or "none"
            raise PolicyKGError(f"unknown parameter {key!r} for {query.name} (its parameters: {known})")
    bindings: dict[str, Node] = {}
    for p in query.params:
        raw = values.get(p.name)
        if raw is None and p.default is not None:
            raw = _dt.date.today().isoformat() if p.default == "today" else p.default
        if raw is None:
            if p.required:
                raise PolicyKGError(f"{query.name} needs --param {p.name}=… ({p.type})")
            continue
        bindings[p.name] = convert(p, raw, store)
    return bindings


def convert(param: Param, raw: str, store: Store | None) -> Node:
    """One parameter value as an RDF term of its declared type."""
    value = raw.strip()
    label = f"--param {param.name}"
    if param.type == "string":
        return Literal(raw)
    if param.type == "integer":
        if not _INT_RE.match(value):
            raise PolicyKGError(f"{label}: not an integer {raw!r}")
        return Literal(int(value), datatype=XSD.integer)
    if param.type == "date":
        if not _DATE_RE.match(value):
            raise PolicyKGError(f"{label}: not a date {raw!r}: expected YYYY-MM-DD")
        try:
            _dt.date.fromisoformat(value)
        except ValueError:
            raise PolicyKGError(f"{label}: not a date {raw!r}: expected YYYY-MM-DD") from None
        return Literal(value, datatype=XSD.date)
    if param.type == "iri":
        iri = to_iri(value, label)
        _require_known(iri, raw, label, store)
        return iri
    if param.type == "docnumber-or-iri":
        if value.startswith("<") or (looks_like_iri(value) and not _looks_like_docnumber(value)):
            iri = to_iri(value, label)
            _require_known(iri, raw, label, store)
            return iri
        try:
            number = parse_doc_number(value)
        except PolicyKGError:
            return _document_by_title(value, label, store)
        iri = doc_iri(value)
        if store is not None and not _is_known(iri, store):
            raise PolicyKGError(f"{label}: unknown document {number.canonical} ({_short(iri)}): not in the data")
        return iri
    raise PolicyKGError(f"{label}: unsupported parameter type {param.type!r}")  # parse() prevents this


def _looks_like_docnumber(value: str) -> bool:
    try:
        parse_doc_number(value)
    except PolicyKGError:
        return False
    return True


def to_iri(value: str, label: str = "IRI") -> URIRef:
    """*value* (full, <…> or prefixed with a project prefix) as an IRI; PolicyKGError if it is not one."""
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    m = re.match(r"^([A-Za-z][\w\-]*):(.*)$", value)
    if m and m.group(1) in PREFIXES and not value.startswith(("http:", "https:")):
        value = str(PREFIXES[m.group(1)]) + m.group(2)
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S", value) or _IRI_FORBIDDEN.search(value):
        raise PolicyKGError(f"{label}: not an IRI {value!r}: give a full IRI or a prefixed name such as doc:威政字-2023-40")
    return URIRef(value)


_KNOWN_QUERY = "ASK { { ?x ?p ?o } UNION { ?s ?p ?x } }"


def _is_known(iri: URIRef, store: Store) -> bool:
    return store.ask(_KNOWN_QUERY, {"x": iri})


def _require_known(iri: URIRef, raw: str, label: str, store: Store | None) -> None:
    if store is not None and not _is_known(iri, store):
        raise PolicyKGError(f"{label}: unknown IRI {_short(iri)}: not in the data")


_TITLE_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX pkg: <https://w3id.org/policykg/ns#>
SELECT DISTINCT ?doc WHERE {
  ?doc rdfs:label|dct:title|pkg:shortTitle ?name .
  FILTER(STR(?name) = STR(?title) || STR(?name) = CONCAT("《", STR(?title), "》"))
  FILTER NOT EXISTS { ?doc pkg:provisionOf ?parent }
} ORDER BY ?doc
"""


def _document_by_title(value: str, label: str, store: Store | None) -> URIRef:
    if store is None and value:
        return URIRef("urn:x-policykg:title-not-looked-up")  # a type check only; bind() with a store looks it up
    if store is not None and value:
        _, rows = store.select(_TITLE_QUERY, {"title": Literal(value)})
        if len(rows) == 1:
            return rows[0][0]
        if len(rows) > 1:
            names = ", ".join(_short(r[0]) for r in rows[:4])
            raise PolicyKGError(f"{label}: {value!r} names several documents ({names}): give the IRI")
    raise PolicyKGError(f"{label}: {value!r} is neither a 文号 (e.g. 国科发创〔2016〕370号), an IRI, "
                        f"nor the title of a document in the data")


_short = short_iri  # the one naming helper (policykg.naming)


# ---------------------------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------------------------


def run(store: Store, query: SavedQuery, bindings: Mapping[str, Node] | None = None) -> QueryResult:
    """Run *query* on *store* with *bindings* (already converted by :func:`bind`)."""
    text = query.executable_text()
    if query.form == "SELECT":
        names, rows = store.select(text, bindings)
        return QueryResult("SELECT", list(names), list(rows))
    if query.form == "ASK":
        return QueryResult("ASK", boolean=store.ask(text, bindings))
    return QueryResult(query.form, graph=store.construct(text, bindings))


def run_saved(store: Store, name: str, params: Mapping[str, str] | None = None, *,
              as_of: _dt.date | None = None) -> QueryResult:
    """Convenience: load a saved query by name, bind string parameters, run it."""
    query = load(name)
    return run(store, query, bind(query, params or {}, store, as_of=as_of))


# ---------------------------------------------------------------------------------------------------------------
# Serialisation (W3C SPARQL 1.1 Query Results JSON / CSV / TSV / XML)
# ---------------------------------------------------------------------------------------------------------------


def _json_term(term: URIRef | BNode | Literal) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON Format (https://www.w3.org/TR/sparql11-results-json/)."""
    if result.form == "ASK":
        doc = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
                    for row in result.rows]
        doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV (https://www.w3.org/TR/sparql11-results-csv-tsv/): plain values, CRLF line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if result.form == "ASK":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buf.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return buf.getvalue()


_TURTLE_BARE = {
    XSD.integer: re.compile(r"^[+-]?\d+$"),
    XSD.decimal: re.compile(r"^[+-]?\d*\.\d+$"),
    XSD.double: re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$"),
    XSD.boolean: re.compile(r"^(true|false)$"),
}


def _tsv_term(term: URIRef | BNode | Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    lexical = (str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    if term.language:
        return f'"{lexical}"@{term.language}'
    if term.datatype is not None and term.datatype != XSD.string:
        bare = _TURTLE_BARE.get(term.datatype)
        if bare is not None and bare.match(lexical):
            return lexical  # Turtle's short form for numbers and booleans
        return f'"{lexical}"^^<{term.datatype}>'
    return f'"{lexical}"'


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: RDF terms in Turtle syntax, tabs and newlines escaped."""
    if result.form == "ASK":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format, written by rdflib's serializer."""
    from rdflib.query import Result

    r = Result(result.form)
    if result.form == "ASK":
        r.askAnswer = bool(result.boolean)
    else:
        r.vars = [Variable(v) for v in result.variables]
        r.bindings = [{Variable(v): t for v, t in zip(result.variables, row) if t is not None}
                      for row in result.rows]
    return cast(bytes, r.serialize(format="xml", encoding="utf-8")).decode("utf-8")  # bytes without a destination


# ---------------------------------------------------------------------------------------------------------------
# Labels for people (文号 rather than raw IRIs)
# ---------------------------------------------------------------------------------------------------------------

def labels(store: Store) -> dict[Node, str]:
    """The display name of every named node (policykg.naming.Names.name: its 文号, else its Chinese label, else its
    title, else its English label), read with one flat query for the whole graph."""
    names = Names.of(store)
    return {node: names.name(node) for node in names.nodes()}


def display(term: Node | None, names: Mapping[Node, str]) -> str:
    """A cell for people: a label or 文号 for IRIs we know, a prefixed name otherwise, the lexical form of literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return names.get(term) or _short(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


__all__ = [
    "PARAM_TYPES", "Param", "SavedQuery", "QueryResult", "discover", "checks", "load", "parse", "parse_file",
    "sparql_form", "parse_assignments", "bind", "convert", "run", "run_saved", "to_json", "to_csv", "to_tsv",
    "to_xml", "labels", "display", "short_iri", "to_iri", "queries_root",
]
