"""Where recordings and slide decks are hosted: one small class per host.

Organizers paste links from the address bar, a share dialog or an embed snippet; each host
knows the forms of its links and the video (or deck) they name, its most private player (the
only thing a page loads from the host, and only after the reader asks: DESIGN §6), how that
player starts at a time or a slide, and the origins its player comes from (`frame_origins`,
what a Content-Security-Policy's frame-src must allow). Adding a host is adding one class to
VIDEO_HOSTS or SLIDE_HOSTS. A link on no known host is an error rather than an iframe to an
unknown site.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import ClassVar
from urllib.parse import SplitResult, parse_qs, urlencode, urlsplit

from colloquium.errors import show


@dataclass(frozen=True)
class Ref:
    """A video or deck on a known host. `start` is where it starts: seconds for a video, a slide
    (or page) for a deck; `params` what else names it (Vimeo's hash, Bilibili's part, the
    Panopto server, a file's address)."""

    host: Host
    id: str
    start: int | None = None
    params: tuple[tuple[str, str], ...] = ()

    @property
    def provider(self) -> str:
        return self.host.key

    def param(self, name: str) -> str | None:
        return dict(self.params).get(name)

    def player(self, start: int | None = None) -> str:
        """The host's private player, at `start` (default: the link's own start)."""
        return self.host.player(self, self.start if start is None else start)

    @property
    def embed_url(self) -> str:
        return self.player()

    @property
    def player_host(self) -> str | None:
        """Where the player comes from, as pages name it ('player.vimeo.com')."""
        return urlsplit(self.embed_url).hostname

    def at(self, start: int | None) -> Ref:
        """The same video (or deck) from `start` on."""
        return replace(self, start=start)

    @property
    def watch_url(self) -> str:
        """The plain link that remains when JavaScript is off (a file: its address, which may
        be a path under content/)."""
        return self.host.link(self)

    @property
    def thumbnail_url(self) -> str | None:
        return self.host.thumbnail(self)

    @property
    def in_page(self) -> bool:
        """A file the page's own <video> plays, rather than an iframe of the host's player."""
        return self.host.in_page

    @property
    def is_file(self) -> bool:
        """A file the site serves itself (a path under content/)."""
        return self.host.in_page and "://" not in self.id

    @property
    def frame_origins(self) -> tuple[str, ...]:
        return self.host.origins(self)


class Host:
    """A video or slide host. `parse` returns None for a link on another host, and raises
    ValueError for a link on this host that names no video (a channel, a playlist)."""

    key: ClassVar[str]
    name: ClassVar[str]  # as readers know it: pages say "Watch on Vimeo"
    # The player's origins, for a Content-Security-Policy (a host with a player on each
    # institution's server has none fixed: see `origins`).
    frame_origins: ClassVar[tuple[str, ...]] = ()
    in_page: ClassVar[bool] = False

    def parse(self, parts: SplitResult, shown: str) -> Ref | None:
        raise NotImplementedError

    def player(self, ref: Ref, start: int | None) -> str:
        raise NotImplementedError

    def link(self, ref: Ref) -> str:
        raise NotImplementedError

    def thumbnail(self, ref: Ref) -> str | None:
        return None

    def origins(self, ref: Ref) -> tuple[str, ...]:
        return self.frame_origins


def seconds(value: str) -> int | None:
    """`90`, `90s`, `1m30s`, `1h2m3s` (YouTube, Vimeo) all mean ninety seconds and so on."""
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)(?:\.\d*)?s?)?", value or "")
    if not value or not match:
        return None
    hours, minutes, secs = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + secs or None


def _query(**values: object) -> str:
    """A query string of the values that are set."""
    return urlencode({name: value for name, value in values.items() if value not in (None, "")})


def _first(query: dict[str, list[str]], *names: str) -> str:
    return next((query[name][0] for name in names if query.get(name)), "")


