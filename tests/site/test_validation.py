"""Every rule of the data: each bad input yields its exact `file:line: field: message`."""

import tempfile
from pathlib import Path
from textwrap import dedent

import pytest

import tiny_site
from colloquium.errors import DataError, DataErrors
from colloquium.loader import load_site

REPO_ROOT = Path(__file__).resolve().parents[2]

PEOPLE = """\
woojin-kim:
  name: Woojin Kim
  affiliation: KAIST
ana-lee:
  name: Ana Lee
"""

READINGS = """\
ddpm:
  title: Denoising Diffusion Probabilistic Models
  year: 2020
  arxiv: "2006.11239"
ddim:
  title: Denoising Diffusion Implicit Models
  year: 2021
"""

SEMINAR = """\
kind: seminar
title: Diffusion Seminar
timezone: Asia/Seoul
dates: {start: 2025-07-01, end: 2025-08-31}
organizers: [woojin-kim]
sessions:
  - number: 1
    title: DDPM
    date: 2025-07-03
    start: 10:30
    end: 12:00
    presenters: [ana-lee]
    readings: [ddpm]
    figures: [forward-process]
    video: https://youtu.be/abcdefghijk?si=tracking
"""

COURSE = """\
kind: course
title: Deep Generative Models
instructors: [woojin-kim]
staff:
  - {person: ana-lee, role: TA}
assignments:
  - {id: hw1, title: DDPM, release: 2025-09-01, due: 2025-09-15}
  - {id: hw2, title: DDIM, release: 2025-09-15, due: 2025-09-29}
sessions:
  - {number: 1, title: Introduction, date: 2025-09-01, assignments: [hw1]}
  - {number: 2, title: DDIM, date: 2025-09-15, assignments: [hw2]}
"""

FIGURES = {"forward-process", "ddim-vs-ddpm"}


def write_data(root: Path, events: dict[str, str], people: str | None = PEOPLE, readings: str | None = READINGS) -> Path:
    """A data folder under `root` (the project root in error messages) with these files."""
    data = root / "data"
    (data / "events").mkdir(parents=True)
    for name, text in (("people.yml", people), ("readings.yml", readings)):
        if text is not None:
            (data / name).write_text(text, encoding="utf-8")
    for event_id, text in events.items():
        (data / "events" / f"{event_id}.yml").write_text(text, encoding="utf-8")
    return data


def errors_of(root: Path, known_figures=frozenset(FIGURES)) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_site(root / "data", known_figures=known_figures, root=root)
    return [str(error) for error in caught.value.errors]


def event_errors(tmp_path: Path, text: str, event_id: str = "s") -> list[str]:
    write_data(tmp_path, {event_id: dedent(text)})
    return errors_of(tmp_path)


def loads(tmp_path: Path, text: str) -> bool:
    """Whether an event file with `text` loads without error (each call in a folder of its own)."""
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    write_data(root, {"s": dedent(text)})
    return bool(load_site(root / "data", known_figures=FIGURES, root=root).events)


# ---------------------------------------------------------------------------- valid data


def test_valid_data_loads_with_derived_session_ids_and_normalized_video(tmp_path):
    write_data(tmp_path, {"seminar": SEMINAR, "course": COURSE})
    site = load_site(tmp_path / "data", known_figures=FIGURES, root=tmp_path)
    assert list(site.events) == ["course", "seminar"]
    ids = {event_id: [event.session_id(s, i) for i, s in enumerate(event.sessions)] for event_id, event in site.events.items()}
    assert ids["seminar"] == ["week-1"]
    assert ids["course"] == ["lecture-1", "lecture-2"]
    session = site.events["seminar"].sessions[0]
    assert session.video.ref.embed_url == "https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1&rel=0"
    assert session.start.isoformat() == "10:30:00"
    assert site.people["woojin-kim"].affiliation == "KAIST"


def test_missing_people_and_readings_files_mean_none(tmp_path):
    write_data(tmp_path, {"seminar": SEMINAR}, people=None, readings=None)
    assert errors_of(tmp_path) == [
        "data/events/seminar.yml:5: organizers[0]: unknown person 'woojin-kim' (not in people.yml)",
        "data/events/seminar.yml:12: week 1 (DDPM).presenters[0]: unknown person 'ana-lee' (not in people.yml)",
        "data/events/seminar.yml:13: week 1 (DDPM).readings[0]: unknown reading 'ddpm' (not in readings.yml)",
    ]


