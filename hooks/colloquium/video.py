"""Video links as organizers paste them, normalized to a provider and an id.

Organizers copy links from the browser's address bar, the share dialog or an embed snippet;
all of them name the same video. Only providers we know how to embed privately are accepted
(DESIGN §6): anything else is a validation error rather than an iframe to an unknown host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YOUTUBE_HOSTS = {
    "youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
    "youtube-nocookie.com", "www.youtube-nocookie.com",
}
# Path prefixes under which the id is the next path segment.
_YOUTUBE_ID_PATHS = ("embed", "shorts", "live", "v")


@dataclass(frozen=True)
class VideoRef:
    """A video on a known provider; `start` is an offset in seconds (from `t=` or `start=`)."""

    provider: str
    id: str
    start: int | None = None

    @property
    def embed_url(self) -> str:
        """The privacy-enhanced player, loaded only after the reader asks for it."""
        query = f"?start={self.start}" if self.start else ""
        return f"https://www.youtube-nocookie.com/embed/{self.id}{query}"

    @property
    def watch_url(self) -> str:
        """The plain link that remains when JavaScript is off."""
        query = f"&t={self.start}s" if self.start else ""
        return f"https://www.youtube.com/watch?v={self.id}{query}"

    @property
    def thumbnail_url(self) -> str:
        return f"https://i.ytimg.com/vi/{self.id}/hqdefault.jpg"


def _seconds(value: str) -> int | None:
    """`t=90`, `t=90s` and `t=1m30s` all mean ninety seconds."""
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", value)
    if not value or not match:
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds or None


def parse_video_url(url: str) -> VideoRef:
    """Normalize a pasted video link; raise ValueError with a reader-facing message.

    Tracking parameters (`si=`, `feature=`, `pp=` ...) are dropped: only the id and a start
    offset survive.
    """
    shown = repr(url) if len(repr(url)) <= 120 else repr(url)[:116] + "...'"
    unsupported = ValueError(f"{shown} is not a supported video URL (YouTube links only)")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise unsupported
    host = (parts.hostname or "").lower()
    query = parse_qs(parts.query)
    segments = [s for s in parts.path.split("/") if s]
    video_id = None
    if host in ("youtu.be", "www.youtu.be") and segments:
        video_id = segments[0]
    elif host in _YOUTUBE_HOSTS:
        if segments[:1] == ["playlist"] or segments[:2] == ["embed", "videoseries"] or (
            segments[:1] == ["watch"] and "v" not in query and "list" in query
        ):
            raise ValueError(
                f"{shown} is a playlist, not a video; link one video of it (open the video and copy its address)"
            )
        if segments[:1] == ["watch"]:
            video_id = query.get("v", [None])[0]
        elif len(segments) >= 2 and segments[0] in _YOUTUBE_ID_PATHS:
            video_id = segments[1]
    if not video_id or not _YOUTUBE_ID.match(video_id):
        raise unsupported
    start = query.get("t", query.get("start", [""]))[0]
    return VideoRef(provider="youtube", id=video_id, start=_seconds(start))
