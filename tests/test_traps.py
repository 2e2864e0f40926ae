"""The traps table (tests/data/traps.txt): correct targets that look wrong, from agriculture,
education, health, transport and police projects: negated rates (不合格率, 未达标率, 无事故率),
decline rates (投诉下降率), rates of change above 100%, changes in percentage points, complaint
rates under satisfaction, deadlines, 0 accidents, 不高于 cost lines. A reviewer raises nothing
there that needs a look: no error and no warning."""
from __future__ import annotations

from conftest import TESTS, lint_paths

TRAPS = TESTS / "data" / "traps.txt"


def test_traps_give_no_error_and_no_warning(catalogue, settings):
    result = lint_paths([TRAPS], catalogue, settings)
    assert result.files[0].indicators >= 40 and result.files[0].projects >= 8
    alarms = [(f.rule, f.project, f.indicator, f.field, f.value) for f in result.findings if f.at_least("warning")]
    assert alarms == []
    # the notes left are the complaint rates filed under satisfaction, and nothing else
    assert {f.rule for f in result.findings} <= {"CD11"}
    assert all("投诉" in f.value for f in result.findings)