class YouTube(Host):
    key, name = "youtube", "YouTube"
    frame_origins = ("https://www.youtube-nocookie.com",)
    _ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
    _HOSTS = {
        "youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
        "youtube-nocookie.com", "www.youtube-nocookie.com",
    }
    _ID_PATHS = ("embed", "shorts", "live", "v")  # the id is the next path segment

    def parse(self, parts: SplitResult, shown: str) -> Ref | None:
        host, query = parts.hostname, parse_qs(parts.query)
        segments = [s for s in parts.path.split("/") if s]
        if host in ("youtu.be", "www.youtu.be"):
            video_id = segments[0] if segments else None
        elif host in self._HOSTS:
            if segments[:1] == ["playlist"] or segments[:2] == ["embed", "videoseries"] or (
                segments[:1] == ["watch"] and "v" not in query and "list" in query
            ):
                raise ValueError(f"{shown} is a playlist, not a video; link one video of it (open the video and copy its address)")
            video_id = query.get("v", [None])[0] if segments[:1] == ["watch"] else (
                segments[1] if len(segments) >= 2 and segments[0] in self._ID_PATHS else None
            )
        else:
            return None
        if not video_id or not self._ID.match(video_id):
            raise ValueError(f"{shown} names no YouTube video (a video's link looks like https://youtu.be/ID)")
        return Ref(self, video_id, seconds(_first(query, "t", "start")))

    def player(self, ref: Ref, start: int | None) -> str:
        # rel=0: what it suggests at the end comes from the same channel, not anywhere
        return f"https://www.youtube-nocookie.com/embed/{ref.id}?{_query(autoplay=1, rel=0, start=start)}"

    def link(self, ref: Ref) -> str:
        return f"https://www.youtube.com/watch?v={ref.id}" + (f"&t={ref.start}s" if ref.start else "")

    def thumbnail(self, ref: Ref) -> str:
        return f"https://i.ytimg.com/vi/{ref.id}/hqdefault.jpg"


class Vimeo(Host):
    key, name = "vimeo", "Vimeo"
    frame_origins = ("https://player.vimeo.com",)
    _HASH = re.compile(r"^[0-9a-f]{6,20}$")

    def parse(self, parts: SplitResult, shown: str) -> Ref | None:
        if parts.hostname not in ("vimeo.com", "www.vimeo.com", "player.vimeo.com"):
            return None
        query = parse_qs(parts.query)
        segments = [s for s in parts.path.split("/") if s]
        # vimeo.com/ID[/HASH], player.vimeo.com/video/ID?h=HASH, vimeo.com/channels/NAME/ID,
        # vimeo.com/groups/NAME/videos/ID, vimeo.com/showcase/N/video/ID, vimeo.com/manage/videos/ID/HASH
        position = next((i + 1 for i, s in enumerate(segments) if s in ("video", "videos")), 2 if segments[:1] == ["channels"] else 0)
        video_id = segments[position] if position < len(segments) else ""
        if not video_id.isdigit():
            raise ValueError(f"{shown} names no Vimeo video (a video's link looks like https://vimeo.com/76979871)")
        after = segments[position + 1] if position + 1 < len(segments) else ""
        secret = _first(query, "h") or (after if self._HASH.match(after) else "")
        start = seconds(_first(parse_qs(parts.fragment), "t") or _first(query, "t"))
        return Ref(self, video_id, start, (("h", secret),) if secret else ())

    def player(self, ref: Ref, start: int | None) -> str:
        # dnt=1: the player sets no cookies and sends no analytics
        return f"https://player.vimeo.com/video/{ref.id}?{_query(h=ref.param('h'), dnt=1, autoplay=1)}" + (f"#t={start}s" if start else "")

    def link(self, ref: Ref) -> str:
        secret = ref.param("h")
        return f"https://vimeo.com/{ref.id}" + (f"/{secret}" if secret else "") + (f"#t={ref.start}s" if ref.start else "")


