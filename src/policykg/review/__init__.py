"""What a 合法性审核 reviewer acts on, computed over a check report: each finding's kind and stable id, the
comparison with the previous round (--baseline), the draft's own sentence behind a finding, a status card per
document the draft rests on or cites, and the verdict. Renderers read these; they never look at RDF.

Modules: kinds (data/review/findings.toml), ids, baseline, excerpts, cards.
"""
