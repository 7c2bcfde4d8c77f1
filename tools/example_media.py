"""Makes the example site's own media, so that nothing in it is downloaded from anywhere:

- content/media/forward-process.webm: eight seconds of the forward diffusion process (the
  cosine schedule of reference_impl) noising a picture of rings, 256x144, VP9;
- content/slides/lecture-16-diffusion.pdf: the lecture's 34 slides, a title per slide from
  data/events/lecture-16-diffusion.yml (each part's title, each topic at its slide).

The caption files (forward-process.en.vtt, .ko.vtt) and the transcript beside the video are
written by hand. Run from the repository root with the figures' dependencies installed and an
ffmpeg with VP9 (Debian's `apt-get install ffmpeg`, or `pip install imageio-ffmpeg`, which
ships one); the site itself never needs it:

    python tools/example_media.py
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import yaml  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402

from reference_impl import schedules  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VIDEO = ROOT / "content" / "media" / "forward-process.webm"
DECK = ROOT / "content" / "slides" / "lecture-16-diffusion.pdf"
LECTURE = ROOT / "data" / "events" / "lecture-16-diffusion.yml"
WIDTH, HEIGHT, FPS, SECONDS = 256, 144, 12, 8


def rings(width: int, height: int) -> np.ndarray:
    """A picture in [-1, 1]: concentric rings, as images are scaled for diffusion models."""
    y, x = np.mgrid[0:height, 0:width]
    radius = np.hypot(x - width / 2, y - height / 2) / height
    return np.cos(radius * 18)


def frames() -> list[np.ndarray]:
    """The forward process x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps, one fixed eps, from
    t = 0 to T over the video; a bar at the bottom shows how far it has gone."""
    alphabar = schedules.make("cosine").alphas_cumprod64.numpy()
    x0, eps = rings(WIDTH, HEIGHT), np.random.default_rng(0).standard_normal((HEIGHT, WIDTH))
    count = FPS * SECONDS
    made = []
    for i in range(count):
        t = round(i / (count - 1) * (len(alphabar) - 1))
        xt = np.sqrt(alphabar[t]) * x0 + np.sqrt(1 - alphabar[t]) * eps
        gray = np.clip((xt + 1) / 2 * 255, 0, 255).astype(np.uint8)
        frame = np.repeat(gray[:, :, None], 3, axis=2)
        frame[-6:, : round(WIDTH * (i + 1) / count)] = (63, 81, 181)  # indigo, the site's colour
        made.append(frame)
    return made


def ffmpeg() -> str:
    """The system's ffmpeg, else the one imageio-ffmpeg ships."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg
    except ImportError:
        raise SystemExit("no ffmpeg: install one (apt-get install ffmpeg, or pip install imageio-ffmpeg)") from None
    return imageio_ffmpeg.get_ffmpeg_exe()


def write_video() -> None:
    VIDEO.parent.mkdir(parents=True, exist_ok=True)
    command = [
        ffmpeg(), "-y", "-loglevel", "error",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{WIDTH}x{HEIGHT}", "-r", str(FPS), "-i", "-",
        "-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "45", "-pix_fmt", "yuv420p", "-an",
        # the same file on every run (with the same ffmpeg): no encoder name or timing in it
        "-threads", "1", "-fflags", "+bitexact", "-flags:v", "+bitexact", str(VIDEO),
    ]
    subprocess.run(command, input=b"".join(frame.tobytes() for frame in frames()), check=True)


def slide_titles() -> dict[int, str]:
    """Slide number -> title: the title slide, each part's first slide, each topic's slide."""
    lecture = yaml.safe_load(LECTURE.read_text(encoding="utf-8"))
    titles = {1: lecture["title"], 2: "Outline"}
    for part in lecture["sessions"]:
        if part.get("slides"):
            titles.setdefault(part["slides"]["first"], f"Part {part['number']}: {part['title']}")
        for topic in part.get("topics", []):
            if isinstance(topic, dict) and topic.get("slide"):
                titles[topic["slide"]] = topic["title"]
    return titles | {n: titles.get(n, "") for n in range(1, lecture["total_slides"] + 1)}


def write_deck() -> None:
    DECK.parent.mkdir(parents=True, exist_ok=True)
    titles = slide_titles()
    with PdfPages(DECK, metadata={"Title": titles[1], "Creator": "tools/example_media.py", "CreationDate": None}) as pdf:
        for number in sorted(titles):
            figure = plt.figure(figsize=(8, 4.5))
            figure.text(0.06, 0.82, titles[number], fontsize=22, weight="bold", color="#303f9f", wrap=True)
            figure.text(0.06, 0.08, "Lecture 16: Generative Models - Diffusion", fontsize=10, color="#555555")
            figure.text(0.94, 0.08, str(number), fontsize=14, ha="right", color="#303f9f")
            pdf.savefig(figure)
            plt.close(figure)


if __name__ == "__main__":
    write_video()
    write_deck()
    for path in (VIDEO, DECK):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1000} kB")
