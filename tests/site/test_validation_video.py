"""Video and slide links in every form organizers paste normalize to one host + id (+ start),
each host's private player and plain link; anything else is refused with the hosts known."""

import pytest

from colloquium import video_hosts
from colloquium.model import Material, Video
from colloquium.video_hosts import parse_slides_url, parse_video_url

VIDEO_ID = "dQw4w9WgXcQ"
VIMEO_ID = "76979871"
BV = "BV1xx411c7mD"
GUID = "0f3b5a5e-1d2c-4b7a-9e8f-0123456789ab"
PANOPTO = "uni.hosted.panopto.com"


def normalized(url: str) -> tuple:
    ref = parse_video_url(url)
    return ref.provider, ref.id, ref.start, dict(ref.params)


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
def test_youtube_forms_normalize_to_the_same_video(url, start):
    assert normalized(url) == ("youtube", VIDEO_ID, start, {})


@pytest.mark.parametrize("url, start, secret", [
    (f"https://vimeo.com/{VIMEO_ID}", None, None),
    (f"https://www.vimeo.com/{VIMEO_ID}?share=copy", None, None),
    (f"https://vimeo.com/{VIMEO_ID}#t=1m30s", 90, None),
    (f"https://vimeo.com/{VIMEO_ID}/abc123def0", None, "abc123def0"),  # unlisted: the hash is part of the address
    (f"https://vimeo.com/{VIMEO_ID}/abc123def0?share=copy#t=42s", 42, "abc123def0"),
    (f"https://player.vimeo.com/video/{VIMEO_ID}?h=abc123def0&badge=0&autopause=0", None, "abc123def0"),
    (f"https://player.vimeo.com/video/{VIMEO_ID}", None, None),
    (f"https://vimeo.com/channels/staffpicks/{VIMEO_ID}", None, None),
    (f"https://vimeo.com/groups/seminars/videos/{VIMEO_ID}", None, None),
    (f"https://vimeo.com/showcase/9876543/video/{VIMEO_ID}", None, None),
    (f"https://vimeo.com/manage/videos/{VIMEO_ID}/abc123def0", None, "abc123def0"),
    (f'<iframe src="https://player.vimeo.com/video/{VIMEO_ID}?h=abc123def0&amp;badge=0" width="640" frameborder="0" '
     'allow="autoplay; fullscreen" title="A talk"></iframe>', None, "abc123def0"),  # the embed code
])
def test_vimeo_forms_keep_the_unlisted_hash(url, start, secret):
    assert normalized(url) == ("vimeo", VIMEO_ID, start, {"h": secret} if secret else {})


@pytest.mark.parametrize("url, start, part", [
    (f"https://www.bilibili.com/video/{BV}", None, None),
    (f"https://www.bilibili.com/video/{BV}/?spm_id_from=333.1007&vd_source=abc", None, None),
    (f"https://www.bilibili.com/video/{BV}?p=2", None, "2"),
    (f"https://www.bilibili.com/video/{BV}/?p=3&t=90", 90, "3"),
    (f"https://www.bilibili.com/video/{BV}?p=1", None, None),  # part 1 is the video itself
    (f"https://m.bilibili.com/video/{BV}", None, None),
    (f"https://b23.tv/{BV}", None, None),
    (f"https://player.bilibili.com/player.html?bvid={BV}&page=2&high_quality=1", None, "2"),
    (f'<iframe src="//player.bilibili.com/player.html?bvid={BV}&page=2" scrolling="no" allowfullscreen></iframe>', None, "2"),
])
def test_bilibili_forms_keep_the_part(url, start, part):
    assert normalized(url) == ("bilibili", BV, start, {"p": part} if part else {})


@pytest.mark.parametrize("url, server, start", [
    (f"https://{PANOPTO}/Panopto/Pages/Viewer.aspx?id={GUID}", PANOPTO, None),
    (f"https://{PANOPTO}/Panopto/Pages/Viewer.aspx?id={GUID}&start=125", PANOPTO, 125),
    (f"https://{PANOPTO}/Panopto/Pages/Embed.aspx?id={GUID}&autoplay=false&offerviewer=true&showtitle=true", PANOPTO, None),
    (f"https://panopto.example.edu/panopto/pages/viewer.aspx?id={GUID.upper()}", "panopto.example.edu", None),
])
def test_panopto_forms_on_any_institutions_server(url, server, start):
    assert normalized(url) == ("panopto", GUID, start, {"server": server})