def test_file_names_are_relative_to_the_data_folder_when_outside_the_root(tmp_path):
    write_data(tmp_path, {"seminar": SEMINAR.replace("woojin-kim", "woojin")})
    with pytest.raises(DataErrors) as caught:
        load_site(tmp_path / "data", known_figures=FIGURES, root=tmp_path / "elsewhere")
    assert [error.file for error in caught.value.errors] == ["data/events/seminar.yml"]


# ---------------------------------------------------------------------------- unknown and missing keys


def test_unknown_key_suggests_the_closest_field(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("presenters:", "presenter:")) == [
        "data/events/s.yml:12: week 1 (DDPM).presenter: unknown field 'presenter' (did you mean 'presenters'?)",
    ]


def test_unknown_key_without_a_close_field_lists_the_allowed_ones(tmp_path):
    write_data(tmp_path, {"s": SEMINAR}, people=PEOPLE + "  shoe_size: 42\n")
    assert errors_of(tmp_path) == [
        "data/people.yml:6: ana-lee.shoe_size: unknown field 'shoe_size' "
        "(allowed: name, affiliation, title, homepage, photo, email, bio)",
    ]


def test_unknown_key_of_one_kind_is_not_allowed_in_another(tmp_path):
    # `slides` belongs to a lecture part, not to a seminar week
    text = SEMINAR.replace("    readings: [ddpm]\n", "    readings: [ddpm]\n    slides: {first: 1, last: 9}\n")
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:14: week 1 (DDPM).slides: unknown field 'slides' "
        "(allowed: id, number, title, date, start, end, location, presenters, summary, video, "
        "materials, readings, figures, status, status_note, abstract, meeting, stream, recorded, registration)",
    ]


def test_missing_required_field_is_named(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("    title: DDPM\n", "")) == [
        "data/events/s.yml:7: week 1: missing required field 'title'",
    ]


def test_missing_required_field_of_a_person(tmp_path):
    write_data(tmp_path, {"s": SEMINAR}, people=PEOPLE.replace("  name: Ana Lee\n", "  affiliation: SNU\n"))
    assert errors_of(tmp_path) == ["data/people.yml:4: ana-lee: missing required field 'name'"]


# ---------------------------------------------------------------------------- kinds and allowed values


def test_wrong_kind_lists_the_five_kinds(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("kind: seminar", "kind: talk")) == [
        "data/events/s.yml:1: kind: 'talk' is not one of the allowed values: "
        "'seminar', 'reading-group', 'course', 'lecture', 'workshop'",
    ]


def test_missing_kind_lists_the_five_kinds(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("kind: seminar\n", "")) == [
        "data/events/s.yml:1: missing required field 'kind' "
        "(one of 'seminar', 'reading-group', 'course', 'lecture', 'workshop')",
    ]


def test_value_outside_a_list_of_choices_lists_them(tmp_path):
    text = SEMINAR.replace("    figures: [forward-process]\n", "    figures: [forward-process]\n    status: canceled\n")
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:15: week 1 (DDPM).status: 'canceled' is not one of the allowed values: "
        "'scheduled', 'tentative', 'cancelled', 'rescheduled', 'no-class' (did you mean 'cancelled'?)",
    ]


def test_wrong_type_says_what_was_expected_and_found(tmp_path):
    text = SEMINAR.replace("title: Diffusion Seminar", "title: [Diffusion, Seminar]").replace(
        "number: 1", "number: first"
    )
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:2: title: expected text, found a list",
        "data/events/s.yml:7: session (DDPM).number: expected a whole number, found 'first'",
    ]


def test_number_where_text_is_expected_suggests_quotes(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("title: DDPM", "title: 2025")) == [
        "data/events/s.yml:8: week 1 (2025).title: expected text, found 2025 (put it in quotes to keep it as text)",
    ]


def test_value_fitting_no_alternative_names_them_all_once(tmp_path):
    text = """\
    kind: reading-group
    title: Book club
    sessions:
      - title: Chapter one
        chapter: [1, 2]
    """
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:5: session (Chapter one).chapter: expected a whole number or text, found a list",
    ]


def test_negative_number_is_out_of_range(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("number: 1", "number: -1")) == [
        "data/events/s.yml:7: week -1 (DDPM).number: -1 is out of range (must be at least 0)",
    ]


