"""The words and dates the generator writes for readers, in the page's language.

The site's language is the theme's (`theme.language` in mkdocs.yml); an event may set its own
(`language: ja`). Every output is written inside `using(code)`: the pages, calendars, feed
entries, embeddable views and e-mails of an event in its language, the pages about the whole
site (home, people, readings) in the site's. What the generator writes goes through
`gettext`/`ngettext` (Python) and Jinja2's i18n extension (`{% trans %}`, `_()`, templates),
both reading the language in use, and its dates through the `Language` in use (CLDR's, by
Babel). The organizers' own text is never translated, and neither are their error messages:
those are for the organizer and stay English.

Catalogs are gettext's: `locale/<catalog>/LC_MESSAGES/messages.po`, read and compiled when a
build first needs a language (no binary in the repository). `make messages` extracts the
messages (babel.cfg) into `locale/messages.pot` and updates every catalog.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import babel
from babel import dates as cldr
from babel import numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from colloquium import dates

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"  # the language the messages are written in
# Material's theme.language codes whose catalog (Babel's locale name) is spelled otherwise:
# the catalog folder is the code with '-' as '_' (ko, ja, de, fr, es) unless named here.
CATALOG_NAMES = {"zh": "zh_CN", "zh-Hans": "zh_CN", "zh-CN": "zh_CN", "zh-Hant": "zh_TW", "zh-TW": "zh_TW"}
# Days of the week as course meetings write them (in English): kinds.course, Language.weekday_name.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# The clock each language's pages write times with, as a CLDR skeleton: the language's own
# habit (its short time format has 'h': 12-hour) except where the site chose otherwise.
# English: 24-hour, as the site has always written for an international audience ('01:30' is
# never read as the afternoon). Korean: CLDR writes 'PM 10:30' (Latin day periods); Korean
# university timetables write 24-hour times ('14:30~15:45'). Traditional Chinese (Taiwan):
# CLDR's day periods ('晚上10:30') have no interval form in Babel; Taiwanese schedules write 24-hour times.
CLOCKS = {"en": "Hm", "ko": "Hm", "zh_TW": "Hm"}


def catalog_name(code: str) -> str:
    """The catalog (and Babel locale) name of a language code: 'zh-TW' -> 'zh_TW', 'ko' -> 'ko'."""
    return CATALOG_NAMES.get(code, code.replace("-", "_"))


def shipped() -> list[str]:
    """The catalogs the package ships (locale/<name>/LC_MESSAGES/messages.po)."""
    return sorted(path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def language_problem(code: object) -> str | None:
    """Why `code` is no language a site or an event can be written in, or None."""
    if not isinstance(code, str) or not code:
        return "a language is a code such as ko, ja, de or zh-TW"
    try:
        babel.Locale.parse(catalog_name(code))
    except (ValueError, babel.UnknownLocaleError):
        return f"unknown language {code!r}: write a language code such as ko, ja, de, fr, es, zh-TW or zh"
    theme = theme_languages()
    if theme and code.replace("_", "-") not in theme and code.replace("_", "-").split("-")[0] not in theme:
        return f"the theme (Material for MkDocs) has no words for {code!r}; its languages: {', '.join(sorted(theme))}"
    return None


@functools.cache
def theme_languages() -> frozenset[str]:
    """The languages the installed theme has words for (Material for MkDocs' word lists,
    `partials/languages/<code>.html`); empty where the theme is not installed (a site built by
    another builder from `colloquium render`), which then says itself what it lacks."""
    import importlib.util

    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    folder = Path(spec.submodule_search_locations[0]) / "templates" / "partials" / "languages"
    return frozenset(path.stem for path in folder.glob("*.html"))


@dataclass(frozen=True)
class Language:
    """One language's words (its catalog) and dates (CLDR's, through Babel)."""

    code: str  # as the site writes it, and as <html lang> says it: 'ko', 'zh-TW'
    locale: babel.Locale
    catalog: NullTranslations

    @property
    def is_source(self) -> bool:
        return self.locale.language == SOURCE_LANGUAGE

    @property
    def clock_skeleton(self) -> str:
        """'Hm' (24-hour) or 'hm' (12-hour): CLOCKS, else the language's own habit."""
        chosen = CLOCKS.get(catalog_name(self.code)) or CLOCKS.get(self.locale.language)
        return chosen or ("hm" if "h" in self.locale.time_formats["short"].pattern else "Hm")

    @property
    def hour_cycle(self) -> str:
        """The reader's own time in the browser (Intl.DateTimeFormat's hourCycle) on the page's clock."""
        return "h23" if self.clock_skeleton == "Hm" else "h12"

    # -- words

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.catalog.ngettext(singular, plural, count)

    def number(self, value: int) -> str:
        """'1,200', '1.200' (German), '1 200' (French): the language's digit grouping."""
        return numbers.format_decimal(value, locale=self.locale)

    # -- dates

    def weekday_name(self, english: str) -> str:
        """A day of the week written in English abbreviation ('Tue', as course meetings give
        them) in this language ('화', 'Di.')."""
        return self.locale.days["format"]["abbreviated"][WEEKDAYS.index(english)]

    def day(self, date: dt.date) -> str:
        """'Sep 2, 2025', '2025년 9월 2일', '2. Sept. 2025'."""
        return cldr.format_skeleton("yMMMd", date, locale=self.locale)

    def weekday_day(self, date: dt.date) -> str:
        """'Tue, Sep 2, 2025', '2025년 9월 2일 (화)': schedules are read by weekday."""
        return cldr.format_skeleton("yMMMEd", date, locale=self.locale)

    def day_range(self, start: dt.date, end: dt.date | None) -> str:
        """'Mar 30 – Apr 3, 2026', '2026년 3월 30일 ~ 4월 3일', or one day."""
        if end is None or end == start:
            return self.day(start)
        if self.is_source:  # the site's English form: spaces a reader types, not CLDR's thin ones
            return f"{cldr.format_skeleton('MMMd', start, locale=self.locale)} – {self.day(end)}" if start.year == end.year \
                else f"{self.day(start)} – {self.day(end)}"
        return cldr.format_interval(start, end, "yMMMd", locale=self.locale)

    def clock(self, time: dt.time) -> str:
        """'09:30' (the language's clock: CLOCKS)."""
        return cldr.format_skeleton(self.clock_skeleton, time, locale=self.locale)

    def time_range(self, start: dt.time, end: dt.time) -> str:
        """'10:30–11:45', '10:30~11:45', '10時30分～11時45分'."""
        if self.is_source:
            return f"{self.clock(start)}–{self.clock(end)}"
        return cldr.format_interval(start, end, self.clock_skeleton, locale=self.locale)

    def zone_name(self, moment: dt.datetime) -> str:
        """The event's zone as this language's readers know it. English: the abbreviation of
        that day (KST; EDT, then EST; 'Taipei time' where an abbreviation names several
        offsets: dates.abbreviation). Other languages have no abbreviations of their own for
        most zones (EDT is no Korean word, and CLDR's short names fall back to '-0400'): CLDR's
        location form, which names the country and, where it has several zones, the city
        ('대한민국 시간', '미국(뉴욕) 시간', '日本時間', 'Deutschland (Berlin) (Ortszeit)')."""
        if self.is_source:
            return dates.abbreviation(moment)
        return self.zone_of(moment.tzinfo)

    def zone_of(self, zone: dt.tzinfo | None) -> str:
        """The zone the same all year: 'Seoul time' (English), '대한민국 시간'."""
        key = getattr(zone, "key", None) or "UTC"
        if self.is_source or key in ("UTC", "Etc/UTC"):
            return dates.zone_city(zone)
        return cldr.get_timezone_location(ZoneInfo(key), locale=self.locale)

    def at(self, time_text: str, zone: str) -> str:
        """A time and its zone: '10:30–11:45 KST'; the catalog may put the zone first."""
        return self.gettext("%(time)s %(zone)s") % {"time": time_text, "zone": zone}

    def instant_range(self, start: dt.datetime, end: dt.datetime | None) -> str:
        """'10:30–11:45 KST', '23:00–0:30 (next day) EST', '9:00–24:00 EST': local times of aware
        datetimes with the zone at the start."""
        if end is None:
            return self.at(self.clock(start.time()), self.zone_name(start))
        midnight = end.time() == dt.time(0) and end.date() == start.date() + dt.timedelta(days=1)
        if midnight and self.is_source:
            text = f"{self.clock(start.time())}–24:00"
        else:
            text = self.time_range(start.time(), end.time())
            if end.date() != start.date():
                text += " " + self.gettext("(next day)")
        return self.at(text, self.zone_name(start))

    def moment(self, moment: dt.datetime) -> str:
        """'Mon, Sep 15, 2025, 12:00 KST'."""
        return self.gettext("%(day)s, %(time)s") % {"day": self.weekday_day(moment.date()), "time": self.at(self.clock(moment.time()), self.zone_name(moment))}

    def recurring_zone(self, zone: ZoneInfo, days: Iterable[dt.date], at: dt.time) -> str:
        """How a weekly time names its zone. English: the one abbreviation of all its days
        (KST) or the city with each in turn ('New York time (EDT/EST)', dates.recurring_zone);
        other languages: the zone's location form, the same all year."""
        return dates.recurring_zone(zone, days, at) if self.is_source else self.zone_of(zone)


