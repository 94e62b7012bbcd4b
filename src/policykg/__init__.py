"""policykg — check Chinese government policy documents against the directives they rest on.

Architecture (one module, one job):
    load → store → validate / query / trace / export / ingest → render
"""

__version__ = "0.1.0"