def test_guest_presenter_is_checked_as_a_guest(tmp_path):
    text = SEMINAR.replace("presenters: [ana-lee]", "presenters: [ana-lee, {nme: Bob Smith}]")
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:12: week 1 (DDPM).presenters[1]: missing required field 'name'",
        "data/events/s.yml:12: week 1 (DDPM).presenters[1].nme: unknown field 'nme' (did you mean 'name'?)",
    ]


def test_bad_timezone_suggests_the_closest_region(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("Asia/Seoul", "Asia/Soul")) == [
        "data/events/s.yml:3: timezone: 'Asia/Soul' is not a time zone (did you mean 'Asia/Seoul'?)",
    ]
    assert event_errors(tmp_path / "mars", SEMINAR.replace("Asia/Seoul", "Mars/Olympus")) == [
        "data/events/s.yml:3: timezone: 'Mars/Olympus' is not a time zone (write the IANA region of the event's city, "
        "e.g. 'Asia/Seoul' or 'America/New_York')",
    ]


@pytest.mark.parametrize(("written", "meant"), [
    ("EST", "America/New_York"), ("KST", "Asia/Seoul"), ("UTC+9", "Asia/Seoul or Asia/Tokyo"),
    ("GMT-5", "America/New_York"), ("Etc/GMT-9", "Asia/Seoul or Asia/Tokyo"), ("CET", "Europe/Brussels or Europe/Berlin"),
    ("US/Eastern", "America/New_York"), ("EST5EDT", "America/New_York"),
])
def test_abbreviations_and_fixed_offsets_are_refused_with_the_region_they_mean(tmp_path, written, meant):
    (error,) = event_errors(tmp_path, SEMINAR.replace("Asia/Seoul", written))
    assert error == (
        f"data/events/s.yml:3: timezone: {written!r} is an abbreviation or a fixed offset, not a time zone region: "
        "it ignores daylight saving time, so times would be off for part of the year; "
        f"write the region, e.g. '{meant}'"
    )


def test_utc_itself_is_a_time_zone(tmp_path):
    assert loads(tmp_path, SEMINAR.replace("Asia/Seoul", "UTC"))


def test_an_event_with_times_must_name_its_time_zone(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("timezone: Asia/Seoul\n", "")) == [
        "data/events/s.yml:1: the event has session times but no `timezone`: add the IANA region of its city, "
        "e.g. `timezone: Asia/Seoul` or `timezone: America/New_York`",
    ]
    dates_only = SEMINAR.replace("timezone: Asia/Seoul\n", "").replace("    start: 10:30\n", "").replace("    end: 12:00\n", "")
    assert loads(tmp_path, dates_only)  # dates alone need no zone


# ---------------------------------------------------------------------------- duplicates


def test_duplicate_key_names_both_lines(tmp_path):
    text = SEMINAR.replace("    title: DDPM\n", "    title: DDPM\n    date: 2025-07-04\n    title: DDIM\n")
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:10: week 1 (DDPM).title: duplicate key 'title' (first on line 8)",
        "data/events/s.yml:11: week 1 (DDPM).date: duplicate key 'date' (first on line 9)",
    ]


def test_duplicate_person_ids(tmp_path):
    write_data(tmp_path, {"s": SEMINAR}, people=PEOPLE + "woojin-kim:\n  name: Another Woojin\n")
    assert errors_of(tmp_path) == ["data/people.yml:6: woojin-kim: duplicate key 'woojin-kim' (first on line 1)"]


def test_duplicate_reading_ids(tmp_path):
    write_data(tmp_path, {"s": SEMINAR}, readings=READINGS + "ddpm:\n  title: Again\n")
    assert errors_of(tmp_path) == ["data/readings.yml:8: ddpm: duplicate key 'ddpm' (first on line 1)"]


def test_duplicate_explicit_session_ids(tmp_path):
    text = """\
    kind: workshop
    title: Workshop
    sessions:
      - {id: opening, title: Opening}
      - {id: closing, title: Closing}
      - {id: opening, title: Opening again}
    """
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:6: session (Opening again).id: duplicate session id 'opening', already used by session (Opening) (line 4)",
    ]


