"""The GitHub Pages workflow: what it does, and two linters that must find nothing in it.

`check-jsonschema --builtin-schema vendor.github-workflows` checks the workflow against
GitHub's schema (typos, unknown keys, wrong types); `zizmor --offline --pedantic` audits it
for security problems (unpinned actions, broad permissions, credential leaks). Both run
offline. Each linter is also shown to catch a broken copy, so a silent linter cannot pass.
"""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from ruamel.yaml import YAML

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
PAGES = REPO_ROOT / ".github" / "workflows" / "pages.yml"
BIN = Path(sys.executable).parent


def check_jsonschema(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", path],
        capture_output=True, text=True,
    )


def zizmor(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BIN / "zizmor", "--offline", "--pedantic", "--strict-collection", "--no-progress", path],
        capture_output=True, text=True, cwd=REPO_ROOT,
    )


def pages() -> dict:
    return YAML(typ="safe").load(PAGES.read_text())  # YAML 1.2: `on` stays a string


def steps_using(action: str) -> list[dict]:
    return [step for job in pages()["jobs"].values() for step in job.get("steps", [])
            if step.get("uses", "").startswith(action + "@")]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(workflow):
    result = check_jsonschema(workflow)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_has_no_zizmor_findings(workflow):
    result = zizmor(workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


def test_schema_check_catches_an_unknown_key(tmp_path):
    broken = tmp_path / "pages.yml"
    broken.write_text(PAGES.read_text().replace("runs-on: ubuntu-24.04", "run-on: ubuntu-24.04", 1))
    result = check_jsonschema(broken)
    assert result.returncode != 0
    assert "run-on" in result.stdout + result.stderr


def test_zizmor_catches_an_action_pinned_to_a_tag(tmp_path):
    broken = tmp_path / "pages.yml"
    text = PAGES.read_text()
    broken.write_text(re.sub(r"actions/checkout@[0-9a-f]{40} # (v[\d.]+)", r"actions/checkout@\1", text))
    assert broken.read_text() != text
    result = zizmor(broken)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout


def test_it_publishes_on_push_to_main_hourly_and_on_demand():
    triggers = pages()["on"]
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert pages()["concurrency"]["group"]
    (schedule,) = triggers["schedule"]
    minute, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*", "*"] and minute.isdigit()  # every hour, at a fixed minute


@pytest.mark.parametrize("zone", ["Asia/Seoul", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham"])
def test_a_release_appears_within_an_hour_of_midnight_in_any_zone(zone):
    """Releases take effect at midnight in the event's zone (also at :30 and :45 offsets)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    minute = int(pages()["on"]["schedule"][0]["cron"].split()[0])
    for day in (dt.date(2026, 1, 15), dt.date(2026, 7, 15)):  # both sides of daylight saving time
        midnight = dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(zone)).astimezone(dt.timezone.utc)
        first_run = midnight.replace(minute=minute, second=0)
        if first_run < midnight:
            first_run += dt.timedelta(hours=1)
        assert first_run - midnight < dt.timedelta(hours=1)


def test_it_checks_out_the_history_the_calendars_count_changes_in():
    (checkout,) = steps_using("actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0 and checkout["with"]["persist-credentials"] is False


def test_it_builds_strictly_and_deploys_with_the_pages_actions():
    build, deploy = pages()["jobs"]["build"], pages()["jobs"]["deploy"]
    assert any(step.get("run", "").strip() == "mkdocs build --strict" for step in build["steps"])
    (upload,) = steps_using("actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"  # mkdocs' site_dir
    assert steps_using("actions/deploy-pages")
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert build["permissions"] == {"contents": "read"}
    assert pages()["permissions"] == {}


def test_it_deploys_only_a_site_that_has_every_event():
    runs = [step.get("run", "").strip() for step in pages()["jobs"]["build"]["steps"]]
    build, verify = runs.index("mkdocs build --strict"), runs.index("colloquium verify site")
    upload = next(i for i, step in enumerate(pages()["jobs"]["build"]["steps"]) if "upload-pages-artifact" in step.get("uses", ""))
    assert build < verify < upload


def step(name: str) -> dict:
    return next(step for step in pages()["jobs"]["build"]["steps"] if step.get("name") == name)


def test_it_installs_only_the_sites_packages_each_checked_against_its_hash_and_caches_pip():
    assert step("Install the site's packages")["run"].strip().splitlines() == [
        "python -m pip install --require-hashes -r requirements/site.lock",
        "python -m pip install --no-deps --no-build-isolation .",
    ]
    (setup_python,) = steps_using("actions/setup-python")
    assert setup_python["with"]["cache"] == "pip"


def test_torch_comes_only_for_stale_figures_as_the_cpu_build_at_the_projects_pin():
    extras = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    (torch_pin,) = [pin for pin in extras["figures"] if pin.startswith("torch==")]
    lines = step("Remake stale figures")["run"].splitlines()
    guard = next(n for n, line in enumerate(lines) if line.strip() == 'if [ -n "$stale" ]; then')
    (cpu,) = [n for n, line in enumerate(lines) if "--extra-index-url https://download.pytorch.org/whl/cpu" in line]
    assert cpu > guard and lines[cpu].split()[-2:] == ["-r", "requirements/figures.lock"] and "--require-hashes" in lines[cpu]
    assert f"{torch_pin}+cpu \\\n    --hash=sha256:" in (REPO_ROOT / "requirements" / "figures.lock").read_text()


def test_the_stale_figure_check_needs_no_torch(tmp_path):
    """It runs before torch is installed: it must not import it."""
    check = (
        "import sys, runpy; sys.argv = ['x', sys.argv[1]]; "
        "runpy.run_module('colloquium.figure_manifest', run_name='__main__'); "
        "assert 'torch' not in sys.modules, 'imported torch'"
    )
    result = subprocess.run([sys.executable, "-c", check, str(REPO_ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # the committed figures are fresh


def test_every_action_is_pinned_to_a_commit_with_its_release_named():
    uses = re.findall(r"uses: (\S+)(.*)", PAGES.read_text())
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (action, comment)


def test_the_site_s_packages_leave_out_torch_and_its_build_never_imports_it(tmp_path):
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    assert not [pin for pin in project["dependencies"] if pin.split("==")[0] in ("torch", "numpy", "matplotlib")]
    import tiny_site

    example = tiny_site.example_project(tmp_path / "example")
    check = (
        "import sys, datetime as dt; from pathlib import Path; "
        "from colloquium import dates, outputs, site_build; "
        "site_build.build_site(Path(sys.argv[1]), data_dir='data', figure_policy='fail', "
        "clock=dates.Clock(day=dt.date(2025, 9, 20)), outputs=outputs.Outputs(site_url='https://example.org/'), "
        "site_name='x'); "
        "assert 'torch' not in sys.modules and 'matplotlib' not in sys.modules, 'imported torch'"
    )
    result = subprocess.run([sys.executable, "-c", check, str(example)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


def _locked(lock: str) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of a requirements/*.lock file."""
    text = (REPO_ROOT / "requirements" / lock).read_text().replace("\\\n", " ")
    locked = {}
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            requirement, *options = line.split()
            name, version = requirement.split("==")
            locked[re.sub(r"[-_.]+", "-", name).lower()] = (version, [o.removeprefix("--hash=sha256:") for o in options])
    return locked


@pytest.mark.parametrize("lock, extra", [("site.lock", None), ("figures.lock", "figures"), ("test.lock", "test")])
def test_each_lock_pins_pyprojects_versions_and_the_build_backend_each_with_its_hash(lock, extra):
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    locked = _locked(lock)
    pins = pyproject["project"]["dependencies"] + (pyproject["project"]["optional-dependencies"].get(extra) or [])
    pins += pyproject["build-system"]["requires"]
    for pin in pins:
        if not pin.startswith("colloquium"):
            name, version = pin.split("==")
            assert locked[re.sub(r"[-_.]+", "-", name).lower()][0].split("+")[0] == version, pin
    for name, (version, hashes) in locked.items():
        assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in hashes), name
