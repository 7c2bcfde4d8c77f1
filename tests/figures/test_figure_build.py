"""`python -m reference_impl.figures`: every figure with its manifest record, reproducible bytes, all-or-nothing writes."""

from __future__ import annotations

import json
import math
import shutil
import struct
from pathlib import Path

import PIL.Image
import pytest
import torch

from reference_impl.figures import build, cache, manifest, plotting, registry
from reference_impl.figures.__main__ import main

CHEAP = ["noise-schedules", "forward-process"]  # no training: quick to build again


def png_chunks(path: Path) -> list[tuple[bytes, bytes]]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        chunks.append((data[at + 4 : at + 8], data[at + 8 : at + 8 + length]))
        at += 12 + length
    return chunks


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_every_registered_figure_is_made_and_recorded(quick_figures: Path) -> None:
    data = manifest.read(quick_figures / manifest.FILE_NAME)
    assert list(data["figures"]) == list(registry.NAMES)
    assert data["suite"]["mode"] == "quick" and data["suite"]["device"] == "cpu" and data["suite"]["seconds"] > 0
    for name, entry in data["figures"].items():
        spec = registry.get(name)
        assert entry["files"] == [f"{name}.png", f"{name}.webp", f"{name}@2x.webp"]
        assert entry["file_sha256"] == {file: cache.file_sha256(quick_figures / file) for file in entry["files"]}
        assert entry["cache_key"] == spec.cache_key("quick", build.ROOT)
        assert (entry["mode"], entry["device"], entry["torch"], entry["seed"]) == ("quick", "cpu", torch.__version__, spec.seed)
        assert entry["config"] == spec.config("quick")
        assert (entry["caption"], entry["alt"]) == (spec.caption, spec.alt)
        assert entry["seconds"] > 0
        assert entry["numbers"], f"{name} records no measured number"
        assert all(isinstance(v, (int, float)) and math.isfinite(v) for v in entry["numbers"].values()), name
        assert set(entry) == set(manifest.FIGURE_FIELDS)


def test_sources_of_a_figure_are_the_definitions_it_uses(quick_figures: Path) -> None:
    entries = manifest.read(quick_figures / manifest.FILE_NAME)["figures"]
    assert set(entries["noise-schedules"]["sources"]) == {
        "reference_impl/figures/builders/noise_schedules.py:build",
        "reference_impl/figures/plotting.py:COLORS",
        "reference_impl/figures/plotting.py:new_figure",
        "reference_impl/schedules.py:NAMES",
        "reference_impl/schedules.py:Schedule",
        "reference_impl/schedules.py:cosine_betas",
        "reference_impl/schedules.py:linear_betas",
        "reference_impl/schedules.py:make",
    }
    guidance = set(entries["guidance"]["sources"])
    assert {"reference_impl/guidance.py:classifier_free_guidance", "reference_impl/samplers.py:ddim", "reference_impl/training.py:train"} <= guidance
    assert not any(source.startswith("reference_impl/guidance.py") for source in entries["solvers"]["sources"])
    assert "reference_impl/samplers.py:annealed_langevin" not in guidance


def test_figures_are_made_at_the_size_they_are_shown(quick_figures: Path) -> None:
    """PNG and WebP at plotting.SHOWN_WIDTH pixels (the manifest's "pixels"), a WebP at twice that for HiDPI screens,
    each WebP smaller than the PNG."""
    for name, entry in manifest.read(quick_figures / manifest.FILE_NAME)["figures"].items():
        width, height = entry["pixels"]
        assert width == plotting.SHOWN_WIDTH and 0 < height < 2 * width, name
        for file, scale, kind in ((f"{name}.png", 1, "PNG"), (f"{name}.webp", 1, "WEBP"), (f"{name}@2x.webp", 2, "WEBP")):
            with PIL.Image.open(quick_figures / file) as image:
                assert image.format == kind and image.size[0] == scale * width, file
                assert abs(image.size[1] - scale * height) <= 1, file  # the 2x height rounds on its own
        assert (quick_figures / f"{name}.webp").stat().st_size < (quick_figures / f"{name}.png").stat().st_size, name


def test_pngs_carry_no_software_or_time_metadata(quick_figures: Path) -> None:
    for path in quick_figures.glob("*.png"):
        chunks = png_chunks(path)
        types = {kind for kind, _ in chunks}
        assert b"tIME" not in types, path.name
        keys = {body.split(b"\0", 1)[0] for kind, body in chunks if kind in (b"tEXt", b"iTXt", b"zTXt")}
        assert not keys & {b"Software", b"Creation Time", b"Date"}, (path.name, keys)


