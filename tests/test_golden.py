"""Byte-identity of what users see from the bundled data: check reports in every format, saved query results,
traces and every export view/format, against the outputs recorded in tests/fixtures/golden/.

The recorded files were made before the restructuring of issue 12; a change of output must be intended.
Regenerate with:

    PYTHONPATH=src python tests/golden.py --write

and say so in the commit message.
"""

from __future__ import annotations

import difflib

import pytest

from golden import GOLDEN, cases, produce, runs_this_checkout

CASES = cases()


def test_the_outputs_are_made_by_this_checkouts_code():
    # pyproject's pytest pythonpath puts src/ first: the installed copy in .venv may be older than the checkout
    assert runs_this_checkout()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_byte_identical_to_the_recorded_one(name):
    recorded = GOLDEN / name
    assert recorded.is_file(), f"no recorded output {name}: run PYTHONPATH=src python tests/golden.py --write"
    expected = recorded.read_bytes()
    actual = produce(name, CASES[name])
    if actual != expected:
        diff = "\n".join(list(difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(), actual.decode("utf-8", "replace").splitlines(),
            "recorded", "now", lineterm="", n=1))[:60])
        pytest.fail(f"{name} differs from the recorded output:\n{diff}")
