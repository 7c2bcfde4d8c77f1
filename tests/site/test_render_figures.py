"""Figures on the pages (from the figure manifest) and the build's figure policy."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
import types
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

import tiny_site
from colloquium import pages, site_build
from colloquium.dates import Clock
from colloquium.schedule import build_index
from colloquium.figure_manifest import FigureStatus
from colloquium.loader import load_site

MADE = {"cache_key": "abc123", "mode": "full", "device": "cuda", "device_name": "NVIDIA H100", "torch": "2.13.0",
        "python": "3.11", "numpy": "2", "matplotlib": "3", "seed": 0, "seconds": 12.345}
FRESH = FigureStatus(name="ddpm-sampling", state="fresh", reasons=(), caption="DDPM with $x_t$", alt="Dots <sampled>",
                     images=("ddpm-sampling.png",), numbers={"SW distance": 0.0421234, "samples": 512}, provenance=MADE)
MISSING = FigureStatus(name="solvers", state="missing", reasons=("not in the manifest",), caption="Solvers", alt="A plot")


@pytest.fixture
def site(tmp_path: Path):
    events = {"seminar": {"kind": "seminar", "title": "S", "sessions": [
        {"number": 1, "title": "DDPM", "figures": ["ddpm-sampling", "solvers"]}]}}
    tiny_site.write_project(tmp_path, events=events)
    return load_site(tmp_path / "data", known_figures=["ddpm-sampling", "solvers"], root=tmp_path)


def test_figure_numbers_and_provenance_as_shown() -> None:
    figure = pages.Figure.from_status(FRESH)
    assert figure.image == "ddpm-sampling.png"
    assert figure.numbers == {"SW distance": "0.0421", "samples": "512"}
    assert figure.provenance["Made on"] == "NVIDIA H100 (cuda)"
    assert figure.provenance["Time"] == "12.3 s" and figure.provenance["Cache key"] == "abc123"
    assert pages.Figure.from_status(MISSING).image is None


def test_session_page_shows_image_caption_alt_and_numbers(site) -> None:
    figures = {status.name: pages.Figure.from_status(status) for status in (FRESH, MISSING)}
    page = tiny_site.generated(build_index(site, Clock(day=dt.date(2025, 9, 20))), figures=figures)["seminar/week-1/index.md"]
    assert '<picture><img src="../../figures/ddpm-sampling.png" alt="Dots &lt;sampled&gt;" fetchpriority="high" decoding="async"></picture>' in page
    assert 'DDPM with <span class="arithmatex">\\(x_t\\)</span>' in page
    assert "<dt>SW distance</dt><dd>0.0421</dd>" in page
    assert "The figure “solvers” has not been generated yet." in page
    assert 'href="../../figures/#ddpm-sampling"' in page


def test_gallery_lists_every_figure_with_provenance_and_its_sessions(site) -> None:
    figures = {status.name: pages.Figure.from_status(status) for status in (FRESH, MISSING)}
    suite = {"mode": "full", "device": "cuda", "device_name": "NVIDIA H100", "torch": "2.13.0", "seconds": 41.27}
    gallery = tiny_site.generated(build_index(site, Clock(day=dt.date(2025, 9, 20))), figures=figures, figure_suite=suite)["figures/index.md"]
    assert gallery.index("## ddpm\\-sampling { #ddpm-sampling }") < gallery.index("## solvers { #solvers }")
    assert "<dt>Made on</dt><dd>NVIDIA H100 (cuda)</dd>" in gallery and "<dt>PyTorch</dt><dd>2.13.0</dd>" in gallery
    assert "41.3 s on NVIDIA H100 (cuda) with PyTorch 2.13.0 (full configuration)" in gallery
    assert gallery.count('href="../seminar/week-1/"') == 2


# ---------------------------------------------------------------------------- the policy


@pytest.fixture
def hooks(monkeypatch):
    spec = importlib.util.spec_from_file_location("colloquium_hooks", tiny_site.REPO / "hooks" / "colloquium_hooks.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def index(site):
    return build_index(site, Clock(day=dt.date(2025, 9, 20)))


def _manifest(monkeypatch, *states: dict) -> list:
    """figure_manifest.check answers with `states` in turn; returns the regenerate calls."""
    answers, calls = list(states), []
    monkeypatch.setattr(site_build.figure_manifest, "check", lambda root: answers.pop(0))
    monkeypatch.setattr(site_build.figure_manifest, "regenerate", lambda root, names: calls.append(names))
    return calls


def test_warn_policy_warns_of_each_outdated_figure_the_sessions_show(monkeypatch, index) -> None:
    _manifest(monkeypatch, {"ddpm-sampling": FRESH, "solvers": MISSING})
    _, warnings = site_build._checked_figures(Path("."), index, "warn")
    assert warnings == [
        "figure 'solvers' is missing: not in the manifest (make it with: python -m reference_impl.figures --only solvers)"]


def test_fail_policy_stops_the_build(monkeypatch, index) -> None:
    _manifest(monkeypatch, {"ddpm-sampling": FRESH, "solvers": MISSING})
    with pytest.raises(site_build.FigureProblems, match="figure 'solvers' is missing"):
        site_build._checked_figures(Path("."), index, "fail")


def test_regenerate_policy_remakes_only_outdated_figures_and_checks_again(monkeypatch, index) -> None:
    fresh_solvers = FigureStatus(**{**MISSING.__dict__, "state": "fresh", "reasons": ()})
    calls = _manifest(monkeypatch, {"ddpm-sampling": FRESH, "solvers": MISSING},
                      {"ddpm-sampling": FRESH, "solvers": fresh_solvers})
    statuses, warnings = site_build._checked_figures(Path("."), index, "regenerate")
    assert calls == [["solvers"]] and statuses["solvers"].fresh and warnings == []


def test_figures_no_session_shows_are_not_checked(monkeypatch, index) -> None:
    unused = FigureStatus(name="guidance", state="stale", reasons=("source changed",), caption="G", alt="G")
    _manifest(monkeypatch, {"ddpm-sampling": FRESH, "guidance": unused})
    site_build._checked_figures(Path("."), index, "fail")  # no error: no session shows 'guidance'


def test_an_unknown_policy_is_an_error(hooks, tmp_path: Path) -> None:
    config = types.SimpleNamespace(extra={"colloquium": {"figure_policy": "sometimes"}},
                                   config_file_path=str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with pytest.raises(PluginError, match="figure_policy: 'sometimes' is not one of regenerate, fail, warn"):
        hooks.on_config(config)