class Bilibili(Host):
    key, name = "bilibili", "Bilibili"
    frame_origins = ("https://player.bilibili.com",)
    _BV = re.compile(r"^BV[0-9A-Za-z]{10}$")

    def parse(self, parts: SplitResult, shown: str) -> Ref | None:
        host = parts.hostname or ""
        if host not in ("bilibili.com", "www.bilibili.com", "m.bilibili.com", "player.bilibili.com", "b23.tv"):
            return None
        query = parse_qs(parts.query)
        segments = [s for s in parts.path.split("/") if s]
        if host == "player.bilibili.com":
            video_id, part = _first(query, "bvid"), _first(query, "page", "p")
        elif host == "b23.tv":
            video_id, part = (segments[0] if segments else ""), _first(query, "p")
            if not self._BV.match(video_id):
                raise ValueError(f"{shown} is a b23.tv short link, which hides the video; open it and copy the address (https://www.bilibili.com/video/BV...)")
        else:
            video_id = segments[1] if segments[:1] == ["video"] and len(segments) > 1 else ""
            part = _first(query, "p")
        if not self._BV.match(video_id):
            raise ValueError(f"{shown} names no Bilibili video (a video's link looks like https://www.bilibili.com/video/BV1xx411c7mD)")
        part = part if part.isdigit() and int(part) > 1 else ""
        return Ref(self, video_id, seconds(_first(query, "t")), (("p", part),) if part else ())

    def player(self, ref: Ref, start: int | None) -> str:
        # danmaku=0: the comments that scroll over the picture stay off
        return f"https://player.bilibili.com/player.html?{_query(bvid=ref.id, page=ref.param('p'), autoplay=1, danmaku=0, t=start)}"

    def link(self, ref: Ref) -> str:
        query = _query(p=ref.param("p"), t=ref.start)
        return f"https://www.bilibili.com/video/{ref.id}/" + (f"?{query}" if query else "")


class Panopto(Host):
    """Lecture capture on each institution's own server (uni.hosted.panopto.com, panopto.uni.edu)."""

    key, name = "panopto", "Panopto"
    _GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)

    def parse(self, parts: SplitResult, shown: str) -> Ref | None:
        if not parts.path.lower().startswith("/panopto/"):
            return None
        query = parse_qs(parts.query)
        video_id = _first(query, "id")
        if parts.path.lower() not in ("/panopto/pages/viewer.aspx", "/panopto/pages/embed.aspx") or not self._GUID.match(video_id):
            raise ValueError(
                f"{shown} names no Panopto video (a video's link looks like "
                "https://uni.hosted.panopto.com/Panopto/Pages/Viewer.aspx?id=...)"
            )
        return Ref(self, video_id.lower(), seconds(_first(query, "start")), (("server", parts.hostname or ""),))

    def player(self, ref: Ref, start: int | None) -> str:
        # offerviewer=false: no button that leads away to the full viewer; interactivity=none: no
        # notes, discussion or bookmarks, which need a sign-in
        query = _query(id=ref.id, autoplay="true", offerviewer="false", showtitle="false", interactivity="none", start=start)
        return f"https://{ref.param('server')}/Panopto/Pages/Embed.aspx?{query}"

    def link(self, ref: Ref) -> str:
        return f"https://{ref.param('server')}/Panopto/Pages/Viewer.aspx?{_query(id=ref.id, start=ref.start)}"

    def origins(self, ref: Ref) -> tuple[str, ...]:
        return (f"https://{ref.param('server')}",)


class VideoFile(Host):
    """An mp4 or webm file: under content/ (the site serves it) or at an https address. The
    page's own <video> plays it; a start time is a media fragment (#t=90)."""

    key, name = "file", "video file"
    in_page = True
    SUFFIXES = (".mp4", ".webm")

    def parse(self, parts: SplitResult, shown: str) -> Ref | None:
        if not parts.path.lower().endswith(self.SUFFIXES):
            return None
        if parts.scheme == "http":
            raise ValueError(f"{shown} is a video file at an http:// address; give its https:// address (pages are served over https)")
        start = seconds(_first(parse_qs(parts.fragment), "t"))
        return Ref(self, parts._replace(fragment="").geturl(), start)

    def player(self, ref: Ref, start: int | None) -> str:
        return ref.id + (f"#t={start}" if start else "")

    def link(self, ref: Ref) -> str:
        return self.player(ref, ref.start)


class SpeakerDeck(Host):
    key, name = "speakerdeck", "Speaker Deck"
    frame_origins = ("https://speakerdeck.com",)
    _ID = re.compile(r"^[0-9a-f]{32}$")

    def parse(self, parts: SplitResult, shown: str) -> Ref | None:
        if parts.hostname not in ("speakerdeck.com", "www.speakerdeck.com"):
            return None
        segments = [s for s in parts.path.split("/") if s]
        if segments[:1] != ["player"] or len(segments) < 2 or not self._ID.match(segments[1]):
            raise ValueError(
                f"{shown} is not the link of a Speaker Deck player; copy it from the deck's Share, Embed "
                "(https://speakerdeck.com/player/...)"
            )
        start = _first(parse_qs(parts.query), "slide")
        return Ref(self, segments[1], int(start) if start.isdigit() and int(start) > 1 else None)

    def player(self, ref: Ref, start: int | None) -> str:
        return f"https://speakerdeck.com/player/{ref.id}" + (f"?slide={start}" if start else "")

    def link(self, ref: Ref) -> str:
        return self.player(ref, ref.start)