def test_duplicate_derived_session_ids(tmp_path):
    text = """\
    kind: seminar
    title: Seminar
    sessions:
      - {number: 2, title: Two}
      - {number: 3, title: Three}
      - {number: 3, title: Also three}
      - {id: week-2, title: Named like week two}
    """
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:6: week 3 (Also three): the session id 'week-3' derived for this session is already used "
        "by week 3 (Three) (line 5); give one of them an explicit `id:`",
        "data/events/s.yml:7: session (Named like week two).id: duplicate session id 'week-2', already used by week 2 (Two) (line 4)",
    ]


def test_duplicate_assignment_ids(tmp_path):
    text = COURSE.replace("{id: hw2, title: DDIM", "{id: hw1, title: DDIM").replace("assignments: [hw2]", "assignments: [hw1]")
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:8: assignments[1].id: duplicate assignment id 'hw1', already used by assignments[0] (line 7)",
    ]


# ---------------------------------------------------------------------------- references


def test_unknown_people_in_every_role(tmp_path):
    text = COURSE.replace("instructors: [woojin-kim]", "instructors: [woojin-km]").replace(
        "person: ana-lee", "person: anna-lee"
    )
    seminar = SEMINAR.replace("organizers: [woojin-kim]", "organizers: [nobody]").replace(
        "presenters: [ana-lee]", "presenters: [ana-le]"
    )
    write_data(tmp_path, {"c": text, "s": seminar})
    assert errors_of(tmp_path) == [
        "data/events/c.yml:3: instructors[0]: unknown person 'woojin-km' (not in people.yml; did you mean 'woojin-kim'?)",
        "data/events/c.yml:5: staff[0].person: unknown person 'anna-lee' (not in people.yml; did you mean 'ana-lee'?)",
        "data/events/s.yml:5: organizers[0]: unknown person 'nobody' (not in people.yml)",
        "data/events/s.yml:12: week 1 (DDPM).presenters[0]: unknown person 'ana-le' (not in people.yml; did you mean 'ana-lee'?)",
    ]


def test_unknown_readings_in_sessions_reading_lists_and_books(tmp_path):
    seminar = SEMINAR.replace("readings: [ddpm]", "readings: [ddpn]") + dedent("""\
    reading_list:
      - title: Samplers
        readings: [ddim, dpm-solver]
    """)
    book = """\
    kind: reading-group
    title: Book club
    book: principles
    """
    write_data(tmp_path, {"s": seminar, "b": dedent(book)})
    assert errors_of(tmp_path) == [
        "data/events/b.yml:3: book: unknown reading 'principles' (not in readings.yml)",
        "data/events/s.yml:13: week 1 (DDPM).readings[0]: unknown reading 'ddpn' (not in readings.yml; did you mean 'ddpm'?)",
        "data/events/s.yml:18: reading_list[0].readings[1]: unknown reading 'dpm-solver' (not in readings.yml)",
    ]


def test_unknown_figure(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("[forward-process]", "[forward-proces, solvers]")) == [
        "data/events/s.yml:14: week 1 (DDPM).figures[0]: unknown figure 'forward-proces' "
        "(not in the figure registry; did you mean 'forward-process'?)",
        "data/events/s.yml:14: week 1 (DDPM).figures[1]: unknown figure 'solvers' (not in the figure registry)",
    ]


def test_figures_are_not_checked_without_a_registry(tmp_path):
    write_data(tmp_path, {"s": SEMINAR.replace("[forward-process]", "[anything]")})
    site = load_site(tmp_path / "data", known_figures=None, root=tmp_path)
    assert site.events["s"].sessions[0].figures == ["anything"]


def test_unknown_assignment_in_a_course_session(tmp_path):
    assert event_errors(tmp_path, COURSE.replace("assignments: [hw2]", "assignments: [hw3]")) == [
        "data/events/s.yml:11: lecture 2 (DDIM).assignments[0]: unknown assignment 'hw3' "
        "(not in this course's assignments; did you mean 'hw2'?)",
    ]


def test_lecture_project_refers_to_an_existing_part(tmp_path):
    text = """\
    kind: lecture
    title: Lecture 16
    sessions:
      - {number: 1, title: Forward process}
      - {number: 2, title: Reverse process}
    projects:
      - {title: Train a DDPM, part: 2}
      - {title: Guidance, part: 7}
    """
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:8: projects[1].part: no lecture part has number 7 (parts: 1, 2)",
    ]


