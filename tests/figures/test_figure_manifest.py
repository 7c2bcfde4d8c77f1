"""colloquium.figure_manifest: fresh / stale / missing from the manifest and the current sources, without torch."""

from __future__ import annotations

import ast
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from colloquium import figure_manifest
from reference_impl.figures import manifest, registry

TWO_D = {"ddpm-sampling", "ddim-vs-ddpm", "score-field", "guidance", "flow-matching", "solvers"}


def states(root: Path, mode: str = "quick") -> dict[str, str]:
    return {name: status.state for name, status in figure_manifest.check(root, mode=mode).items()}


def touch(path: Path, name: str) -> None:
    """Change the top-level definition ``name`` of a source file the way an edit does (its meaning aside)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    node = next(n for n in ast.parse("\n".join(lines)).body if name in {getattr(n, "name", None), *(t.id for t in getattr(n, "targets", []) if isinstance(t, ast.Name))})
    lines[node.end_lineno - 1] += "  # edited"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_fresh_build_reads_fresh_with_its_record(project_copy: Path) -> None:
    report = figure_manifest.check(project_copy, mode="quick")
    assert list(report) == list(registry.NAMES) == list(figure_manifest.known_figures())
    for name, status in report.items():
        spec = registry.get(name)
        assert status.fresh and status.reasons == (), (name, status.reasons)
        assert (status.caption, status.alt, status.images) == (spec.caption, spec.alt, (f"{name}.png", f"{name}.webp", f"{name}@2x.webp"))
        assert status.pixels[0] == 720
        assert status.numbers and status.provenance["mode"] == "quick" and status.provenance["device"] == "cpu"
        assert set(status.provenance) == set(figure_manifest.PROVENANCE)


@pytest.mark.parametrize(
    ("source", "definition", "expected"),
    [
        ("reference_impl/figures/builders/noise_schedules.py", "build", {"noise-schedules"}),
        ("reference_impl/figures/builders/solvers.py", "build", {"solvers"}),
        ("reference_impl/guidance.py", "classifier_free_guidance", {"guidance"}),
        ("reference_impl/samplers.py", "ddpm", {"ddpm-sampling", "ddim-vs-ddpm", "solvers", "inverse-problems"}),
        ("reference_impl/samplers.py", "annealed_langevin", {"score-field"}),
        ("reference_impl/samplers.py", "_noise", TWO_D | {"classifier-guidance", "inverse-problems", "consistency", "unified-view", "ddim-inversion", "latent-diffusion", "memorisation", "cfg-tilted"}),
        ("reference_impl/guidance.py", "dps", {"inverse-problems"}),
        ("reference_impl/figures/toy2d.py", "trained", TWO_D),
        ("reference_impl/schedules.py", "make", set(registry.NAMES) - {"masked-diffusion"}),
    ],
)
def test_changing_one_definition_marks_exactly_the_figures_that_use_it_stale(project_copy: Path, source: str, definition: str, expected: set) -> None:
    touch(project_copy / source, definition)
    report = figure_manifest.check(project_copy, mode="quick")
    assert {name for name, status in report.items() if status.state == "stale"} == expected
    assert all(status.fresh for name, status in report.items() if name not in expected)
    for name in expected:
        assert report[name].reasons == (f"source changed: {source}:{definition}",)
        assert report[name].numbers, "a stale figure still shows its last numbers"


def test_adding_a_sampler_leaves_every_figure_fresh(project_copy: Path) -> None:
    """New code that no figure calls (the registry not extended yet) changes no cache key; comments between definitions neither."""
    path = project_copy / "reference_impl/samplers.py"
    path.write_text(path.read_text(encoding="utf-8") + "\n\ndef new_sampler(model, x_T, schedule):\n    return x_T\n\n# a comment\n", encoding="utf-8")
    assert states(project_copy) == dict.fromkeys(registry.NAMES, "fresh")


def test_a_changed_configuration_reads_stale(project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = registry.get("noise-schedules")
    changed = dataclasses.replace(spec, quick={**spec.quick, "T": 500})
    monkeypatch.setattr(registry, "FIGURES", tuple(changed if s is spec else s for s in registry.FIGURES))
    report = figure_manifest.check(project_copy, mode="quick")
    assert report["noise-schedules"].state == "stale"
    assert report["noise-schedules"].reasons == ("configuration changed",)


def test_quick_figures_are_stale_for_the_site_unless_both_configurations_agree(project_copy: Path) -> None:
    same = {spec.name for spec in registry.FIGURES if spec.full == spec.quick}
    assert same == {"forward-process", "noise-schedules"}
    report = figure_manifest.check(project_copy, mode="full")
    assert {name: status.state for name, status in report.items()} == {
        name: "fresh" if name in same else "stale" for name in registry.NAMES
    }
    assert report["guidance"].reasons == ("made with the quick configuration, full expected",)


def test_an_image_changed_after_the_build_reads_stale(project_copy: Path) -> None:
    image = project_copy / "figures" / "guidance.png"
    image.write_bytes(image.read_bytes()[:-100])  # e.g. half copied
    status = figure_manifest.check(project_copy, mode="quick")["guidance"]
    assert status.state == "stale" and status.reasons == ("image changed since it was made: guidance.png",)


def test_missing_image_or_entry_reads_missing(project_copy: Path) -> None:
    (project_copy / "figures" / "solvers.png").unlink()
    path = project_copy / "figures" / manifest.FILE_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["figures"]["guidance"]
    path.write_text(json.dumps(data), encoding="utf-8")
    report = figure_manifest.check(project_copy, mode="quick")
    assert report["solvers"].state == "missing" and report["solvers"].reasons == ("image file missing: solvers.png",)
    assert report["guidance"].state == "missing" and report["guidance"].reasons == ("not in the manifest",)
    assert report["guidance"].images == () and report["guidance"].numbers == {}
    assert report["guidance"].caption == registry.get("guidance").caption


def test_no_manifest_means_every_figure_missing(tmp_path: Path) -> None:
    (tmp_path / "reference_impl").symlink_to(Path(registry.__file__).parents[1])
    assert states(tmp_path, mode="full") == dict.fromkeys(registry.NAMES, "missing")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": 1,\n "figures": {\n  "x": }\n}', r"manifest\.json:3: not valid JSON"),
        ('{"format": 2, "figures": {}}', r'manifest\.json: expected an object with "format": 1'),
        ('{"format": 1, "figures": {"guidance": {"name": "guidance"}}}', r"manifest\.json: figure 'guidance': missing field\(s\) caption, alt"),
    ],
)
def test_a_malformed_manifest_is_an_error_that_says_where(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / manifest.FILE_NAME).write_text(text, encoding="utf-8")
    with pytest.raises(figure_manifest.ManifestError, match=message):
        figure_manifest.check(tmp_path)


def test_reading_the_manifest_imports_no_torch(project_copy: Path) -> None:
    code = (
        "import sys; from colloquium import figure_manifest as fm; "
        f"report = fm.check({str(project_copy)!r}, mode='quick'); "
        "assert all(s.fresh for s in report.values()); "
        "heavy = [m for m in ('torch', 'numpy', 'matplotlib') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_regenerate_makes_a_stale_figure_fresh_and_leaves_the_rest(project_copy: Path) -> None:
    touch(project_copy / "reference_impl/figures/builders/noise_schedules.py", "build")
    others = {name: (project_copy / "figures" / f"{name}.png").read_bytes() for name in registry.NAMES if name != "noise-schedules"}
    figure_manifest.regenerate(project_copy, ["noise-schedules"], mode="quick")
    assert states(project_copy) == dict.fromkeys(registry.NAMES, "fresh")
    assert others == {name: (project_copy / "figures" / f"{name}.png").read_bytes() for name in others}


def test_regenerate_failure_raises_with_the_output_and_changes_nothing(project_copy: Path) -> None:
    builder = project_copy / "reference_impl/figures/builders/noise_schedules.py"
    builder.write_text(builder.read_text(encoding="utf-8").replace("def build(", "def build(config, **_):\n    raise ValueError('planted failure')\n\n\ndef unused("))
    before = (project_copy / "figures" / manifest.FILE_NAME).read_bytes()
    with pytest.raises(figure_manifest.FigureBuildError, match="planted failure"):
        figure_manifest.regenerate(project_copy, ["noise-schedules"], mode="quick")
    assert (project_copy / "figures" / manifest.FILE_NAME).read_bytes() == before
    with pytest.raises(ValueError, match="unknown figure"):
        figure_manifest.regenerate(project_copy, ["nope"])


@pytest.mark.parametrize(("value", "shown"), [(3, "3"), (0.042137, "0.0421"), (12.345, "12.3"), (1.5e-05, "1.5e-05"), (1.0, "1")])
def test_numbers_are_shown_with_three_significant_digits(value, shown: str) -> None:
    assert figure_manifest.format_number(value) == shown
