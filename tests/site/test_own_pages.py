"""An organizer's own pages and navigation, a one-event home page, and the preview while the
data has errors."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

import tiny_site

REPO = tiny_site.REPO


def project_with_pages(root: Path, pages: dict[str, str], **settings) -> Path:
    """A tiny project whose content/ holds the repository's pages and assets plus `pages`."""
    project = tiny_site.write_project(root)
    content = project / "content"
    content.mkdir()
    for item in (REPO / "content").iterdir():
        (content / item.name).symlink_to(item, target_is_directory=item.is_dir())
    for name, text in pages.items():
        (content / name).write_text(text, encoding="utf-8")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(content)
    for key, value in settings.items():
        if key == "home":
            config["extra"]["colloquium"]["home"] = value
        else:
            config[key] = value
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return project


def nav_titles(site: Path, page: str = "index.html") -> str:
    html = (site / page).read_text(encoding="utf-8")
    start = html.index('class="md-nav md-nav--primary"')
    return html[start:html.index("md-sidebar--secondary", start)]


def test_an_own_page_joins_the_navigation_after_the_generated_sections(tmp_path: Path) -> None:
    project = project_with_pages(tmp_path, {"contact.md": "# Contact\n\nWrite to us.\n"})
    result = tiny_site.build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    nav = nav_titles(tmp_path / "site")
    assert nav.index("Tiny Seminar") < nav.index("People") < nav.index("About this site") < nav.index("Contact")


def test_an_own_navigation_keeps_the_generated_events_where_it_says(tmp_path: Path) -> None:
    nav = ["index.md", {"Contact": "contact.md"}, {"Our talks": "colloquium:events"}, "people/index.md"]
    project = project_with_pages(tmp_path, {"contact.md": "# Contact\n"}, nav=nav)
    result = tiny_site.build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    shown = nav_titles(tmp_path / "site")
    assert shown.index("Contact") < shown.index("Our talks") < shown.index("Tiny Seminar") < shown.index("People")
    assert "Readings" not in shown  # the organizer left it out
    assert (tmp_path / "site" / "tiny-seminar" / "week-1" / "index.html").is_file()


def test_one_event_can_be_the_home_page(tmp_path: Path) -> None:
    project = project_with_pages(tmp_path, {}, home="tiny-seminar")
    result = tiny_site.build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="tiny-seminar">Tiny Seminar' in home
    assert 'href="tiny-seminar/week-1/"' in home  # links work from the home page's address
    assert (tmp_path / "site" / "tiny-seminar" / "index.html").is_file()  # its own address stays

    wrong = project_with_pages(tmp_path / "wrong", {}, home="tiny-seminr")
    failed = tiny_site.build(wrong, tmp_path / "wrong-site")
    assert failed.returncode != 0
    assert "extra.colloquium.home: there is no event 'tiny-seminr' (did you mean 'tiny-seminar'?)" in failed.stderr


def test_the_preview_shows_data_errors_in_the_browser(tmp_path: Path, monkeypatch) -> None:
    """`mkdocs serve` with a mistake in the data: the site is one page that lists the errors
    (a build for publishing stops instead, see test_build)."""
    events = {**tiny_site.EVENTS, "tiny-seminar": {**tiny_site.EVENTS["tiny-seminar"], "titel": "Typo"}}
    project = tiny_site.write_project(tmp_path, events=events)
    spec = importlib.util.spec_from_file_location("colloquium_hooks", REPO / "hooks" / "colloquium_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, hooks)
    spec.loader.exec_module(hooks)
    hooks.on_startup(command="serve", dirty=False)
    config = hooks.on_config(load_config(str(project / "mkdocs.yml")))
    assert config.nav == ["index.md"]
    page = hooks._state["current"].sources["index.md"]
    assert "# The data has 1 error" in page
    line = (project / "data/events/tiny-seminar.yml").read_text().splitlines().index("titel: Typo") + 1
    assert f"<code>data/events/tiny-seminar.yml:{line}</code> <strong>titel</strong>: unknown field" in page
    assert str(tmp_path) not in page  # no temporary folder named
    hooks.on_startup(command="build", dirty=False)
    with pytest.raises(Exception, match="1 error in data/: nothing was built"):
        hooks.on_config(load_config(str(project / "mkdocs.yml")))


def test_the_preview_shows_the_errors_on_the_page_being_edited_then_the_page_again(tmp_path: Path, monkeypatch) -> None:
    """`mkdocs serve --dirty` keeps the pages it does not rebuild: while the data has an
    error, every page of the last good build (the session being edited too) is the error
    page, and once the error is fixed each page is itself again."""
    project = tiny_site.write_project(tmp_path)
    spec = importlib.util.spec_from_file_location("colloquium_hooks", REPO / "hooks" / "colloquium_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, hooks)
    spec.loader.exec_module(hooks)
    hooks.on_startup(command="serve", dirty=True)
    event_file = project / "data/events/tiny-seminar.yml"
    good = event_file.read_text()
    session_page = "tiny-seminar/week-1/index.md"

    def served(path: str) -> str:
        hooks.on_config(load_config(str(project / "mkdocs.yml")))
        return hooks._state["current"].sources[path]

    assert "# Week 1: Released" in served(session_page)
    event_file.write_text(good.replace("title: Released", "title: [Released", 1))
    broken = served(session_page)
    assert "# The data has 1 error" in broken and "data/events/tiny-seminar.yml" in broken
    assert "# The data has 1 error" in hooks._state["current"].sources["people/index.md"]
    event_file.write_text(good)
    assert "# Week 1: Released" in served(session_page)


def test_the_preview_does_not_warn_of_a_visit_to_the_servers_root(monkeypatch, caplog) -> None:
    import logging

    spec = importlib.util.spec_from_file_location("colloquium_hooks", REPO / "hooks" / "colloquium_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, hooks)
    spec.loader.exec_module(hooks)
    livereload = logging.getLogger("mkdocs.livereload")
    monkeypatch.setattr(livereload, "filters", list(livereload.filters))
    hooks.on_startup(command="serve", dirty=True)
    with caplog.at_level(logging.INFO, logger="mkdocs.livereload"):
        livereload.warning('[10:00:00] "GET / HTTP/1.1" code 302')  # sent on to /colloquium/
        livereload.warning('[10:00:01] "GET /colloquium/nope/ HTTP/1.1" code 404')
    assert [record.getMessage() for record in caplog.records] == ['[10:00:01] "GET /colloquium/nope/ HTTP/1.1" code 404']
