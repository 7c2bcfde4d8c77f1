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
import html
import textwrap
import unicodedata
from email.message import EmailMessage

from colloquium import dates, plain_text, translations
from colloquium.markdown_text import markdown_literal
from colloquium.schedule import SessionEntry, SiteIndex
from colloquium.translations import gettext as _

WIDTH = 72  # plain-text mail is read at this width


def announcement(index: SiteIndex, session: SessionEntry, *, markdown: bool = False) -> EmailMessage:
    """The e-mail announcing `session`: headers Subject and Content-Type (text/plain, or
    text/markdown per RFC 7763), UTF-8 body. Its links are absolute: the index's outputs
    need the site's address (site_url). Written in the event's language."""
    with translations.using(session.event.language) as language:
        return _announcement(index, session, language, markdown)


def _announcement(index: SiteIndex, session: SessionEntry, language: translations.Language, markdown: bool) -> EmailMessage:
    outputs = index.outputs
    event = session.event.event
    subject = f"[{event.title}] {session.short_title}"  # the day follows
    if session.session.date:
        subject += f", {language.weekday_day(session.session.date)}"
        if session.is_timed:
            subject += f", {language.at(language.clock(session.start.time()), language.zone_name(session.start))}"
    if not session.meets:
        subject = _("Cancelled: %(title)s") % {"title": subject}

    writer = _Markdown() if markdown else _PlainText()
    writer.heading(session.full_title)
    writer.line(f"{event.title} ({_(event.display_name)})")
    if session.status_line():
        writer.line(session.status_line())
    writer.blank()
    writer.field(_("When"), _when(session, language))
    if session.location:
        writer.field(_("Where"), session.location)
    for label, link in ((_("Join online"), session.meeting), (_("Watch live"), session.stream)):
        if link and session.meets:
            writer.link_field(label, link.service or link.url, link.url)
    registration = session.registration
    if registration and registration.state != "closed":
        label = _("Register") if registration.state == "open" else _("Register from %(moment)s") % {"moment": registration.opens_text}
        until = registration.closes_text and _("until %(moment)s") % {"moment": registration.closes_text}
        notes = "; ".join(filter(None, [until, registration.note]))
        writer.link_field(label, registration.url, registration.url, f" ({notes})" if notes else "")
    if session.presenters:
        writer.field(_("Presented by"), ", ".join(p.name_with_affiliation for p in session.presenters))
    if session.recorded is not None:
        writer.field(_("Recorded"), _("yes") if session.recorded else _("no"))
    text = session.session.abstract or session.session.summary
    if text:
        writer.section(_("Abstract") if session.session.abstract else _("Summary"), text)
    for presenter in session.presenters:
        if presenter.id is None and presenter.person.bio:
            writer.section(_("About %(name)s") % {"name": presenter.person.name}, presenter.person.bio)
    writer.blank()
    page = outputs.absolute(session.url)
    writer.link_field(_("Session page"), page, page)
    if session.calendar:
        calendar, subscribe = outputs.absolute(session.calendar), outputs.absolute(outputs.event_calendar(session.event_id))
        writer.link_field(_("Add to your calendar"), calendar, calendar)
        writer.link_field(_("All sessions in your calendar"), subscribe, subscribe)

    # Headers on one line up to RFC 5322's limit of 998 octets, folded by the standard library
    # beyond it (folded at 78, a subject can break before its first word, which some mail
    # tools then read as a blank subject).
    message = EmailMessage(policy=email.policy.default.clone(utf8=True, max_line_length=998))
    message["Subject"] = subject
    body = writer.text()
    # 8bit keeps the text readable as it is; a line over RFC 5322's 998 octets (a very long
    # title in a Markdown heading) needs quoted-printable, which wraps it.
    too_long = any(len(line.encode()) > 998 for line in body.splitlines())
    message.set_content(body, subtype="markdown" if markdown else "plain", cte="quoted-printable" if too_long else "8bit")
    message["Content-Language"] = language.code  # after set_content, which replaces the Content-* headers
    return message


def _when(session: SessionEntry, language: translations.Language) -> str:
    if session.session.date is None:
        return _("to be announced")
    day = language.weekday_day(session.session.date)
    if not session.is_timed:
        return _("%(day)s (all day)") % {"day": day}
    utc = language.instant_range(session.start.astimezone(dates.UTC), session.end.astimezone(dates.UTC))
    return language.gettext("%(day)s, %(time)s") % {"day": day, "time": f"{session.time_text} ({utc})"}


def _columns(text: str) -> int:
    """How many columns `text` takes in a fixed-width font: Korean, Chinese and Japanese
    characters take two, so that an underline is as long as the title above it."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


class _PlainText:
    """Paragraphs wrapped at WIDTH; Markdown fields read as plain text."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def heading(self, text: str) -> None:
        wrapped = textwrap.wrap(text, WIDTH)
        self.lines += [*wrapped, "=" * max(map(_columns, wrapped))]

    def line(self, text: str) -> None:
        self.lines.append(text)

    def blank(self) -> None:
        self.lines.append("")

    def field(self, label: str, value: str) -> None:
        self.lines += textwrap.wrap(f"{label}: {value}", WIDTH, subsequent_indent="  ", break_on_hyphens=False, break_long_words=False)

    def link_field(self, label: str, text: str, url: str, after: str = "") -> None:
        """A field that is a link (`text` naming it), with `after` (plain text) behind it."""
        self.field(label, (url if text == url else f"{text}, {url}") + after)

    def section(self, title: str, markdown: str) -> None:
        self.lines += ["", title, "-" * _columns(title)]
        for paragraph in plain_text.from_markdown(markdown).split("\n\n"):
            self.lines += textwrap.wrap(" ".join(paragraph.split()), WIDTH, break_on_hyphens=False, break_long_words=False) + [""]
        self.lines.pop()

    def text(self) -> str:
        return "\n".join(self.lines).strip() + "\n"


class _Markdown(_PlainText):
    """The same, in Markdown: fields as a list, links as links, Markdown fields as written.

    Mail tools that render Markdown also run the HTML in it; the data's text is text, so every
    `<`, `>` and `&` in it is escaped (the Markdown fields keep their Markdown, as the site's
    pages do, which show raw HTML as text), and titles and names lose their Markdown meaning."""

    def heading(self, text: str) -> None:
        self.lines += [f"# {markdown_literal(text)}", ""]

    def line(self, text: str) -> None:
        self.lines.append(markdown_literal(text))

    def field(self, label: str, value: str) -> None:
        self.lines.append(f"- **{label}:** {markdown_literal(value)}")

    def link_field(self, label: str, text: str, url: str, after: str = "") -> None:
        # URLs are validated web links without spaces or angle brackets (model.Url).
        link = f"<{url}>" if text == url else f"[{markdown_literal(text)}]({url})"
        self.lines.append(f"- **{markdown_literal(label)}:** {link}{markdown_literal(after)}")

    def section(self, title: str, markdown: str) -> None:
        self.lines += ["", f"## {markdown_literal(title)}", "", html.escape(markdown.strip(), quote=False)]

