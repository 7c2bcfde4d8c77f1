"""Video links in every form organizers paste normalize to one provider + id (+ start)."""

import pytest

from colloquium.model import Video
from colloquium.video import VideoRef, parse_video_url

VIDEO_ID = "dQw4w9WgXcQ"


@pytest.mark.parametrize("url, start", [
    (f"https://www.youtube.com/watch?v={VIDEO_ID}", None),
    (f"https://www.youtube.com/watch?v={VIDEO_ID}&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&index=2&pp=iAQB", None),
    (f"https://www.youtube.com/watch?feature=shared&v={VIDEO_ID}", None),
    (f"https://youtu.be/{VIDEO_ID}?si=Gd7Kx2v9qLwTz3Ab", None),
    (f"https://youtu.be/{VIDEO_ID}?si=Gd7Kx2v9qLwTz3Ab&t=42", 42),
    (f"https://www.youtube.com/embed/{VIDEO_ID}?start=90&rel=0", 90),
    (f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}", None),
    (f"https://youtube.com/shorts/{VIDEO_ID}?feature=share", None),
    (f"https://m.youtube.com/watch?v={VIDEO_ID}&feature=youtu.be", None),
    (f"https://www.youtube.com/live/{VIDEO_ID}?si=abc", None),
    (f"https://www.youtube.com/watch?v={VIDEO_ID}&t=1m30s", 90),
    (f"https://www.youtube.com/watch?v={VIDEO_ID}&t=90s", 90),
    (f"https://www.youtube.com/watch?v={VIDEO_ID}&t=1h2m3s", 3723),
    (f"http://WWW.YOUTUBE.COM/watch?v={VIDEO_ID}", None),
    (f"  https://youtu.be/{VIDEO_ID}  ", None),
])
def test_pasted_forms_normalize_to_the_same_video(url, start):
    assert parse_video_url(url) == VideoRef(provider="youtube", id=VIDEO_ID, start=start)


def test_normalized_links_keep_no_tracking_parameters():
    ref = parse_video_url(f"https://youtu.be/{VIDEO_ID}?si=Gd7Kx2v9qLwTz3Ab&t=1m30s")
    assert ref.embed_url == f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?start=90"
    assert ref.watch_url == f"https://www.youtube.com/watch?v={VIDEO_ID}&t=90s"
    plain = parse_video_url(f"https://www.youtube.com/watch?v={VIDEO_ID}&si=x&pp=y&feature=z")
    assert plain.embed_url == f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}"


@pytest.mark.parametrize("url", [
    "javascript:alert(1)",
    "https://vimeo.com/76979871",
    "https://example.com/some/page",
    f"https://example.com/watch?v={VIDEO_ID}",
    f"https://youtube.com.evil.example/watch?v={VIDEO_ID}",
    "https://www.youtube.com/watch?v=tooshort",
    "https://www.youtube.com/watch",
    f"ftp://youtu.be/{VIDEO_ID}",
])
def test_other_links_are_refused(url):
    with pytest.raises(ValueError, match=r"is not a supported video URL \(YouTube links only\)$"):
        parse_video_url(url)


def test_video_is_written_as_a_link_or_with_a_release_date():
    short = Video.model_validate(f"https://youtu.be/{VIDEO_ID}?si=x")
    full = Video.model_validate({"url": f"https://youtu.be/{VIDEO_ID}", "release": "2025-10-14"})
    upcoming = Video.model_validate({"release": "2025-10-14"})
    assert short.ref.id == full.ref.id == VIDEO_ID
    assert upcoming.ref is None and str(upcoming.release) == "2025-10-14"