class GoogleSlides(Host):
    key, name = "google-slides", "Google Slides"
    frame_origins = ("https://docs.google.com",)

    def parse(self, parts: SplitResult, shown: str) -> Ref | None:
        if parts.hostname != "docs.google.com" or not parts.path.startswith("/presentation/"):
            return None
        # /presentation/d/ID/edit (shared) or /presentation/d/e/2PACX-.../pub (published to the web)
        match = re.match(r"^/presentation/d/(e/[\w-]{20,}|[\w-]{20,})(?:/|$)", parts.path)
        if not match:
            raise ValueError(f"{shown} names no Google Slides presentation (open the presentation and copy its address)")
        start = _first(parse_qs(parts.fragment), "slide")
        return Ref(self, match[1], int(start) if start.isdigit() and int(start) > 1 else None)

    def player(self, ref: Ref, start: int | None) -> str:
        return f"https://docs.google.com/presentation/d/{ref.id}/embed?start=false&loop=false" + (f"#slide={start}" if start else "")

    def link(self, ref: Ref) -> str:
        view = "pub" if ref.id.startswith("e/") else "view"
        return f"https://docs.google.com/presentation/d/{ref.id}/{view}" + (f"#slide={ref.start}" if ref.start else "")


VIDEO_HOSTS: tuple[Host, ...] = (YouTube(), Vimeo(), Bilibili(), Panopto(), VideoFile())
SLIDE_HOSTS: tuple[Host, ...] = (SpeakerDeck(), GoogleSlides())


def _parts(url: str) -> SplitResult:
    """The link's parts with its host in lower case; of an embed code (<iframe src="...">),
    its player's. A path without a scheme is a file under content/ (whether a path is safe,
    model.SitePath checks)."""
    embedded = re.match(r"""\s*<iframe\b[^>]*?\ssrc=["']([^"']+)["']""", url, re.I)
    link = html.unescape(embedded[1]) if embedded else url.strip()
    parts = urlsplit("https:" + link if link.startswith("//") else link)  # Bilibili's embed code: //player...
    return parts._replace(netloc=parts.netloc.lower())


def parse_video_url(url: str) -> Ref:
    """Normalize a pasted video link or file path; raise ValueError with a reader-facing message.

    Tracking parameters (`si=`, `feature=`, `pp=` ...) are dropped: only what names the video
    and a start time survive."""
    shown, parts = show(url, limit=100), _parts(url)
    if parts.scheme in ("http", "https") or (not parts.scheme and not parts.netloc):
        for host in VIDEO_HOSTS if parts.scheme else (VideoFile(),):
            ref = host.parse(parts, shown)
            if ref is not None:
                return ref
    known = ", ".join(host.name for host in VIDEO_HOSTS if not host.in_page)
    raise ValueError(f"{shown} is not a video on a known host ({known}, or an .mp4/.webm file)")


def parse_slides_url(url: str) -> Ref | None:
    """A deck on a slide host that can be embedded (Speaker Deck, Google Slides); None for any
    other link (a PDF, a page), which stays a plain link; ValueError for a link on such a host
    that names no deck."""
    shown, parts = show(url, limit=100), _parts(url)
    return next((ref for host in SLIDE_HOSTS if (ref := host.parse(parts, shown)) is not None), None) if parts.scheme == "https" else None


def frame_origins(refs: Iterable[Ref] | None = None) -> list[str]:
    """The origins the players of `refs` come from, or with no refs those of every host with
    fixed origins: what a Content-Security-Policy's frame-src must allow (besides 'self' for
    PDF decks under content/)."""
    if refs is None:
        return sorted({origin for host in (*VIDEO_HOSTS, *SLIDE_HOSTS) for origin in host.frame_origins})
    return sorted({origin for ref in refs for origin in ref.frame_origins})
