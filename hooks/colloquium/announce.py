"""The announcement of a session, as an e-mail the organizer sends to the group's list.

`announcement` writes the subject and a plain-text body (or Markdown, for lists and forums
that render it): title, presenters, the abstract, the time in the event's zone and in UTC,
the place or the link to join, the calendar file and the session page. It is made from the
site index alone, so the same data gives the same text. The meeting link is always in it:
an e-mail to the group is not the public page (which may hold it back until shortly before).
Python's `email` package makes the message (RFC 5322 headers, UTF-8 body), so it can be piped
to `sendmail` or pasted into a mail program.
"""

from __future__ import annotations

import email.policy
import textwrap
from email.message import EmailMessage

from colloquium import dates, plain_text
from colloquium.schedule import SessionEntry, SiteIndex

WIDTH = 72  # plain-text mail is read at this width


def announcement(index: SiteIndex, session: SessionEntry, *, markdown: bool = False) -> EmailMessage:
    """The e-mail announcing `session`: headers Subject and Content-Type (text/plain, or
    text/markdown per RFC 7763), UTF-8 body. Its links are absolute: the index's outputs
    need the site's address (site_url)."""
    outputs = index.outputs
    event = session.event.event
    subject = f"[{event.title}] {session.short_title}"  # the day follows
    if session.session.date:
        subject += f", {dates.weekday_day(session.session.date)}"
        if session.is_timed:
            subject += f", {dates.clock(session.start.time())} {dates.abbreviation(session.start)}"
    if not session.meets:
        subject = f"Cancelled: {subject}"

    writer = _Markdown() if markdown else _PlainText()
    writer.heading(session.full_title)
    writer.line(f"{event.title} ({event.display_name})")
    if session.status_line():
        writer.line(session.status_line())
    writer.blank()
    writer.field("When", _when(session))
    if session.location:
        writer.field("Where", session.location)
    for label, link in (("Join online", session.meeting), ("Watch live", session.stream)):
        if link and session.meets:
            writer.field(label, writer.link(link.service or link.url, link.url))
    if session.presenters:
        writer.field("Presented by", ", ".join(p.name_with_affiliation for p in session.presenters))
    if session.recorded is not None:
        writer.field("Recorded", "yes" if session.recorded else "no")
    text = session.session.abstract or session.session.summary
    if text:
        writer.section("Abstract" if session.session.abstract else "Summary", text)
    for presenter in session.presenters:
        if presenter.id is None and presenter.person.bio:
            writer.section(f"About {presenter.person.name}", presenter.person.bio)
    writer.blank()
    page = outputs.absolute(session.url)
    writer.field("Session page", writer.link(page, page))
    if session.calendar:
        calendar, subscribe = outputs.absolute(session.calendar), outputs.absolute(outputs.event_calendar(session.event_id))
        writer.field("Add to your calendar", writer.link(calendar, calendar))
        writer.field("All sessions in your calendar", writer.link(subscribe, subscribe))

    # Headers on one line (a long subject folded at its start reads as a blank subject to some tools).
    message = EmailMessage(policy=email.policy.default.clone(utf8=True, max_line_length=None))
    message["Subject"] = subject
    message.set_content(writer.text(), subtype="markdown" if markdown else "plain", cte="8bit")
    return message


def _when(session: SessionEntry) -> str:
    if session.session.date is None:
        return "to be announced"
    day = dates.weekday_day(session.session.date)
    if not session.is_timed:
        return f"{day} (all day)"
    utc = dates.instant_range(session.start.astimezone(dates.UTC), session.end.astimezone(dates.UTC))
    return f"{day}, {session.time_text} ({utc})"


class _PlainText:
    """Paragraphs wrapped at WIDTH; Markdown fields read as plain text."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def heading(self, text: str) -> None:
        wrapped = textwrap.wrap(text, WIDTH)
        self.lines += [*wrapped, "=" * max(map(len, wrapped))]

    def line(self, text: str) -> None:
        self.lines.append(text)

    def blank(self) -> None:
        self.lines.append("")

    def field(self, label: str, value: str) -> None:
        self.lines += textwrap.wrap(f"{label}: {value}", WIDTH, subsequent_indent="  ", break_on_hyphens=False, break_long_words=False)

    def link(self, label: str, url: str) -> str:
        return url if label == url else f"{label}, {url}"

    def section(self, title: str, markdown: str) -> None:
        self.lines += ["", title, "-" * len(title)]
        for paragraph in plain_text.from_markdown(markdown).split("\n\n"):
            self.lines += textwrap.wrap(" ".join(paragraph.split()), WIDTH, break_on_hyphens=False, break_long_words=False) + [""]
        self.lines.pop()

    def text(self) -> str:
        return "\n".join(self.lines).strip() + "\n"


class _Markdown(_PlainText):
    """The same, in Markdown: fields as a list, links as links, Markdown fields as written."""

    def heading(self, text: str) -> None:
        self.lines += [f"# {text}", ""]

    def field(self, label: str, value: str) -> None:
        self.lines.append(f"- **{label}:** {value}")

    def link(self, label: str, url: str) -> str:
        return f"<{url}>" if label == url else f"[{label}]({url})"

    def section(self, title: str, markdown: str) -> None:
        self.lines += ["", f"## {title}", "", markdown.strip()]
