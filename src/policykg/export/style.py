"""How nodes and edges look: fill by administrative level, border by in-force status, shape by kind.

One table serves every format (DOT/SVG/PNG, GEXF viz colours, GraphML/Cytoscape attributes, the HTML legend), so
a colour means the same thing wherever the graph is opened.
"""

from __future__ import annotations

from dataclasses import dataclass

#: code:level-* local name → fill colour, highest level first (the order also ranks joint issuers)
LEVEL_FILLS: dict[str, str] = {
    "level-central": "#f4c7c3",
    "level-state-council": "#fad2b4",
    "level-state-council-department": "#fce8b2",
    "level-provincial": "#d4e9c8",
    "level-municipal": "#c6dcf5",
    "level-county": "#d9d2e9",
    "level-township": "#ead1dc",
}
NO_LEVEL_FILL = "#ffffff"

#: code:status-* local name → (border colour, DOT style, pen width)
STATUS_BORDERS: dict[str, tuple[str, str, float]] = {
    "status-in-force": ("#2e7d32", "solid", 2.0),
    "status-not-yet-in-force": ("#1565c0", "dashed", 2.0),
    "status-amended": ("#ef6c00", "solid", 2.0),
    "status-expired": ("#c62828", "dashed", 2.0),
    "status-repealed": ("#c62828", "dashed", 3.0),
}
NO_STATUS_BORDER = ("#5f6368", "solid", 1.0)

#: kind (policykg.vocab.node_kinds) → (DOT shape, fill for kinds not coloured by level, border)
KIND_SHAPES: dict[str, tuple[str, str, str]] = {
    "document": ("box", NO_LEVEL_FILL, "#5f6368"),
    "provision": ("note", "#f1f3f4", "#80868b"),
    "organ": ("house", NO_LEVEL_FILL, "#5f6368"),
    "measure": ("ellipse", "#e6f4ea", "#137333"),
    "area": ("tab", "#fef7e0", "#b06000"),
    "result": ("hexagon", "#fce8e6", "#a50e0e"),
    "indicator": ("diamond", "#f1f3f4", "#5f6368"),
    "evaluation": ("component", "#e8f0fe", "#174ea6"),
    "assessment": ("component", "#e8f0fe", "#174ea6"),
    "target": ("cds", "#fef7e0", "#b06000"),
    "procedure-step": ("parallelogram", "#f1f3f4", "#5f6368"),
}

#: edge kind → (colour, DOT style)
EDGE_STYLES: dict[str, tuple[str, str]] = {
    "basis": ("#37474f", "solid"),
    "implements-policy": ("#1565c0", "solid"),
    "conformity": ("#2e7d32", "dashed"),
    "trace": ("#8d6e63", "solid"),
    "part": ("#9aa0a6", "dotted"),
    "other": ("#9aa0a6", "solid"),
}

LEVELLED_KINDS = ("document", "organ")


@dataclass(frozen=True)
class NodeStyle:
    shape: str
    fill: str
    border: str
    border_style: str
    pen_width: float


def node_style(kind: str, level_code: str = "", status_code: str = "") -> NodeStyle:
    """The look of a node of *kind* at *level_code* with *status_code* (local names, '' when unknown).

    >>> node_style("document", "level-municipal", "status-repealed").fill
    '#c6dcf5'
    >>> node_style("document", "level-municipal", "status-repealed").border_style
    'dashed'
    """
    shape, kind_fill, kind_border = KIND_SHAPES.get(kind, ("box", NO_LEVEL_FILL, "#5f6368"))
    fill = LEVEL_FILLS.get(level_code, NO_LEVEL_FILL) if kind in LEVELLED_KINDS else kind_fill
    if kind == "document":
        border, style, width = STATUS_BORDERS.get(status_code, NO_STATUS_BORDER)
    else:
        border, style, width = kind_border, "solid", 1.0
    return NodeStyle(shape, fill, border, style, width)


#: relation (compact IRI) → (colour, DOT style); a relation not listed takes its edge kind's style
RELATION_STYLES: dict[str, tuple[str, str]] = {
    "eli:based_on": EDGE_STYLES["basis"],
    "pkg:implementsPolicy": EDGE_STYLES["implements-policy"],
    "pkg:assessedConformityWith": EDGE_STYLES["conformity"],
    "pkg:achievedThrough": ("#188038", "solid"),
    "pkg:inArea": ("#e37400", "solid"),
    "pkg:attributedTo": ("#c5221f", "solid"),
    "pkg:measureOf": ("#8430ce", "solid"),
    "pkg:implements": ("#007b83", "solid"),
    "pkg:areaConcerns": ("#b08d00", "solid"),
    "pkg:provisionOf": EDGE_STYLES["part"],
    "eli:is_part_of": EDGE_STYLES["part"],
    "eli:passed_by": ("#9aa0a6", "solid"),
    "pkg:leadIssuer": ("#9aa0a6", "solid"),
}


def edge_style(kind: str, relation: str = "") -> tuple[str, str]:
    """(colour, DOT style) of an edge: by relation where the table has it, else by kind."""
    return RELATION_STYLES.get(relation) or EDGE_STYLES.get(kind, EDGE_STYLES["other"])


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """'#c6dcf5' → (198, 220, 245)."""
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def level_rank(level_code: str) -> int:
    """Position of a level in LEVEL_FILLS (unknown levels last)."""
    order = list(LEVEL_FILLS)
    return order.index(level_code) if level_code in order else len(order)
