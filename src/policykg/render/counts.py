"""The report of ``policykg build``: triples loaded and instances per counted class, as text or JSON."""

from __future__ import annotations

import json

from .. import vocab
from ..words import display_width


def _rows() -> list[tuple[str, str, str]]:
    """(class IRI, zh, en) of each counted class; a subclass of an earlier one is indented under it."""
    return [(str(c.cls), "  " * c.depth + c.label.zh, "  " * c.depth + c.label.en) for c in vocab.counted_classes()]


def counts_json(triples: int, files: int | None, counts: dict[str, int], where: str | None) -> str:
    return json.dumps({"triples": triples, "data_files": files, **({"store": where} if where else {}),
                       "counts": {en.strip(): counts[c] for c, _zh, en in _rows()}}, ensure_ascii=False, indent=2)


def counts_text(triples: int, files: int | None, counts: dict[str, int], where: str | None) -> str:
    if where is None:
        lines = [f"已加载 {files} 个数据文件，共 {triples} 条三元组 / loaded {files} data files, {triples} triples"]
    else:
        lines = [f"存储 {where}，共 {triples} 条三元组 / store {where}, {triples} triples"]
    rows = _rows()
    width = max(display_width(zh) for _c, zh, _en in rows)
    lines += [f"{zh}{' ' * (width - display_width(zh))}  {counts[c]:>6}  {en}" for c, zh, en in rows]
    return "\n".join(lines)


__all__ = ["counts_json", "counts_text"]