def test_a_typo_in_one_person_does_not_make_references_to_them_unknown(tmp_path):
    write_data(tmp_path, {"s": SEMINAR}, people=PEOPLE.replace("  affiliation: KAIST", "  afiliation: KAIST"))
    assert errors_of(tmp_path) == [
        "data/people.yml:3: woojin-kim.afiliation: unknown field 'afiliation' (did you mean 'affiliation'?)",
    ]


def test_person_ids_must_be_valid_ids(tmp_path):
    write_data(tmp_path, {"s": SEMINAR}, people=PEOPLE + "Bob Smith:\n  name: Bob Smith\n")
    assert errors_of(tmp_path) == [
        "data/people.yml:6: Bob Smith: 'Bob Smith' is not a valid id (lowercase letters, digits and single "
        "hyphens, e.g. 'woojin-kim' or 'week-3')",
    ]


# ---------------------------------------------------------------------------- dates and times


def test_impossible_date(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("date: 2025-07-03", "date: 2025-02-30")) == [
        "data/events/s.yml:9: week 1 (DDPM).date: '2025-02-30' is not a real date (day is out of range for month)",
    ]


@pytest.mark.parametrize("written, shown", [("July 3", "'July 3'"), ("20250703", "20250703"), ("2025-7-3", "'2025-7-3'")])
def test_malformed_date(tmp_path, written, shown):
    assert event_errors(tmp_path, SEMINAR.replace("date: 2025-07-03", f"date: {written}")) == [
        f"data/events/s.yml:9: week 1 (DDPM).date: {shown} is not a date (write dates as YYYY-MM-DD, e.g. 2025-09-01)",
    ]


@pytest.mark.parametrize("written, problem", [
    ("25:00", "'25:00' is not a time of day (hours 0-23, minutes 0-59)"),
    ("1030", "1030 is not a time of day (write HH:MM, e.g. '10:30')"),
])
def test_malformed_time(tmp_path, written, problem):
    assert event_errors(tmp_path, SEMINAR.replace("start: 10:30", f"start: {written}")) == [
        f"data/events/s.yml:10: week 1 (DDPM).start: {problem}",
    ]


def test_event_ending_before_it_starts(tmp_path):
    text = SEMINAR.replace("end: 2025-08-31", "end: 2025-06-30")
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:4: dates.end: end 2025-06-30 is before start 2025-07-01",
    ]


@pytest.mark.parametrize("start, end", [("22:00", "0:30"), ("22:00", "00:30"), ("18:00", "06:00"), ("23:30", "9:00"),
                                        ("10:30", "24:00"), ("10:30", "00:00")])
def test_a_session_may_end_after_midnight(tmp_path, start, end):
    """An end earlier than the start is on the next day (README, "Times"), up to twelve hours
    after the start; an end at midnight is the end of the day."""
    assert loads(tmp_path, SEMINAR.replace("start: 10:30", f"start: '{start}'").replace("end: 12:00", f"end: '{end}'"))


OVERNIGHT_HINT = "a session that really runs past midnight: write an end such as 01:30 with a start in the evening"


@pytest.mark.parametrize("start, end, problem", [
    ("16:00", "15:00", "end 15:00 is before start 16:00, which would make a session of 23 hours ending the next day; "),
    ("14:00", "3:30", "end 03:30 is before start 14:00, which would make a session of 13 hours 30 minutes ending the "
                      "next day; if you mean 3:30 pm, write 15:30 (times are on the 24-hour clock); "),
    ("10:30", "0:30", "end 00:30 is before start 10:30, which would make a session of 14 hours ending the next day; "
                      "if you mean 12:30 pm, write 12:30 (times are on the 24-hour clock); "),
])
def test_an_end_before_the_start_that_is_no_night_is_refused(tmp_path, start, end, problem):
    text = SEMINAR.replace("start: 10:30", f"start: '{start}'").replace("end: 12:00", f"end: '{end}'")
    assert event_errors(tmp_path, text) == [f"data/events/s.yml:11: week 1 (DDPM).end: {problem}{OVERNIGHT_HINT}"]


