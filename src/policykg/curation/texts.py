"""The shipped source texts, by the stem of their src: IRI, as data/sources.ttl describes them."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..errors import PolicyKGError
from ..load import parse_turtle_into
from ..namespaces import PKG, SRC
from ..provenance import read_source


class SourceTexts:
    """Source texts read on demand; *data_root* holds sources.ttl and the sources/ folder."""

    def __init__(self, data_root: Path) -> None:
        self.data_root = Path(data_root)
        self.graph = Graph()
        parse_turtle_into(self.graph, self.data_root / "sources.ttl")
        self._paths: dict[str, Path] = {}
        for node in self.graph.subjects(RDF.type, PKG.SourceText):
            local = self.graph.value(node, PKG.localPath)
            if local is not None:
                self._paths[str(node)[len(str(SRC)):]] = self.data_root / str(local)
        self._texts: dict[str, str] = {}

    def iri(self, stem: str) -> URIRef:
        if stem not in self._paths:
            raise PolicyKGError(f"source {stem!r} is not described in data/sources.ttl (run python -m policykg.curation)")
        return SRC[stem]

    def path(self, stem: str) -> Path:
        self.iri(stem)
        return self._paths[stem]

    def text(self, stem: str) -> str:
        if stem not in self._texts:
            path = self.path(stem)
            if not path.is_file():
                raise PolicyKGError(f"source text {path} of src:{stem} not found")
            try:
                self._texts[stem] = read_source(path)
            except UnicodeDecodeError as exc:
                raise PolicyKGError(f"{path}: not UTF-8 (byte {exc.start}); convert it, e.g. iconv -f GB18030 "
                                    "-t UTF-8") from None
        return self._texts[stem]