@pytest.mark.parametrize("url, address, start", [
    ("media/talk.mp4", "media/talk.mp4", None),
    ("media/talk.webm#t=30", "media/talk.webm", 30),
    ("https://cdn.example.org/lectures/week-1.MP4", "https://cdn.example.org/lectures/week-1.MP4", None),
])
def test_video_files_under_content_or_at_https_addresses(url, address, start):
    ref = parse_video_url(url)
    assert (ref.provider, ref.id, ref.start, ref.in_page) == ("file", address, start, True)
    assert ref.is_file == ("://" not in address)


@pytest.mark.parametrize("url, player, link", [
    (f"https://youtu.be/{VIDEO_ID}?si=x&t=1m30s",
     f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?autoplay=1&rel=0&start=90",
     f"https://www.youtube.com/watch?v={VIDEO_ID}&t=90s"),
    (f"https://www.youtube.com/watch?v={VIDEO_ID}&si=x&pp=y&feature=z",
     f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?autoplay=1&rel=0",
     f"https://www.youtube.com/watch?v={VIDEO_ID}"),
    (f"https://vimeo.com/{VIMEO_ID}/abc123def0#t=42s",
     f"https://player.vimeo.com/video/{VIMEO_ID}?h=abc123def0&dnt=1&autoplay=1#t=42s",
     f"https://vimeo.com/{VIMEO_ID}/abc123def0#t=42s"),
    (f"https://www.bilibili.com/video/{BV}?p=2&t=90",
     f"https://player.bilibili.com/player.html?bvid={BV}&page=2&autoplay=1&danmaku=0&t=90",
     f"https://www.bilibili.com/video/{BV}/?p=2&t=90"),
    (f"https://{PANOPTO}/Panopto/Pages/Viewer.aspx?id={GUID}&start=125",
     f"https://{PANOPTO}/Panopto/Pages/Embed.aspx?id={GUID}&autoplay=true&offerviewer=false&showtitle=false&interactivity=none&start=125",
     f"https://{PANOPTO}/Panopto/Pages/Viewer.aspx?id={GUID}&start=125"),
    ("media/talk.webm#t=30", "media/talk.webm#t=30", "media/talk.webm#t=30"),
])
def test_each_host_has_its_private_player_and_plain_link(url, player, link):
    """The player is the host's most private one (nocookie, dnt=1, no comments over the
    picture, no links away), playing once loaded (the reader pressed play), with tracking
    parameters of the pasted link dropped."""
    ref = parse_video_url(url)
    assert (ref.embed_url, ref.watch_url) == (player, link)


def test_a_player_starts_where_a_chapter_asks():
    assert parse_video_url(f"https://youtu.be/{VIDEO_ID}").player(754).endswith("&start=754")
    assert parse_video_url(f"https://vimeo.com/{VIMEO_ID}").player(754).endswith("#t=754s")
    assert parse_video_url(f"https://www.bilibili.com/video/{BV}").player(754).endswith("&t=754")
    assert parse_video_url(f"https://{PANOPTO}/Panopto/Pages/Viewer.aspx?id={GUID}").player(754).endswith("&start=754")
    assert parse_video_url("media/talk.webm").player(754) == "media/talk.webm#t=754"


def test_frame_origins_name_every_player():
    assert video_hosts.frame_origins() == [
        "https://docs.google.com", "https://player.bilibili.com", "https://player.vimeo.com",
        "https://speakerdeck.com", "https://www.youtube-nocookie.com",
    ]
    refs = [parse_video_url(f"https://{PANOPTO}/Panopto/Pages/Viewer.aspx?id={GUID}"), parse_video_url("media/a.mp4"),
            parse_video_url(f"https://vimeo.com/{VIMEO_ID}")]
    assert video_hosts.frame_origins(refs) == ["https://player.vimeo.com", f"https://{PANOPTO}"]


KNOWN = r"is not a video on a known host \(YouTube, Vimeo, Bilibili, Panopto, or an \.mp4/\.webm file\)$"


@pytest.mark.parametrize("url, message", [
    ("javascript:alert(1)", KNOWN),
    ("https://dailymotion.com/video/x8abc", KNOWN),
    ("https://example.com/some/page", KNOWN),
    (f"https://example.com/watch?v={VIDEO_ID}", KNOWN),
    (f"https://youtube.com.evil.example/watch?v={VIDEO_ID}", KNOWN),
    (f"ftp://youtu.be/{VIDEO_ID}", KNOWN),
    ("media/talk.avi", KNOWN),
    ("https://www.youtube.com/watch?v=tooshort", "names no YouTube video"),
    ("https://www.youtube.com/watch", "names no YouTube video"),
    ("https://www.youtube.com/@channel", "names no YouTube video"),
    ("https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG", "is a playlist, not a video"),
    ("https://vimeo.com/showcase/9876543", "names no Vimeo video"),
    ("https://vimeo.com/user12345", "names no Vimeo video"),
    ("https://www.bilibili.com/video/av170001", "names no Bilibili video"),
    ("https://space.bilibili.com/12345", KNOWN),
    ("https://b23.tv/xYz12Ab", "b23.tv short link"),
    (f"https://{PANOPTO}/Panopto/Pages/Sessions/List.aspx#folderID=abc", "names no Panopto video"),
    (f"https://{PANOPTO}/Panopto/Pages/Viewer.aspx?id=not-a-guid", "names no Panopto video"),
    ("http://cdn.example.org/talk.mp4", "give its https:// address"),
])
def test_other_links_are_refused_with_the_hosts_known(url, message):
    with pytest.raises(ValueError, match=message):
        parse_video_url(url)


