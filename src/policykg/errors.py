"""Failures that end a command with exit code 2 and one readable line.

Findings of a check are *results* (returned); these are *failures* (raised), as in pySHACL.
"""


class PolicyKGError(Exception):
    """A user-facing failure: bad input, unknown IRI, broken query. Its message is one line."""

    exit_code = 2

    def __str__(self) -> str:  # keep messages on one line whatever the cause carried
        return " ".join(super().__str__().split())
