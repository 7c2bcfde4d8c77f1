"""The README's commands work on the organizer's own site as they do on the example: they run
MkDocs through make (whose environment silences Material's end-of-life banner), and the
generator's tests never read data/ (only tests/your_site does)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def shell_lines(markdown: str) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", markdown, re.DOTALL)
    return [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_readme_runs_mkdocs_only_through_make_which_silences_the_banner():
    lines = shell_lines((REPO / "README.md").read_text(encoding="utf-8"))
    assert any(line.startswith("make serve") for line in lines)
    assert not [line for line in lines if re.search(r"(^|[\s/])mkdocs\s", line)], "run MkDocs through make"
    assert "export NO_MKDOCS_2_WARNING := 1" in (REPO / "Makefile").read_text(encoding="utf-8")


def test_only_tests_your_site_reads_the_repositorys_own_data():
    """So that `make test` passes on any valid data/: the generator's tests use the frozen
    example in tests/fixtures/example."""
    reads_data = re.compile(r"""(REPO(_ROOT)?|parents\[\d\])[ \t]*/[ \t]*["']data["']""")
    readers = sorted(
        path.relative_to(REPO).as_posix()
        for path in (REPO / "tests").rglob("*.py")
        if path.name != Path(__file__).name and reads_data.search(path.read_text(encoding="utf-8"))
    )
    assert [path for path in readers if not path.startswith("tests/your_site/")] == ["tests/site/test_schema.py"]
    # test_schema reads data/schema/ only: the committed JSON Schemas, which the models make
    text = (REPO / "tests/site/test_schema.py").read_text(encoding="utf-8")
    assert [text[m.start():text.index("\n", m.start())] for m in reads_data.finditer(text)] == [
        'REPO_ROOT / "data" / "schema"  # committed beside the data organizers edit']