def test_a_video_file_path_must_stay_under_content():
    with pytest.raises(ValueError, match="is not a path under content/"):
        Video.model_validate("../secrets/talk.mp4")


@pytest.mark.parametrize("url, player, start", [
    ("https://speakerdeck.com/player/0123456789abcdef0123456789abcdef", "https://speakerdeck.com/player/0123456789abcdef0123456789abcdef", None),
    ("https://speakerdeck.com/player/0123456789abcdef0123456789abcdef?slide=12", "https://speakerdeck.com/player/0123456789abcdef0123456789abcdef?slide=12", 12),
    ("https://docs.google.com/presentation/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit#slide=5",
     "https://docs.google.com/presentation/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/embed?start=false&loop=false#slide=5", 5),
    ("https://docs.google.com/presentation/d/e/2PACX-1vRabcdefghijklmnopqrstuvwxyz/pub?start=false",
     "https://docs.google.com/presentation/d/e/2PACX-1vRabcdefghijklmnopqrstuvwxyz/embed?start=false&loop=false", None),
])
def test_slide_hosts_embed_their_player(url, player, start):
    ref = parse_slides_url(url)
    assert (ref.embed_url, ref.start) == (player, start)


def test_other_slide_links_stay_links_and_unknown_decks_are_refused():
    assert parse_slides_url("https://example.org/slides.pdf") is None
    slides = Material.model_validate({"kind": "slides", "url": "slides/week-1.pdf#page=12"})
    assert (slides.pdf, slides.first_page, slides.deck) == ("slides/week-1.pdf", 12, None)
    with pytest.raises(ValueError, match="copy it from the deck's Share, Embed"):
        Material.model_validate({"kind": "slides", "url": "https://speakerdeck.com/someone/a-talk"})
    with pytest.raises(ValueError, match="can only be opened at a page"):
        Material.model_validate({"kind": "slides", "url": "slides/week-1.pdf#intro"})


def test_video_is_written_as_a_link_or_with_release_captions_chapters_and_transcript():
    short = Video.model_validate(f"https://youtu.be/{VIDEO_ID}?si=x")
    full = Video.model_validate({
        "url": "media/talk.webm", "release": "2025-10-14", "transcript": "media/talk.md",
        "captions": [{"file": "media/talk.en.vtt", "language": "en"}, {"file": "media/talk.ko.vtt", "language": "ko"}],
        "chapters": [{"time": "0:00", "title": "Start"}, {"time": "12:30", "title": "Middle"}, {"time": "1:02:03", "title": "End"}],
    })
    upcoming = Video.model_validate({"release": "2025-10-14"})
    assert short.ref.id == VIDEO_ID and full.ref.id == "media/talk.webm"
    assert [c.name for c in full.captions] == ["English", "한국어"]
    assert [(c.time, c.clock) for c in full.chapters] == [(0, "0:00"), (750, "12:30"), (3723, "1:02:03")]
    assert upcoming.ref is None and str(upcoming.release) == "2025-10-14"


@pytest.mark.parametrize("video, message", [
    ({"url": "media/a.webm", "chapters": [{"time": "5:00", "title": "B"}, {"time": "1:00", "title": "A"}]},
     "chapter 'A' at 1:00 does not come after 'B' at 5:00"),
    ({"url": "media/a.webm", "chapters": [{"time": "1:75", "title": "A"}]}, "is not a time in the recording"),
    ({"url": "media/a.webm", "captions": [{"file": "media/a.srt", "language": "en"}]}, "is not a WebVTT caption file"),
    ({"url": "media/a.webm", "captions": [{"file": "media/a.vtt", "language": "english"}]}, "is not a language code"),
    ({"url": "media/a.webm", "captions": [{"file": "a.vtt", "language": "en"}, {"file": "b.vtt", "language": "EN"}]},
     "two caption files have the same language"),
    ({"url": "media/a.webm", "transcript": "media/a.pdf"}, "is not a transcript"),
])
def test_video_details_are_checked(video, message):
    with pytest.raises(ValueError, match=message):
        Video.model_validate(video)