@pytest.mark.parametrize("text, where", [
    ("kind: seminar\ntitle: S\ntimezone: Asia/Seoul\nsession_time: {start: '16:00', end: '15:00'}\n", "4: session_time.end"),
    ("kind: course\ntitle: C\ntimezone: Asia/Seoul\nmeetings:\n  - {days: [Mon], start: '16:00', end: '15:00'}\n",
     "5: meetings[0].end"),
    ("kind: workshop\ntitle: W\ntimezone: Asia/Seoul\nslots:\n  afternoon: {start: '16:00', end: '15:00'}\n",
     "5: slots.afternoon.end"),
])
def test_recurring_times_follow_the_same_rule(tmp_path, text, where):
    assert event_errors(tmp_path, text) == [
        f"data/events/s.yml:{where}: end 15:00 is before start 16:00, which would make a session of 23 hours ending "
        f"the next day; {OVERNIGHT_HINT}",
    ]


def test_a_session_cannot_end_when_it_starts(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("end: 12:00", "end: 10:30")) == [
        "data/events/s.yml:11: week 1 (DDPM).end: end 10:30 is the same as start "
        "(an end earlier than the start means the next day)",
    ]
    text = SEMINAR.replace("timezone: Asia/Seoul\n", "timezone: Asia/Seoul\nsession_time: {start: '14:00', end: '14:00'}\n")
    assert event_errors(tmp_path / "default", text) == [
        "data/events/s.yml:4: session_time.end: end 14:00 is the same as start "
        "(an end earlier than the start means the next day)",
    ]


def test_24_00_is_only_an_end(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("start: 10:30", "start: '24:00'")) == [
        "data/events/s.yml:10: week 1 (DDPM).start: '24:00' is not a time of day (hours 0-23, minutes 0-59)",
    ]


def test_slide_range_ending_before_it_starts(tmp_path):
    text = """\
    kind: lecture
    title: Lecture 16
    sessions:
      - number: 1
        title: Forward process
        slides: {first: 12, last: 3}
    """
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:6: part 1 (Forward process).slides.last: last slide 3 is before first slide 12",
    ]


def test_assignment_due_before_release(tmp_path):
    assert event_errors(tmp_path, COURSE.replace("due: 2025-09-15", "due: 2025-08-15")) == [
        "data/events/s.yml:7: assignments[0].due: due 2025-08-15 is before release 2025-09-01",
    ]


def test_session_outside_the_event_dates(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("date: 2025-07-03", "date: 2025-09-03")) == [
        "data/events/s.yml:9: week 1 (DDPM).date: 2025-09-03 is outside the event's dates (2025-07-01 to 2025-08-31)",
    ]


def test_session_before_an_open_ended_event(tmp_path):
    text = SEMINAR.replace("{start: 2025-07-01, end: 2025-08-31}", "{start: 2025-07-05}")
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:9: week 1 (DDPM).date: 2025-07-03 is outside the event's dates (from 2025-07-05)",
    ]


# ---------------------------------------------------------------------------- links and videos


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://example.org/x"])
def test_unsafe_link_schemes(tmp_path, url):
    text = SEMINAR + f"resources:\n  - title: Notes\n    url: '{url}'\n"
    assert event_errors(tmp_path, text) == [
        f"data/events/s.yml:18: resources[0].url: {url!r} is not a web link (only http:// and https:// links are allowed)",
    ]


def test_unsafe_homepage_of_a_person(tmp_path):
    write_data(tmp_path, {"s": SEMINAR}, people=PEOPLE + "  homepage: javascript:alert(document.cookie)\n")
    assert errors_of(tmp_path) == [
        "data/people.yml:6: ana-lee.homepage: 'javascript:alert(document.cookie)' is not a web link "
        "(only http:// and https:// links are allowed)",
    ]


@pytest.mark.parametrize("url, problem", [
    ("javascript:alert(1)", "is not a video on a known host (YouTube, Vimeo, Bilibili, Panopto, or an .mp4/.webm file)"),
    ("https://example.com/watch?v=abcdefghijk", "is not a video on a known host"),
    ("https://www.youtube.com/watch?v=short", "names no YouTube video (a video's link looks like https://youtu.be/ID)"),
    ("https://vimeo.com/showcase/123", "names no Vimeo video (a video's link looks like https://vimeo.com/76979871)"),
])
def test_unsupported_video_url(tmp_path, url, problem):
    text = SEMINAR.replace("video: https://youtu.be/abcdefghijk?si=tracking", f"video: '{url}'")
    (error,) = event_errors(tmp_path, text)
    assert error.startswith(f"data/events/s.yml:15: week 1 (DDPM).video: {url!r} {problem}")