def test_rebuilding_one_figure_gives_the_same_bytes_and_keeps_the_others(quick_figures: Path, tmp_path: Path, build_figures) -> None:
    out = tmp_path / "figures"
    shutil.copytree(quick_figures, out)
    before = manifest.read(out / manifest.FILE_NAME)
    done = build_figures(out, *(arg for name in CHEAP for arg in ("--only", name)))
    assert done.returncode == 0, done.stderr
    after = manifest.read(out / manifest.FILE_NAME)
    for name in CHEAP:
        for file in after["figures"][name]["files"]:
            assert (out / file).read_bytes() == (quick_figures / file).read_bytes(), file
        assert after["figures"][name]["cache_key"] == before["figures"][name]["cache_key"]
        assert after["figures"][name]["numbers"] == before["figures"][name]["numbers"]
    for name in set(registry.NAMES) - set(CHEAP):
        assert after["figures"][name] == before["figures"][name]
    assert after["suite"] == before["suite"], "a partial run must not claim to be the whole suite"
    assert not list(out.glob(".build-*")) and not list(out.glob(".manifest*"))


def test_every_figure_comes_out_byte_identical_when_built_again(quick_figures: Path, tmp_path: Path, build_figures) -> None:
    """Nothing that varies between runs (a wall time, a date) may end up in an image."""
    out = tmp_path / "figures"
    done = build_figures(out)
    assert done.returncode == 0, done.stderr
    for name in registry.NAMES:
        for file in (f"{name}.png", f"{name}.webp", f"{name}@2x.webp"):
            assert (out / file).read_bytes() == (quick_figures / file).read_bytes(), file


def _raise(exception: BaseException):
    def build(config, *, device, seed):
        raise exception

    return build


@pytest.mark.parametrize("exception", [RuntimeError("builder broke"), KeyboardInterrupt()], ids=["error", "interrupt"])
def test_a_failing_figure_leaves_previous_figures_and_manifest(
    quick_figures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exception: BaseException
) -> None:
    out = tmp_path / "figures"
    shutil.copytree(quick_figures, out)
    before = snapshot(out)
    # forward-process is built first and succeeds; noise-schedules, second, fails.
    from reference_impl.figures.builders import noise_schedules

    monkeypatch.setattr(noise_schedules, "build", _raise(exception))
    expected = build.BuildError if isinstance(exception, Exception) else KeyboardInterrupt
    with pytest.raises(expected) as raised:
        build.run(CHEAP, mode="quick", device=torch.device("cpu"), out=out, progress=False)
    if expected is build.BuildError:
        assert "noise-schedules" in str(raised.value) and "builder broke" in str(raised.value)
    assert snapshot(out) == before  # same files, same bytes, no temporary folder left


def test_command_line_reports_a_failing_figure(quick_figures: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    out = tmp_path / "figures"
    shutil.copytree(quick_figures, out)
    before = snapshot(out)
    from reference_impl.figures.builders import noise_schedules

    monkeypatch.setattr(noise_schedules, "build", _raise(ValueError("bad config")))
    monkeypatch.setattr(torch, "set_num_threads", lambda n: None)  # leave the test process as it is
    assert main(["--quick", "--device", "cpu", "--out", str(out), "--only", "noise-schedules"]) == 1
    err = capsys.readouterr().err
    assert "noise-schedules" in err and "bad config" in err and "unchanged" in err
    assert snapshot(out) == before


def test_a_malformed_manifest_stops_the_run_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "figures"
    out.mkdir()
    (out / manifest.FILE_NAME).write_text('{"format": 1,\n  "figures": {,}\n}\n')
    before = snapshot(out)
    with pytest.raises(manifest.ManifestError, match=r"manifest\.json:2: not valid JSON"):
        build.run(["noise-schedules"], mode="quick", device=torch.device("cpu"), out=out, progress=False)
    assert snapshot(out) == before


def test_unknown_figure_name_is_refused_with_the_known_ones(tmp_path: Path, build_figures) -> None:
    done = build_figures(tmp_path / "figures", "--only", "no-such-figure")
    assert done.returncode == 2
    assert "no-such-figure" in done.stderr and "forward-process" in done.stderr
    assert not (tmp_path / "figures").exists()


def test_manifest_is_plain_json_in_registry_order(quick_figures: Path) -> None:
    text = (quick_figures / manifest.FILE_NAME).read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert list(json.loads(text)["figures"]) == list(registry.NAMES)
