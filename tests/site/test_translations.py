"""Every text the generator writes follows the page's language: the site's (theme.language) or
an event's own (`language:`). Catalogs are complete and current; dates are CLDR's."""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel import dates as cldr
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from colloquium import translations
from colloquium.announce import announcement
from colloquium.dates import Clock
from colloquium.outputs import Outputs
from colloquium.site_build import build_site

from tests.site import tiny_site

REPO = tiny_site.REPO
SITE_URL = tiny_site.EXAMPLE_SITE_URL
SHIPPED = ["de", "es", "fr", "ja", "ko", "zh_CN", "zh_TW"]


@functools.cache
def _messages_in_code() -> dict[str, object]:
    """What `make messages` extracts (babel.cfg), by msgid."""
    method_map = [("hooks/colloquium/**.py", "python"), ("hooks/colloquium/templates/pages/**.j2", "jinja2"), ("hooks/colloquium/templates/new/**.yml", "jinja2")]
    jinja = {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}
    options = {"hooks/colloquium/templates/pages/**.j2": jinja, "hooks/colloquium/templates/new/**.yml": jinja}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    found = {}
    for _file, _line, message, _comments, _context in extract_from_dir(REPO, method_map, options, keywords=keywords):
        found[message[0] if isinstance(message, tuple) else message] = message
    return found