def test_video_with_release_date(tmp_path):
    text = SEMINAR.replace(
        "video: https://youtu.be/abcdefghijk?si=tracking",
        "video:\n      url: https://www.youtube.com/watch?v=abcdefghijk&t=1m30s\n      release: 2025-10-14",
    )
    write_data(tmp_path, {"s": text})
    video = load_site(tmp_path / "data", known_figures=FIGURES, root=tmp_path).events["s"].sessions[0].video
    assert (video.ref.id, video.ref.start, str(video.release)) == ("abcdefghijk", 90, "2025-10-14")


# ---------------------------------------------------------------------------- files


def test_non_utf8_file(tmp_path):
    write_data(tmp_path, {})
    raw = SEMINAR.replace("DDPM", "Caf\xe9").encode("latin-1")
    (tmp_path / "data" / "events" / "s.yml").write_bytes(raw)
    offset = raw.index(b"\xe9")
    assert errors_of(tmp_path) == [
        f"data/events/s.yml:8: the file is not UTF-8 text (byte 0xe9 at offset {offset} cannot be "
        "decoded); save it with UTF-8 encoding",
    ]


def test_utf8_with_byte_order_mark_is_read(tmp_path):
    write_data(tmp_path, {})
    (tmp_path / "data" / "events" / "s.yml").write_bytes(b"\xef\xbb\xbf" + SEMINAR.replace("DDPM", "Caf\xe9").encode())
    site = load_site(tmp_path / "data", known_figures=FIGURES, root=tmp_path)
    assert site.events["s"].sessions[0].title == "Caf\xe9"


def test_tab_in_indentation(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("    title: DDPM", "\ttitle: DDPM")) == [
        "data/events/s.yml:8: tab character in indentation; use spaces",
    ]


def test_yaml_syntax_error(tmp_path):
    assert event_errors(tmp_path, SEMINAR.replace("organizers: [woojin-kim]", "organizers: [woojin-kim")) == [
        "data/events/s.yml:5: the list that starts with '[' is not closed on this line; end it with ']'",
    ]


def test_an_empty_event_file_says_what_to_write(tmp_path):
    write_data(tmp_path, {"s": "# yaml-language-server: $schema=../schema/event.schema.json\n"})
    assert errors_of(tmp_path) == [
        "data/events/s.yml:1: the file is empty; an event file holds at least `kind:` and `title:` lines "
        "(`colloquium new event --kind KIND ID` writes one with every field explained)",
    ]


def test_people_and_readings_with_only_comments_are_none_yet(tmp_path):
    write_data(tmp_path, {"s": "kind: seminar\ntitle: S\n"}, people="# ada-lovelace:\n#   name: Ada Lovelace\n", readings="")
    site = load_site(tmp_path / "data", known_figures=FIGURES, root=tmp_path)
    assert (site.people, site.readings) == ({}, {})


def test_top_level_must_be_a_mapping(tmp_path):
    write_data(tmp_path, {"s": "- kind: seminar\n"}, people="- woojin-kim\n")
    assert errors_of(tmp_path) == [
        "data/events/s.yml:1: expected a mapping (key: value lines), found a list",
        "data/people.yml:1: expected a mapping (key: value lines), found a list",
    ]


@pytest.mark.parametrize("event_id, problem", [
    ("Seminar_2025", "'Seminar_2025' is not a valid event id (the file name is the id and the address of the "
                     "event: lowercase letters, digits and single hyphens, e.g. 'seminar-2025.yml')"),
    ("people", "'people' cannot be an event id: /people/ is a page of the site; rename the file"),
    ("about", "'about' cannot be an event id: /about/ is a page of the site; rename the file"),
    ("past-events", "'past-events' cannot be an event id: /past-events/ is a page of the site; rename the file"),
])
def test_event_file_name_is_a_valid_id(tmp_path, event_id, problem):
    write_data(tmp_path, {event_id: SEMINAR})
    assert errors_of(tmp_path) == [f"data/events/{event_id}.yml:1: {problem}"]


def test_event_file_with_yaml_extension_is_not_ignored(tmp_path):
    write_data(tmp_path, {})
    (tmp_path / "data" / "events" / "seminar.yaml").write_text(SEMINAR)
    assert errors_of(tmp_path) == ["data/events/seminar.yaml: event files end in .yml: rename it to seminar.yml"]