@functools.cache
def language(code: str) -> Language:
    """The language `code` (theme.language's spelling): its catalog read and compiled once
    per process; without a catalog, the messages stay English and the dates are the language's."""
    name = catalog_name(code)
    locale = babel.Locale.parse(name)
    po = LOCALE_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.po"
    catalog: NullTranslations = NullTranslations()
    if po.is_file():
        with po.open("rb") as file:
            messages = read_po(file, locale=name)
        compiled = io.BytesIO()
        write_mo(compiled, messages)
        compiled.seek(0)
        catalog = Translations(compiled, domain=DOMAIN)
    return Language(code, locale, catalog)


_in_use: ContextVar[Language] = ContextVar("language")


@contextlib.contextmanager
def using(code: str) -> Iterator[Language]:
    """Write in the language `code` inside the block."""
    token = _in_use.set(language(code))
    try:
        yield _in_use.get()
    finally:
        _in_use.reset(token)


def current() -> Language:
    """The language in use (English outside any `using`)."""
    return _in_use.get(None) or language(SOURCE_LANGUAGE)


def gettext(message: str) -> str:
    return current().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return current().ngettext(singular, plural, count)


_ = gettext


def N_(message: str) -> str:
    """`message`, untranslated: marks a word that is kept as data (a kind's name, a role) and
    translated where it is shown (`_(event.display_name)`), for extraction."""
    return message