def test_the_package_ships_the_seven_catalogs() -> None:
    assert translations.shipped() == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_every_catalog_translates_every_message_of_the_code_and_no_other(name: str) -> None:
    in_code = _messages_in_code()
    with (translations.LOCALE_DIR / name / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalog = read_po(file)
    ids = {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog if m.id}
    assert sorted(set(in_code) - set(ids)) == [], "missing: run `make messages` and translate them"
    assert sorted(set(ids) - set(in_code)) == [], "stale: no longer in the code"
    for key, message in ids.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"{name}: {key!r} is untranslated"
        wanted = set(re.findall(r"%\(\w+\)s", key))
        assert all(set(re.findall(r"%\(\w+\)s", s)) == wanted for s in strings), f"{name}: {key!r} placeholders"


ORGANIZERS_TEXT = "\n".join(path.read_text(encoding="utf-8") for path in tiny_site.EXAMPLE_DATA.rglob("*.yml"))


@functools.cache
def _english_labels() -> list[re.Pattern]:
    """The catalog's English texts as they would appear in a page: each literal part of a
    message between its placeholders, of two words or more; a single word as an element's whole
    text. A part that the organizers' own data holds is theirs to write ("Project" as a grading item)."""
    patterns = []
    for key in _messages_in_code():
        for part in re.split(r"%\(\w+\)s", key):
            part = part.strip(" .,:;()")
            if part in ORGANIZERS_TEXT:
                continue
            if " " in part and re.search(r"[A-Za-z]{3}", part):
                patterns.append(re.compile(re.escape(part)))
            elif part and " " not in key and re.fullmatch(r"[A-Z][a-z]+", part):
                patterns.append(re.compile(f">{re.escape(part)}<|<dt>{re.escape(part)}</dt>"))
    return patterns


def _example(tmp: Path, theme_language: str, event_languages: dict[str, str]) -> Path:
    root = tiny_site.example_project(tmp)
    for event_id, language in event_languages.items():
        path = root / "data" / "events" / f"{event_id}.yml"
        path.write_text(path.read_text(encoding="utf-8") + f"\nlanguage: {language}\n", encoding="utf-8")
    return root


def _build(root: Path, language: str):
    return build_site(root, data_dir="data", figure_policy="warn", clock=Clock(day=dt.date(2025, 9, 20)),
                      outputs=Outputs(site_url=SITE_URL), site_name="Diffusion Colloquium", language=language)


@pytest.fixture(scope="module")
def korean_site(tmp_path_factory):
    return _build(_example(tmp_path_factory.mktemp("ko"), "ko", {}), "ko")


@pytest.fixture(scope="module")
def japanese_event(tmp_path_factory):
    return _build(_example(tmp_path_factory.mktemp("ja"), "en", {"lecture-16-diffusion": "ja"}), "en")


def _english_in(text: str) -> list[str]:
    return [pattern.pattern for pattern in _english_labels() if pattern.search(text)]


def test_a_korean_site_has_no_english_label_in_its_pages_calendars_feed_embeds_or_e_mails(korean_site) -> None:
    found = {}
    for path, source in korean_site.sources.items():
        text = source.decode("utf-8") if isinstance(source, bytes) else source
        if path.endswith((".md", ".ics", ".xml", ".html", ".js")):
            if english := _english_in(text.replace("\\,", ",")):
                found[path] = english
    for session in korean_site.index.sessions[:6]:
        if english := _english_in(announcement(korean_site.index, session).get_content()):
            found[f"e-mail {session.event_id}/{session.id}"] = english
    assert found == {}
    mail = announcement(korean_site.index, korean_site.index.events["diffusion-seminar-2025"].sessions[3])
    assert mail["Content-Language"] == "ko" and "\n요약\n----\n" in mail.get_content()  # an underline as wide as 요약
    home = korean_site.sources["index.md"]
    assert "cq_language: ko" in home and "다가오는 세션" in home
    assert "LANGUAGE=ko" in korean_site.sources["calendar.ics"].decode()
    # the schedule script's words: one file, named by every page
    assert '<script src="assets/js/labels/ko.js"></script>' in home and "진행 중" in korean_site.sources["assets/js/labels/ko.js"]


def test_an_event_in_japanese_on_an_english_site_is_japanese_and_the_site_stays_english(japanese_event) -> None:
    event_files = {path: source for path, source in japanese_event.sources.items() if path.startswith("lecture-16-diffusion/")}
    assert "lecture-16-diffusion/embed.html" in event_files and "lecture-16-diffusion/calendar.ics" in event_files
    for path, source in event_files.items():
        text = source.decode("utf-8") if isinstance(source, bytes) else source
        assert _english_in(text.replace("\\,", ",")) == [], path
    assert '<html lang="ja"' in event_files["lecture-16-diffusion/embed.html"]
    assert "cq_language: ja" in event_files["lecture-16-diffusion/index.md"]
    assert '<script src="../assets/js/labels/ja.js"></script>' in event_files["lecture-16-diffusion/index.md"]
    assert _english_in(japanese_event.sources["assets/js/labels/ja.js"]) == []
    assert '<script src="assets/js/labels/en.js"></script>' in japanese_event.sources["index.md"]
    session = japanese_event.index.events["lecture-16-diffusion"].sessions[0]
    assert _english_in(announcement(japanese_event.index, session).get_content()) == []
    assert "cq_language: en" in japanese_event.sources["index.md"] and "Next sessions" in japanese_event.sources["index.md"]
    # search engines are told the language of each page's data too (schema.org inLanguage)
    assert '"inLanguage":"ja"' in event_files["lecture-16-diffusion/index.md"]
    assert '"inLanguage":"en"' in japanese_event.sources["diffusion-seminar-2025/index.md"]


@pytest.mark.parametrize("name", ["en", *SHIPPED])
def test_dates_are_cldr_s_for_the_chosen_patterns(name: str) -> None:
    language = translations.language(name)
    day = dt.date(2025, 9, 2)
    assert language.day(day) == cldr.format_skeleton("yMMMd", day, locale=language.locale)
    assert language.weekday_day(day) == cldr.format_skeleton("yMMMEd", day, locale=language.locale)
    assert language.clock(dt.time(9, 5)) == cldr.format_skeleton(language.clock_skeleton, dt.time(9, 5), locale=language.locale)
    if name != "en":  # English keeps the site's own ranges ('10:30–11:45', 'Mar 30 – Apr 3, 2026')
        start, end = dt.time(10, 30), dt.time(11, 45)
        assert language.time_range(start, end) == cldr.format_interval(start, end, language.clock_skeleton, locale=language.locale)
        later = dt.date(2025, 10, 12)
        assert language.day_range(day, later) == cldr.format_interval(day, later, "yMMMd", locale=language.locale)


def test_zones_read_right_in_each_language() -> None:
    """English: the abbreviation of the day (EDT); other languages have none of their own for
    most zones: CLDR's location form, country and, where it has several zones, city."""
    summer = dt.datetime(2025, 9, 2, 16, tzinfo=ZoneInfo("America/New_York"))
    seoul = dt.datetime(2025, 9, 2, 16, tzinfo=ZoneInfo("Asia/Seoul"))
    assert translations.language("en").zone_name(summer) == "EDT"
    assert translations.language("ko").zone_name(summer) == "미국(뉴욕) 시간"
    assert translations.language("ko").zone_name(seoul) == "대한민국 시간"
    assert translations.language("ja").zone_name(seoul) == "韓国時間"
    assert translations.language("de").zone_name(seoul) == "Südkorea (Ortszeit)"
    assert translations.language("ko").instant_range(seoul, seoul.replace(hour=17, minute=30)) == "16:00 ~ 17:30 (대한민국 시간)"


def test_an_unknown_language_is_an_error_in_the_organizer_s_words(tmp_path: Path) -> None:
    root = _example(tmp_path, "en", {"lecture-16-diffusion": "klingon"})
    from colloquium.errors import DataErrors

    with pytest.raises(DataErrors) as raised:
        _build(root, "en")
    message = str(raised.value.errors[0])
    assert "lecture-16-diffusion.yml" in message and "unknown language 'klingon'" in message
    with pytest.raises(ValueError, match="theme.language: unknown language 'xx-yy'"):
        from colloquium.settings_file import site_language

        site_language({"theme": {"language": "xx-yy"}})


def test_a_language_the_theme_has_no_words_for_is_an_error_not_a_broken_build(tmp_path: Path) -> None:
    """Hawaiian is in CLDR (dates) but not among Material's word lists (Search, Skip to content)."""
    from colloquium.errors import DataErrors

    assert "haw" not in translations.theme_languages() and {"ko", "zh-TW", "pt-BR"} <= translations.theme_languages()
    root = _example(tmp_path, "en", {"lecture-16-diffusion": "haw"})
    with pytest.raises(DataErrors) as raised:
        _build(root, "en")
    message = str(raised.value.errors[0])
    assert "lecture-16-diffusion.yml" in message and "the theme (Material for MkDocs) has no words for 'haw'" in message
    assert translations.language_problem("de-AT") is None  # a region of a language it has: its words


def _comments_and_values(text: str) -> tuple[list[str], list[str]]:
    comments = [line.split("#", 1)[1] for line in text.splitlines() if "#" in line and not line.lstrip().startswith("- id")]
    return comments, [line for line in text.splitlines() if not line.lstrip().startswith("#")]


def test_init_with_a_language_writes_english_comments_and_a_korean_site(tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from colloquium.cli import main
    from colloquium.settings_file import read, site_language

    shutil.copy2(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init", "--name", "Diffusion Lab", "--url", "https://lab.example.org/", "--kind", "seminar",
                                       "--timezone", "Asia/Seoul", "--language", "ko", "--force", "lab-seminar"])
    assert result.exit_code == 0, result.output
    assert site_language(read(tmp_path / "mkdocs.yml")) == "ko"
    skeleton = (tmp_path / "data" / "events" / "lab-seminar.yml").read_text(encoding="utf-8")
    comments, _values = _comments_and_values(skeleton)
    assert comments and all(comment.isascii() for comment in comments)  # for the organizer: English
    assert "title: 추후 공지" in skeleton and "language:" not in _values  # the site's language, not set again
    build = _build(tmp_path, "ko")
    page = build.sources["lab-seminar/index.md"]
    assert "cq_language: ko" in page and _english_in(page) == [] and "추후 공지" in page


def test_new_event_with_a_language_is_in_it_on_an_english_site(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from colloquium.cli import main

    root = tiny_site.write_project(tmp_path, site_url=SITE_URL)
    runner = CliRunner()
    result = runner.invoke(main, ["new", "event", "--kind", "course", "--language", "ja", "--data", str(root / "data"), "ml-course"])
    assert result.exit_code == 0, result.output
    skeleton = (root / "data" / "events" / "ml-course.yml").read_text(encoding="utf-8")
    comments, _values = _comments_and_values(skeleton)
    assert all(comment.isascii() for comment in comments)
    assert "\nlanguage: ja " in skeleton and "title: 未定" in skeleton
    build = _build(root, "en")
    page = build.sources["ml-course/index.md"]
    assert "cq_language: ja" in page and _english_in(page) == []
    assert "cq_language: en" in build.sources["index.md"]
    wrong = runner.invoke(main, ["new", "event", "--kind", "course", "--language", "klingon", "--data", str(root / "data"), "other"])
    assert wrong.exit_code != 0 and "unknown language 'klingon'" in wrong.output


def test_a_site_of_one_event_has_its_home_page_in_the_event_s_language(tmp_path: Path) -> None:
    events = {"tiny-course": {**tiny_site.EVENTS["tiny-course"], "language": "ko"}}
    root = tiny_site.write_project(tmp_path, events=events, site_url=SITE_URL)
    build = build_site(root, data_dir="data", figure_policy="warn", clock=Clock(day=dt.date(2025, 9, 20)),
                       outputs=Outputs(site_url=SITE_URL), site_name="Tiny", home_event="tiny-course", language="en")
    assert "cq_language: ko" in build.sources["index.md"] and "강의 일정" in build.sources["index.md"]
    assert "cq_language: en" in build.sources["people/index.md"]


def test_the_pages_of_a_large_korean_site_archive_and_pages_of_sessions_have_no_english_label(tmp_path: Path) -> None:
    def seminar(year: int, sessions: int) -> dict:
        return {"kind": "seminar", "title": f"Seminar {year}", "timezone": "Asia/Seoul",
                "dates": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
                "sessions": [{"number": n, "title": f"Talk {n}", "date": str(dt.date(year, 1, 1) + dt.timedelta(days=n))}
                             for n in range(1, sessions + 1)]}

    events = {f"seminar-{year}": seminar(year, 2) for year in range(2010, 2025)}
    events["long-seminar"] = seminar(2025, 150)  # its sessions in pages
    root = tiny_site.write_project(tmp_path, events=events, site_url=SITE_URL)
    build = build_site(root, data_dir="data", figure_policy="warn", clock=Clock(day=dt.date(2025, 9, 20)),
                       outputs=Outputs(site_url=SITE_URL), site_name="Tiny", language="ko")
    paged = [path for path in build.sources if path.startswith(("past-events/", "long-seminar/sessions/"))]
    assert paged and any(path.startswith("long-seminar/sessions/") for path in paged)
    assert {path: _english_in(build.sources[path]) for path in paged} == dict.fromkeys(paged, [])
    assert "지난 행사: 2024년" in str(build.navigation) and "Past events" not in str(build.navigation)
