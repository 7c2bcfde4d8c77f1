"""The drift check: the quick configuration, rebuilt by this run, must reproduce the numbers recorded
in quick_numbers.json within each figure's stated tolerance (registry.TOLERANCE; wall times are not
compared). CI runs it with every test run, so a change of code that moves what a figure shows fails
here, not silently on the site.

After a deliberate change, record the new numbers (and say why in the commit):

    UPDATE_QUICK_NUMBERS=1 python -m pytest tests/figures/test_quick_numbers.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from reference_impl.figures import manifest, registry

RECORDED = Path(__file__).with_name("quick_numbers.json")


def test_quick_numbers_reproduce_within_their_tolerance(quick_figures: Path) -> None:
    built = {name: entry["numbers"] for name, entry in manifest.read(quick_figures / manifest.FILE_NAME)["figures"].items()}
    if os.environ.get("UPDATE_QUICK_NUMBERS"):
        kept = {name: {label: value for label, value in numbers.items() if registry.TIMING not in label} for name, numbers in built.items()}
        RECORDED.write_text(json.dumps(kept, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")  # wall times vary: not recorded
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    assert set(recorded) == set(registry.NAMES), "record the numbers of every registered figure"
    drifted = {name: registry.drift(registry.get(name), recorded[name], built[name]) for name in registry.NAMES}
    assert not any(drifted.values()), {name: problems for name, problems in drifted.items() if problems}


def test_drift_is_noticed_beyond_the_tolerance_and_only_there() -> None:
    spec = registry.get("solvers")
    recorded = {"SW": 0.1, "samples": 512, "DDIM-10: wall time (s)": 3.0}
    within = {"SW": 0.1 * (1 + spec.tolerance["rel"]) + 0.5 * spec.tolerance["abs"], "samples": 512, "DDIM-10: wall time (s)": 30.0}
    assert registry.drift(spec, recorded, within) == []
    beyond = {**within, "SW": 0.1 * (1 + spec.tolerance["rel"]) + 2 * spec.tolerance["abs"]}
    assert [problem.split(":")[0] for problem in registry.drift(spec, recorded, beyond)] == ["SW"]
    assert registry.drift(spec, recorded, {"SW": 0.1}) == ["samples: no longer measured"]
    assert registry.drift(spec, {"SW": 0.1}, within) == ["samples: new, not recorded"]