def test_yaml_1_2_scalars_stay_text(tmp_path):
    # YAML 1.1 would read `no` as false and 10:30 as the number 630
    text = SEMINAR.replace("    start: 10:30\n", "    start: 10:30\n    status_note: no\n").replace("title: DDPM", "title: yes")
    write_data(tmp_path, {"s": text})
    session = load_site(tmp_path / "data", known_figures=FIGURES, root=tmp_path).events["s"].sessions[0]
    assert (session.title, session.status_note, session.start.isoformat()) == ("yes", "no", "10:30:00")


# ---------------------------------------------------------------------------- all errors at once


def test_every_error_of_every_file_is_reported_at_once_in_file_and_line_order(tmp_path):
    seminar = (
        SEMINAR.replace("timezone: Asia/Seoul", "timezone: Asia/Soul")
        .replace("presenters:", "presenter:")
        .replace("[forward-process]", "[score]")
    )
    course = COURSE.replace("kind: course", "kind: course\ncode: [CS492]").replace("assignments: [hw2]", "assignments: [hw9]")
    write_data(
        tmp_path,
        {"seminar": seminar, "course": course, "broken": "title: [unclosed\n", "lecture": "kind: lecture\n"},
        people=PEOPLE + "  homepage: data:text/html,hi\n",
        readings=READINGS.replace("year: 2021", "year: 21 BC"),
    )
    assert errors_of(tmp_path) == [
        "data/events/broken.yml:1: the list that starts with '[' is not closed on this line; end it with ']'",
        "data/events/course.yml:2: code: expected text, found a list",
        "data/events/lecture.yml:1: missing required field 'title'",
        "data/events/seminar.yml:3: timezone: 'Asia/Soul' is not a time zone (did you mean 'Asia/Seoul'?)",
        "data/events/seminar.yml:12: week 1 (DDPM).presenter: unknown field 'presenter' (did you mean 'presenters'?)",
        "data/events/seminar.yml:14: week 1 (DDPM).figures[0]: unknown figure 'score' (not in the figure registry)",
        "data/people.yml:6: ana-lee.homepage: 'data:text/html,hi' is not a web link "
        "(only http:// and https:// links are allowed)",
        "data/readings.yml:7: ddim.year: expected a whole number, found '21 BC'",
    ]


def test_cross_checks_of_valid_events_are_reported_with_errors_of_other_files(tmp_path):
    course = COURSE.replace("assignments: [hw2]", "assignments: [quiz]")
    write_data(tmp_path, {"course": course, "seminar": SEMINAR.replace("date: 2025-07-03", "date: 2025-02-30")})
    assert errors_of(tmp_path) == [
        "data/events/course.yml:11: lecture 2 (DDIM).assignments[0]: unknown assignment 'quiz' "
        "(not in this course's assignments; known: hw1, hw2)",
        "data/events/seminar.yml:9: week 1 (DDPM).date: '2025-02-30' is not a real date (day is out of range for month)",
    ]


def test_data_error_format():
    assert str(DataError("data/events/x.yml", 42, "sessions[3].video", "bad")) == "data/events/x.yml:42: sessions[3].video: bad"
    assert str(DataError("data/people.yml", 1, "", "the file is empty")) == "data/people.yml:1: the file is empty"
    errors = DataErrors([DataError("b.yml", 1, "", "x"), DataError("a.yml", 9, "", "y"), DataError("a.yml", 10, "", "z")])
    assert str(errors) == "a.yml:9: y\na.yml:10: z\nb.yml:1: x"


# ---------------------------------------------------------------------------- the example site


def test_the_example_data_loads_without_errors():
    site = load_site(tiny_site.EXAMPLE_DATA, known_figures=None, root=REPO_ROOT)
    assert set(site.events) == {
        "diffusion-seminar-2025",
        "principles-of-diffusion-2026",
        "cs492c-fall-2025",
        "lecture-16-diffusion",
        "ntu-workshop-2026",
    }
    assert {event.kind for event in site.events.values()} == {"seminar", "reading-group", "course", "lecture", "workshop"}


def test_the_example_data_names_only_registered_figures():
    from reference_impl.figures.registry import NAMES

    site = load_site(tiny_site.EXAMPLE_DATA, known_figures=NAMES, root=REPO_ROOT)
    named = {figure for event in site.events.values() for session in event.sessions for figure in session.figures}
    assert named, "the example sessions show figures (DESIGN §7)"
