"""Every fact of the five seeds (../shared/seeds) is on the built pages of its event.

The example site must reproduce each seed: titles, names, dates, weeks, chapters, slide ranges,
topics, links, video ids, release dates, grading weights, references. These tests read the site
built by the shared `built_site` fixture (`mkdocs build --strict`, build date 2025-09-20) and
look for each fact on the event's own pages:

- `event_page`: on /<event-id>/index.html itself;
- `sessions`: on one session's page /<event-id>/<session-id>/index.html;
- `anywhere`: on the event page or any of its session pages.

A fact is plain text (searched in the page's text content, whitespace collapsed, entities
decoded), `Markup` (searched in the HTML source: links and video ids live in attributes), or a
pattern for things whose spelling is the renderer's choice: dates (`Date`: "Jul 6, 2026",
"July 6, 2026", "6 Jul 2026", "2026-07-06", or a <time datetime="2026-07-06...">), times
(`Time`: "16:00" or "4:00 pm"), percentages (`Percent`: "45%") and slide ranges (`Slides`).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

# ---------------------------------------------------------------------------- fact kinds


@dataclass(frozen=True)
class Markup:
    """A string that must appear in the page's HTML source (e.g. an href or a video id)."""

    text: str


@dataclass(frozen=True)
class Pattern:
    """A regular expression matched against the page's text."""

    regex: str
    label: str = ""

    def __str__(self) -> str:
        return self.label or self.regex


@dataclass(frozen=True)
class Date:
    """A calendar date, in whichever of the usual spellings the renderer picked."""

    value: dt.date

    def patterns(self) -> list[str]:
        d = self.value
        spellings = {
            d.isoformat(),
            f"{d:%b} {d.day}, {d.year}",
            f"{d:%B} {d.day}, {d.year}",
            f"{d:%b} {d.day:02d}, {d.year}",
            f"{d.day} {d:%b} {d.year}",
            f"{d.day} {d:%B} {d.year}",
        }
        return [re.escape(s) for s in spellings]

    def __str__(self) -> str:
        return f"date {self.value.isoformat()}"


@dataclass(frozen=True)
class Time:
    """A local time of day: '16:00', '4:00 pm', '4:00 p.m.' or '4pm' all count."""

    hour: int
    minute: int = 0

    def regex(self) -> str:
        h12 = self.hour % 12 or 12
        half = "p" if self.hour >= 12 else "a"
        forms = [
            rf"\b{self.hour:02d}:{self.minute:02d}\b",
            rf"(?<![\d:]){self.hour}:{self.minute:02d}\b",
            rf"(?<![\d:]){h12}:{self.minute:02d}\s*{half}\.?\s?m\b",
        ]
        if self.minute == 0:
            forms.append(rf"(?<![\d:]){h12}\s*{half}\.?\s?m\b")
        if (self.hour, self.minute) == (12, 0):
            forms.append(r"\bnoon\b")
        return "(?i)" + "|".join(forms)

    def __str__(self) -> str:
        return f"time {self.hour:02d}:{self.minute:02d}"


def Percent(value: int) -> Pattern:  # noqa: N802 - reads like the other fact kinds
    return Pattern(rf"(?<![\d.]){value}(?:\.0+)?\s*%", f"{value}%")


def Slides(first: int, last: int) -> Pattern:  # noqa: N802
    return Pattern(rf"(?<!\d){first}\s*(?:[-–—]|to)\s*{last}(?!\d)", f"slides {first}-{last}")


Fact = str | Markup | Pattern | Date | Time


@dataclass
class SeedFacts:
    seed: str
    event_page: list[Fact] = field(default_factory=list)
    sessions: dict[str, list[Fact]] = field(default_factory=dict)
    anywhere: list[Fact] = field(default_factory=list)
    # Strings that must not be in any page of the event (e.g. tracking parameters).
    absent: list[str] = field(default_factory=list)
    # Texts that must appear on the event page in this order (e.g. a numbered reference list).
    ordered: list[str] = field(default_factory=list)


def d(text: str) -> Date:
    return Date(dt.date.fromisoformat(text))


# ============================================================================ seed 000

SEMINAR_WEEKS = [
    # (week, title, presenter, video id, tracking parameter the page must drop)
    (1, "Introduction to Diffusion Model", "Woojin Kim", "dQs8gQJ5rxI", "_gdCF5Q2nLw"),
    (2, "Generative Modeling I", "Jihwan Hong", "Hg7gXjfUGmI", "EUiEFaxSYZhGJE-n"),
    (3, "Generative Modeling Ⅱ", "Jaeik Kim", "YbvVJAxMHTE", "ZQwShvbTnGcK6Yzq"),
    (4, "Denoising Diffusion Probabilistic Model", "Yejoon Lee", "FjMy7-fWbaM", "7cXeXqPS5mzPqiJX"),
    (5, "DDIM and Score-based Modeling", "Woojin Kim", "m0uslveHG3I", "1oFaYSs1tEIU1R2X"),
    (6, "Various Diffusion Space", "Jihwan Hong", "IQJ89b_Isjc", "YP6Kca8ZBokgREGG"),
    (7, "Technical components", "Jaeik Kim", "hFn3XsWJtIM", "hK2BrvthmU1j8Pz6"),
    (8, "Diffusion Language Models I", "Woojin Kim", None, None),
    (9, "Diffusion Language Models Ⅱ", "Woojin Kim", None, None),
    (10, "Diffusion Language Models Ⅲ", "Yejoon Lee", None, None),
    (11, "Flow Matching & Token Ordering", "Jaeik Kim", None, None),
]
RELEASED_SOON = Pattern(r"(?i)released\s+soon", "will be released soon")
RELEASED_OCT_14 = Pattern(
    r"(?i)released on\s+(?:Oct 14, 2025|October 14, 2025|2025-10-14|14 Oct(?:ober)? 2025)",
    "will be released on Oct 14, 2025",
)
SEMINAR_FIGURES = {
    4: ["forward-process", "noise-schedules", "ddpm-sampling"],
    5: ["ddim-vs-ddpm", "score-field", "solvers"],
    7: ["guidance"],
    11: ["flow-matching"],
}


def _seminar() -> SeedFacts:
    facts = SeedFacts(
        seed="000",
        event_page=[
            "Diffusion Seminar",
            "Summer 2025 Diffusion Tutorial",
            "07/2025",
            "09/2025",
            "2025-07-25",
            # The three-part curriculum.
            "Diffusion Theory",
            "Generative Modeling (What is generative model?)",
            "Stochastic differential equation",
            "Score matching (+flow matching)",
            "Diffusion formulation",
            "Diffusion techniques",
            "Sampling (DDPM, DDIM..)",
            "Conditioning, Guidance",
            "Noise scheduling",
            "Efficiency (distill, consistency..)",
            "Diffusion language model",
            "Continuous diffusion (Embedding, Latent)",
            "Discrete diffusion (mdlm, score matching)",
            "AR VS. NAR",
            "Scaling",
        ],
        anywhere=[
            "ELBO",
            "reparameterization",
            "autoregressive",
            "variational autoencoders (VAE)",
            "generative adversarial networks (GANs)",
            "probability flow ODE",
            "latent space",
            "discrete space",
            "consistency distillation",
            "Consistency Models",
            "Sigma GPT",
            "Any-Order GPT",
            "curriculum learning",
            "KV caching",
        ],
        absent=[week[4] for week in SEMINAR_WEEKS if week[4]] + ["si="],
        ordered=[
            "Diffusion Theory", "Generative Modeling (What is generative model?)", "Diffusion formulation",
            "Diffusion techniques", "Sampling (DDPM, DDIM..)", "Efficiency (distill, consistency..)",
            "Diffusion language model", "Continuous diffusion (Embedding, Latent)", "Scaling",
        ] + [week[1] for week in SEMINAR_WEEKS],
    )
    for week, title, presenter, video, _ in SEMINAR_WEEKS:
        facts.event_page += [title, presenter]
        page = [title, presenter, Pattern(rf"(?i)\bweek\s*{week}\b", f"Week {week}")]
        if video:
            facts.event_page.append(Markup(video))
            page.append(Markup(video))
        elif week == 11:
            page.append(RELEASED_OCT_14)
        else:
            page.append(RELEASED_SOON)
        page += [Markup(name) for name in SEMINAR_FIGURES.get(week, [])]
        facts.sessions[f"week-{week}"] = page
    facts.event_page += [RELEASED_SOON, RELEASED_OCT_14]
    return facts


# ============================================================================ seed 001

READING_GROUP_WEEKS = [
    (1, "Variational Perspective: From VAEs to DDPMs", "Myeonggeum Ko", "2026-07-06"),
    (2, "Score-Based Perspective: From EBMs to NCSN", "Kyeongtae Ko", "2026-07-13"),
    (3, "Diffusion Models Today: Score SDE Framework", "Heejoon Byun", "2026-07-20"),
    (4, "Flow-Based Perspective: From NFs to Flow Matching", "Gunwoo Cho", "2026-07-27"),
    (5, "A Unified and Systematic Lens on Diffusion Models", "Sungwoo Park", "2026-08-03"),
    (6, "Guidance and Controllable Generation", "Yoonseo Choi", "2026-08-10"),
    (7, "Sophisticated Solvers for Fast Sampling", "Jikwang Kim", "2026-08-17"),
    (8, "Distillation-Based Methods & Learning Fast Generators from Scratch", "Dayeon Yoon", "2026-08-24"),
]


def _reading_group() -> SeedFacts:
    facts = SeedFacts(
        seed="001",
        event_page=[
            "Diffusion Seminar",
            "The Principles of Diffusion Models",
            "Lai, Song, Kim, Mitsufuji, and Ermon",
            "2026",
            "July 6",
            "one chapter each week",
        ],
        anywhere=[
            "variational autoencoder (VAE)",
            "denoising diffusion probabilistic model (DDPM)",
            "energy-based models (EBMs)",
            "stochastic differential equations",
            "probability-flow ODE",
            "normalizing flows",
            "neural ODEs",
        ],
    )
    for week, title, presenter, date in READING_GROUP_WEEKS:
        week_label = Pattern(rf"(?i)\bweek\s*{week}\b", f"Week {week}")
        # "Open Session": the event page links every week's own page.
        facts.event_page += [title, presenter, d(date), week_label, Markup(f"week-{week}/")]
        facts.sessions[f"week-{week}"] = [title, presenter, d(date), week_label, "The Principles of Diffusion Models"]
        facts.ordered.append(title)
    return facts


# ============================================================================ seed 002

COURSE_LECTURES = [
    # (session id, date, title, has recording)
    ("lecture-1", "2025-09-02", "Course Introduction", False),
    ("lecture-2", "2025-09-04", "Introduction to Generative Models / GAN / VAE", True),
    ("lecture-3", "2025-09-09", "DDPM 1", True),
    ("lecture-4", "2025-09-11", "DDPM 2", True),
    ("lecture-5", "2025-09-23", "DDIM 1", True),
    ("lecture-6", "2025-09-25", "DDIM 2 / CFG", True),
    ("lecture-7", "2025-09-30", "CFG / Latent Diffusion / ControlNet / LoRA", True),
    ("lecture-8", "2025-10-07", "Zero-Shot Applications", True),
    ("lecture-9", "2025-10-14", "DDIM Inversion / Score Distillation 1", True),
    ("lecture-10", "2025-10-16", "Score Distillation 2", True),
    ("lecture-11", "2025-10-28", "Diffusion Synchronization", True),
    ("lecture-12", "2025-11-04", "Inverse Problems 1", True),
    ("lecture-13", "2025-11-06", "Inverse Problems 2", True),
    ("lecture-14", "2025-11-11", "Probability Flow ODE / DPM-Solver", True),
    ("lecture-15", "2025-11-18", "Flow Matching 1", True),
    ("lecture-16", "2025-11-20", "Flow Matching 2", True),
    ("lecture-17", "2025-11-25", "Course Summary", True),
]
COURSE_NO_CLASS = [
    ("2025-09-16", "Chuseok"),
    ("2025-09-18", "Chuseok"),
    ("2025-10-02", "Substitution of Hangul Day"),
    ("2025-10-21", "Midterm Week"),
    ("2025-10-23", "Midterm Week"),
    ("2025-12-09", "Conference Trip"),
    ("2025-12-11", "Conference Trip"),
    ("2025-12-16", "Final Week"),
    ("2025-12-18", "Final Week"),
]
REPO = "https://github.com/KAIST-Visual-AI-Group/Diffusion-Assignment"
COURSE_ASSIGNMENTS = [
    # (number, repository suffix, due date, session whose page introduces it)
    (1, "1-DDPM", "2025-09-29", "lecture-4"),
    (2, "2-DDIM-CFG", "2025-10-09", "lecture-6"),
    (3, "3-ControlNet-LoRA", "2025-10-21", "lecture-8"),
    (4, "4-Distillation", "2025-11-05", "lecture-10"),
    (5, "5-Synchronization", "2025-11-18", "assignment-5-session"),
    (6, "6-DPMSolver", "2025-12-06", "assignment-6-session"),
    (7, "7-Flow", "2025-12-13", "lecture-16"),
]
COURSE_DEADLINES = [
    ("Project Proposal", "2025-10-19"),
    ("Project Interim Report", "2025-11-09"),
    ("Project Early Reporting", "2025-11-22"),
    ("Project Submission", "2025-11-30"),
]
COURSE_RESOURCES = [
    ("SIGGRAPH 2024 Course: Diffusion Models for Visual Content Generation",
     "https://geometry.cs.ucl.ac.uk/courses/diffusion4ContentCreation_sigg24/"),
    ("CVPR 2023 Tutorial: Denoising Diffusion Models: A Generative Learning Big Bang",
     "https://cvpr2023-tutorial-diffusion-models.github.io/"),
    ("Generative Modeling by Estimating Gradients of the Data Distribution", "https://yang-song.net/blog/2021/score/"),
    ("What are Diffusion Models?", "https://lilianweng.github.io/posts/2021-07-11-diffusion-models/"),
    ("Understanding Diffusion Models: A Unified Perspective", "https://arxiv.org/abs/2208.11970"),
    ("Tutorial on Diffusion Models for Imaging and Vision", "https://arxiv.org/abs/2403.18103"),
    ("Step-by-Step Diffusion: An Elementary Tutorial", "https://arxiv.org/abs/2406.08929"),
]


def _course() -> SeedFacts:
    facts = SeedFacts(
        seed="002",
        event_page=[
            "CS492(C)",
            "Diffusion and Flow Models",
            "Minhyuk Sung",
            Markup("https://mhsung.github.io/"),
            "KAIST",
            Markup("https://www.kaist.ac.kr/"),
            "Fall 2025",
            # Time & location.
            Pattern(r"\bMon\b"),
            Pattern(r"\bWed\b"),
            Time(10, 30),
            Time(11, 45),
            Pattern(r"KST|Asia/Seoul", "KST"),
            "E3-5 Rm 210",
            # Staff.
            "Yuseung Lee",
            "Seungwoo Yoo",
            "Juil Koo",
            "Yunhong Min",
            "Course Assistant",
            # Description and prerequisites.
            "SORA",
            "Midjourney",
            "StableDiffusion",
            "conditional generation",
            "personalization",
            "zero-shot manipulation",
            "knowledge distillation",
            "programming assignments",
            "course project",
            "no midterm",
            "final exam",
            "deep learning",
            "PyTorch",
            # Past years.
            "CS492(D): Diffusion Models and Their Applications",
            Markup("https://mhsung.github.io/kaist-cs492d-fall-2024/"),
            # Grading.
            "Programming Assignments",
            Percent(45),
            "Project",
            "In-Class Participation",
            Percent(10),
            # AI coding assistant tool policy.
            "AI Coding Assistant Tool Policy",
            "ChatGPT",
            "Copilot",
            "Codex",
            "Code Intelligence",
            "plagiarism",
            "copying code directly from the Internet or from another person",
            "score of zero",
            "report to the university",
            # Important dates.
            "23:59",
            Pattern(r"(?i)subject to change", "Subject to change"),
            "Sep 29 (Sun)",
            # Schedule: guests, presentations, holidays.
            "Guest Lecture 1",
            "Or Patashnik",
            "Guest Lecture 2",
            "Jiaming Song",
            d("2025-10-10"),
            d("2025-11-27"),
            "Project Presentations 1",
            d("2025-12-02"),
            "Project Presentations 2",
            d("2025-12-04"),
            "Assignment 5 Session",
            d("2025-10-30"),
            "Assignment 6 Session",
            d("2025-11-13"),
            "No Class",
        ],
        anywhere=[
            "Ph.D. Student",
            "Tel-Aviv University",
            "Chief Scientist",
            "Luma AI",
            "Project Orientation Session",
            "Paper list",
        ]
        + [f"Assignment {n} Session" for n in range(1, 8)],
        sessions={
            "guest-lecture-or-patashnik": [
                "Guest Lecture 1",
                "Or Patashnik",
                "Tel-Aviv University",
                d("2025-10-10"),
                d("2025-10-09"),
                Time(16, 0),
                Pattern(r"(?i)recording"),
            ],
            "guest-lecture-jiaming-song": ["Guest Lecture 2", "Jiaming Song", "Chief Scientist", "Luma AI", d("2025-11-27")],
            "project-presentations-1": ["Project Presentations 1", d("2025-12-02")],
            "project-presentations-2": ["Project Presentations 2", d("2025-12-04")],
            "lecture-13": ["Inverse Problems 2", "Project Orientation Session"],
        },
    )
    for session_id, date, title, recorded in COURSE_LECTURES:
        facts.event_page += [title, d(date)]
        facts.ordered.append(title)
        page = [title, d(date), Pattern(r"(?i)slides")]
        if recorded:
            page.append(Pattern(r"(?i)recording"))
        facts.sessions.setdefault(session_id, []).extend(page)
    for date, reason in COURSE_NO_CLASS:
        facts.event_page += [d(date), reason]
        facts.sessions[date] = ["No Class", reason, d(date)]
    for number, suffix, due, session_id in COURSE_ASSIGNMENTS:
        url = REPO + suffix
        facts.event_page += [Markup(url), d(due)]
        facts.sessions.setdefault(session_id, []).append(Markup(url))
    for title, due in COURSE_DEADLINES:
        facts.event_page += [title, d(due)]
    for title, url in COURSE_RESOURCES:
        facts.event_page += [title, Markup(url)]
    facts.event_page += ["Yang Song", "Lilian Weng", "Calvin Luo", "Stanley H. Chan",
                         "Preetum Nakkiran", "Arwen Bradley", "Hattie Zhou", "Madhu Advani"]
    return facts


# ============================================================================ seed 003

LECTURE_PARTS = [
    # (part, title, first slide, last slide, slide count, topics as (slide, title))
    (1, "Introduction & Motivation", 3, 6, 4,
     [(4, "Evolution of Generative Models"), (5, "Intuitive Understanding"), (6, "Comparison with GANs")]),
    (2, "Forward Process", 7, 12, 6,
     [(8, "Forward Process Definition"), (9, "Cumulative Effect"), (10, "Mathematical Properties"),
      (11, "Forward Process Visualization"), (12, "Why is this Process Necessary?")]),
    (3, "Reverse Process", 13, 18, 6,
     [(14, "Reverse Process Goal"), (15, "Neural Network Parameterization"), (16, "Deep Dive into Score Function"),
      (17, "Denoising Objective Function"), (18, "Training Algorithm")]),
    (4, "Sampling", 19, 23, 5,
     [(20, "DDPM Sampling"), (21, "DDIM - Fast Sampling"), (22, "Conditional Generation"),
      (23, "Classifier-Free Guidance")]),
    (5, "Architecture", 24, 27, 4,
     [(25, "U-Net Structure"), (26, "Attention Mechanism"), (27, "Condition Injection Methods")]),
    (6, "Advanced Techniques", 28, 31, 4,
     [(29, "Latent Diffusion (Stable Diffusion)"), (30, "Noise Schedule Improvements"),
      (31, "Other Improvement Techniques")]),
    (7, "Applications and Extensions", 32, 34, 3,
     [(33, "Applications and Conclusion"), (34, "Thank You")]),
]
LECTURE_PART_DETAILS = {
    # Topic points, key concepts and learning outcomes: on the part's own page.
    1: ["Timeline of generative model development (2013-2023)", "VAEs (2013)", "GANs (2014)",
        "Diffusion Models (2015-2020)", "Flow-based Models (2018)", "Score-based Models (2020+)",
        "DALL-E 2, Stable Diffusion, Midjourney (2022-2023)", "sculptor",
        "Original data → +Gaussian Noise → Intermediate States → Pure Noise",
        "Pure Noise → Neural Network → Iterative Denoising → Generated Data",
        "Training Stability:", "Mode Coverage:", "Sample Quality:", "Generation Speed:", "GANs (✓) are faster (1 step)",
        "100-1000 steps", "Training Complexity:", "Controllability:", "Likelihood Evaluation:",
        "Evolution from VAEs/GANs to modern diffusion models", "Markov chain formulation of diffusion processes",
        "Systematic advantages of diffusion over GANs",
        "Compare diffusion models with GANs across multiple dimensions",
        "Understand why diffusion models have become dominant in recent years"],
    2: ["q(x_t | x_{t-1})", "x₀ (Original Data) → [t = 1,2,...,T] → x_T ~ N(0,I)",
        "q(x_t|x_{t-1}) = N(x_t; √α_t·x_{t-1}, (1-α_t)I) where α_t = 1-β_t",
        "x_t = √α_t·x_{t-1} + √(1-α_t)·ε, where ε ~ N(0,I)",
        "β_t increases from 0.0001 to 0.02", "T = 1000", "ᾱ_t = ∏ᵢ₌₁ᵗ αᵢ", "x_t = √ᾱ_t·x₀ + √(1-ᾱ_t)·ε",
        "E[x_t] = √ᾱ_t·x₀", "Var[x_t] = (1-ᾱ_t)·I", "q(x_t|x₀) = N(x_t; √ᾱ_t·x₀, (1-ᾱ_t)·I)",
        "q(x_{t-1}|x_t,x₀)", "t=0", "t=250", "t=500", "t=750", "t=1000",
        "Tractable Posterior:", "Curriculum Learning:", "Stable Gradients:", "Flexible Design:",
        "Reparameterization trick enabling direct sampling at any timestep",
        "Closed-form solutions for cumulative noise effects (ᾱ_t formulation)",
        "Noise schedule β_t controlling the rate of corruption",
        "Derive the forward process equations from first principles",
        "Implement direct sampling using the cumulative α formulation"],
    3: ["p_θ(x_{t-1}|x_t)", "x₀ ~ p_data(x)", "U-Net θ with attention layers and time encoding",
        "μ_θ(x_t,t) = 1/√α_t · (x_t - (1-α_t)/√(1-ᾱ_t) · ε_θ(x_t,t))", "σ_t² (fixed or learned)",
        "p_θ(x_{t-1}|x_t) = N(x_{t-1}; μ_θ(x_t,t), σ_t²I)", "∇_x log p(x)", "Denoising ≈ Score matching",
        "Tweedie's Formula", "ε_θ(x_t,t) ≈ -√(1-ᾱ_t) · ∇_{x_t} log p(x_t)", "T → ∞",
        "L_simple = E_{t,x₀,ε}[||ε - ε_θ(x_t,t)||²]", "L_vlb = E[log p(x₀) - log p_θ(x₀)]",
        "t ~ Uniform{1,...,T}", "hundreds of thousands to millions of iterations",
        "Equivalence between diffusion models and score-based generative models",
        "Write training loops for diffusion models from scratch"],
    4: ["x_T ~ N(0,I)", "ε̂ = ε_θ(x_t,t)", "z ~ N(0,I) if t>1, else z=0", "x_{t-1} = μ_θ(x_t,t) + σ_t·z",
        "O(T) forward passes", "(e.g., 50 steps)", "(σ_t=0)", "τ=[1,20,40,...,1000]", "20x speedup",
        "x_{t-1} = √ᾱ_{t-1} · x̂₀ + √(1-ᾱ_{t-1}) · ε̂_t", "s̃ = s + w·∇_x log p(y|x_t)",
        "class-conditional ImageNet generation", "(e.g., 10%)",
        "ε̃ = ε_θ(x_t,t,∅) + w·(ε_θ(x_t,t,c) - ε_θ(x_t,t,∅))", "w > 1", "DALL-E 2, Stable Diffusion, Imagen",
        "DDPM sampling as full iterative denoising (1000 steps)",
        "Implement classifier-free guidance for flexible conditioning"],
    5: ["256×256", "128×128", "64×64", "32×32", "16×16 with the highest number of channels", "Group normalization",
        "applied at 16×16 and 32×32 resolutions", "Text→Image", "O(n²)",
        "CLIP or T5 text encoder → cross-attention", "Feature-wise Linear Modulation", "Adaptive Group Norm",
        "sinusoidal positional encoding + MLP",
        "Multi-scale processing through hierarchical U-Net structure",
        "Design hybrid architectures combining multiple techniques"],
    6: ["512×512 → 64×64", "8× memory reduction", "β_t: 1e-4 → 0.02", "Cosine Schedule (Improved)",
        "Learned Schedule (Advanced)", "SNR(t) = ᾱ_t / (1-ᾱ_t)", "V-parameterization", "EDM Framework",
        "Cascaded Diffusion", "Progressive Distillation", "T/2 steps", "Consistency Models", "Flow Matching",
        "Rectified Flow", "Truncation Tricks",
        "Quality (3 techniques), Speed (2 techniques), Alternative (2 techniques), Control (1 technique)",
        "Alternative formulations (flow matching, rectified flow)",
        "Implement latent diffusion models with VAE compression"],
    7: ["DALL-E 2, Stable Diffusion, Midjourney, Imagen", "inpainting, outpainting, style transfer",
        "NeRF + diffusion (DreamFusion)", "music and speech generation", "drug discovery and protein design",
        "denoising, reconstruction, synthesis", "Ho-min Park",
        "Text-to-image as the killer application of diffusion models",
        "Propose new applications based on diffusion principles"],
}
LECTURE_FIGURES = {
    2: ["forward-process", "noise-schedules"],
    3: ["score-field", "ddpm-sampling"],
    4: ["ddim-vs-ddpm", "solvers", "guidance"],
    6: ["flow-matching"],
}
LECTURE_PROJECTS = [
    ("Project 1: Implementing Forward Process", ["Implement noise scheduling (linear, cosine)", "forward_diffusion(x0, t, alpha_bar)", "4-6 hours"]),
    ("Project 2: Training a Simple Diffusion Model", ["MNIST or CIFAR-10", "L_simple", "8-12 hours", "U-Net skeleton"]),
    ("Project 3: Implementing DDIM Sampling", ["(50, 100, 250 steps)", "FID score", "6-8 hours"]),
    ("Project 4: Text-to-Image Generation", ["CLIP text encoder", "(w = 1, 3, 7)", "10-15 hours", "ControlNet"]),
    ("Project 5: Latent Diffusion Implementation", ["VAE encoder/decoder", "(512×512 or higher)", "12-16 hours", "16GB of GPU memory", "fp16"]),
]
LECTURE_READINGS = [
    ("Denoising Diffusion Probabilistic Models", "https://arxiv.org/abs/2006.11239"),
    ("Improved Denoising Diffusion Probabilistic Models", "https://arxiv.org/abs/2102.09672"),
    ("Denoising Diffusion Implicit Models", "https://arxiv.org/abs/2010.02502"),
    ("Classifier-Free Diffusion Guidance", "https://arxiv.org/abs/2207.12598"),
    ("High-Resolution Image Synthesis with Latent Diffusion Models", "https://arxiv.org/abs/2112.10752"),
    ("Hugging Face Diffusers", "https://github.com/huggingface/diffusers"),
    ("Stable Diffusion", "https://github.com/CompVis/stable-diffusion"),
    ("The Annotated Diffusion Model", "https://huggingface.co/blog/annotated-diffusion"),
    ("What are Diffusion Models?", "https://lilianweng.github.io/posts/2021-07-11-diffusion-models/"),
]


def _lecture() -> SeedFacts:
    facts = SeedFacts(
        seed="003",
        event_page=[
            "Lecture 16: Generative Models - Diffusion",
            "Ho-min Park",
            "Ghent University",
            Pattern(r"(?<!\d)34(?!\d)", "34 slides"),
            "Advanced (Graduate-level)",
            "3-4 hours",
            "Lecture slides with theoretical foundations and practical applications",
            # Learning objectives.
            "Understand the mathematical foundations",
            "Implement core components",
            "Apply advanced techniques",
            "Compare and contrast",
            "Deploy diffusion models",
            "GANs, VAEs, Flow-based models",
            # Prerequisites.
            "Mathematical Background",
            "Probability Theory:",
            "Bayes' theorem",
            "Machine Learning Knowledge",
            "Programming Skills",
            "Python 3.7+",
            "Python 3.8+",
            "PyTorch 2.0+",
            "TensorFlow 2.10+",
            "CUDA 11.8+",
            "8GB+ GPU memory",
            "50GB+ disk space",
            "pip install transformers diffusers",
            "pip install wandb tensorboard",
            # Assessment.
            "Theoretical Understanding",
            Percent(40),
            "Problem Sets (20%)",
            "Midterm Exam (20%)",
            "(10 questions)",
            "(5 questions)",
            "(2 problems)",
            "Practical Implementation",
            "Project 2 (Training): 15%",
            "Project 3 (DDIM): 10%",
            "Project 4 (Text-to-Image): 15%",
            "code quality and documentation (25%)",
            "experimental rigor and analysis (35%)",
            "quality and visualization of the results (30%)",
            "innovation and extensions (10%)",
            "Final Project",
            Percent(20),
            "Research Extension",
            "Novel Application",
            "Optimization Study",
            "Reproduction Study",
            "(8-10 pages, conference format)",
            "15-minute presentation",
            "peer review of 2 other projects",
            "Participation",
            Percent(5),
            Pattern(r"(?i)bonus"),
            "Excellent (90-100%)",
            "Good (80-89%)",
            "Satisfactory (70-79%)",
            "Needs Improvement (<70%)",
            "Fully working, efficient, follows best practices",
            "Sparse or unclear",
            # Additional resources.
            "Foundational Papers",
            "Implementations and Codebases",
            "Video Lectures and Tutorials",
            "Lilian Weng",
            "DeepMind",
            "Yannic Kilcher",
            "MNIST",
            "70,000 handwritten digits (28×28)",
            "CIFAR-10",
            "60,000 images (32×32)",
            "CelebA-HQ",
            "(256×256, 1024×1024)",
            "LAION-5B",
            "5 billion image-text pairs",
            "ImageNet",
            "1.4M images, 1000 classes",
            "Weights & Biases",
            "TensorBoard",
            "Gradio",
            "CompVis/Taming-Transformers",
            # How to use these materials.
            "12-week semester",
            "Weeks 1-2:",
            "Weeks 3-5:",
            "Weeks 6-7:",
            "Weeks 8-9:",
            "Weeks 10-11:",
            "Week 12:",
            "90-minute sessions",
            "60 min lecture + 30 min live coding/Q&A",
            "2-hour guided implementation sessions",
            "r/MachineLearning, r/StableDiffusion",
            "Hugging Face Discord",
            "Lecture16_slideshow.html",
            "X/34",
            "Home: first slide",
            "End: last slide",
            "→ or Space: next slide",
            "←: previous slide",
            # Notes for implementation.
            "NVIDIA RTX 3060 (12GB)",
            "Ubuntu 20.04+ or Windows 10+ with WSL2",
            "NVIDIA A100 (40GB) or RTX 4090 (24GB)",
            "500GB NVMe SSD",
            "Google Colab Pro+:",
            "$50/month",
            "50 compute units/month",
            "Vast.ai:",
            "$0.30-1.50/hour",
            "Lambda Labs:",
            "$1.10/hour",
            "Paperspace Gradient:",
            "$8/month",
            "'gradient_accumulation_steps': 8,  # effective batch = 16",
            "try 1e-4 to 1e-5",
            "[-1, 1]",
            "assert predicted_noise.shape == input_noise.shape",
            'project="diffusion-models"',
            "def set_seed(seed=42):",
            "torch.backends.cudnn.deterministic = True",
            "LPIPS",
            "CIFAR-10: FID < 5.0",
            "ImageNet 256×256: FID < 10.0",
            "1-2 images/second on an RTX 3090 (DDIM 50 steps)",
            "1-3 days on a single GPU",
            # Credits.
            "Park, H. (2024). Lecture 16: Generative Models - Diffusion.",
            "Advanced Topics in Computer Vision, Ghent University.",
            "November 2025",
            "1.0",
            "OpenAI, DeepMind, Google Research and UC Berkeley",
        ],
        sessions={},
    )
    for part, title, first, last, count, topics in LECTURE_PARTS:
        slide_range = Slides(first, last)
        slide_count = Pattern(rf"(?<!\d){count} slides\b", f"{count} slides")
        part_label = Pattern(rf"(?i)\bpart\s*{part}\b", f"Part {part}")
        facts.event_page += [title, slide_range, slide_count, part_label]
        facts.ordered.append(title)
        page = [title, slide_range, part_label]
        for slide, topic in topics:
            facts.event_page.append(topic)
            page += [topic, Pattern(rf"(?i)\bslide\s*{slide}\b", f"Slide {slide}")]
        page += LECTURE_PART_DETAILS[part]
        page += [Markup(name) for name in LECTURE_FIGURES.get(part, [])]
        facts.sessions[f"part-{part}"] = page
    for title, details in LECTURE_PROJECTS:
        facts.event_page += [title, *details]
    for title, url in LECTURE_READINGS:
        facts.event_page += [title, Markup(url)]
    return facts


# ============================================================================ seed 004

WORKSHOP_SESSIONS = [
    # (session id, title, figures)
    ("2026-03-30-morning", "Advanced concepts in Deep Learning: U-Net, attention mechanism, positional encoding, etc.", []),
    ("2026-03-30-afternoon", "Continue on advanced concepts in deep learning", []),
    ("2026-03-31-morning", "Variational autoencoders and Deep Diffusion Probabilistic Models (DDPM)", ["forward-process"]),
    ("2026-03-31-afternoon", "Continue on DDPM, score matching and Langevin MCMC, small projects", ["ddpm-sampling"]),
    ("2026-04-01-morning", "Continue on score matching and Langevin MCMC", ["score-field"]),
    ("2026-04-01-afternoon", "Relations between different types of diffusion models, validation methods", []),
    ("2026-04-02-morning", "Classifier guidance and classifier-free guidelines", ["guidance"]),
    ("2026-04-02-afternoon", "Continue on guidelines, latent diffusion models and diffusion transformers", []),
    ("2026-04-03-morning",
     "Continue on latent diffusion models and diffusion transformers, flow-based diffusion models (if time permits)",
     ["flow-matching"]),
    ("2026-04-03-afternoon", "Discussion of project", []),
]
WORKSHOP_REFERENCES = [
    # The 27 numbered references under their headings, in the seed's order.
    ("Deep Learning", ["Dive into Deep Learning", "Deep Learning"]),
    ("DDPM", [
        "Deep Unsupervised Learning using Nonequilibrium Thermodynamics",
        "Denoising Diffusion Probabilistic Models",
        "Diffusion Models for Generative Artificial Intelligence: An Introduction for Applied Mathematicians",
        "Improved Denoising Diffusion Probabilistic Models",
    ]),
    ("Score matching diffusion models", [
        "Generative Modeling by Estimating Gradients of the Data Distribution",
        "Improved Techniques for Training Score-Based Generative Models",
        "Consistency Models",
    ]),
    ("Score stochastic differential equations", ["Score-Based Generative Modeling through Stochastic Differential Equations"]),
    ("Guidance", [
        "Diffusion Models Beat GANs on Image Synthesis",
        "Classifier-Free Diffusion Guidance",
        "Universal Guidance for Diffusion Models",
    ]),
    ("Explanations and Interpretations", [
        "Interpretable Diffusion via Information Decomposition",
        "Deep Generative Models through the Lens of the Manifold Hypothesis: A Survey and New Connections",
        "Dynamical Regimes of Diffusion Models",
        "Diffusion models for counterfactual analysis",
        "An Analytic Theory of Creativity in Convolutional Diffusion Models",
        "A Geometric Framework for Understanding Memorization in Generative Models",
    ]),
    ("Latent diffusion models and applications (used in Stable Diffusion, DALL E)",
     ["High-Resolution Image Synthesis with Latent Diffusion Models"]),
    ("Diffusion transformers (DiT) (used in OpenAI's Sora)", ["Scalable Diffusion Models with Transformers"]),
    ("Diffusion models on graphs and geometric diffusion models", [
        "Generative Diffusion Models on Graphs: Methods and Applications",
        "Geometric Generative Models Tutorial",
        "GeoDiff: A Geometric Diffusion Model for Molecular Conformation Generation",
    ]),
    ("Flow matching and applications", [
        "An Introduction to Flow Matching",
        "Flow Matching Guide and Code",
        "AlphaFold Meets Flow Matching for Generating Protein Ensembles",
    ]),
]
WORKSHOP_FIRST_AUTHORS = [
    "Aston Zhang", "Ian Goodfellow", "Jascha Sohl-Dickstein", "Jonathan Ho", "Catherine F. Higham", "Alex Nichol",
    "Yang Song", "Prafulla Dhariwal", "Arpit Bansal", "Xianghao Kong", "Gabriel Loaiza-Ganem", "Giulio Biroli",
    "Guillaume Jeanneret", "Mason Kamb", "Brendan Leigh Ross", "Robin Rombach", "William Peebles", "Chengyi Liu",
    "Minkai Xu", "Yaron Lipman", "Bowen Jing",
]


def _workshop() -> SeedFacts:
    facts = SeedFacts(
        seed="004",
        event_page=[
            "2026 Workshop on Deep Diffusion Models",
            "National Taiwan University",
            d("2026-03-30"),
            d("2026-03-31"),
            d("2026-04-01"),
            d("2026-04-02"),
            d("2026-04-03"),
            "Mar 30 (Mon) - Apr 3 (Fri)",
            Time(9, 30),
            Time(12, 0),
            Time(13, 30),
            Time(16, 0),
            "TBA",
            Pattern(r"(?i)tentative"),
            Pattern(r"(?i)\bmorning\b"),
            Pattern(r"(?i)\bafternoon\b"),
            # Aims.
            "theory",
            "intuition",
            "current literature",
            # Prerequisites.
            "Basic probability theory and Bayesian methods",
            "Basic understanding of Markov processes and diffusion (Langevin) dynamics",
            "feedforward networks, CNN, regression and classification",
            "programming experience in R or python for DL applications",
            # Reference details that the seed gives besides titles.
            "there is no need to read it",
            "classifier guidance",
            "Learning on Graphs (LoG)",
            "Cambridge",
            *WORKSHOP_FIRST_AUTHORS,
        ],
        sessions={},
    )
    slot_times = {"morning": [Time(9, 30), Time(12, 0)], "afternoon": [Time(13, 30), Time(16, 0)]}
    for session_id, title, figures in WORKSHOP_SESSIONS:
        date, slot = session_id.rsplit("-", 1)
        facts.event_page.append(title)
        facts.sessions[session_id] = [
            title,
            d(date),
            Pattern(rf"(?i)\b{slot}\b", slot),
            *slot_times[slot],
            Pattern(r"(?i)tentative"),
            *[Markup(name) for name in figures],
        ]
    for heading, titles in WORKSHOP_REFERENCES:
        facts.ordered += [heading, *titles]
    assert sum(len(titles) for _, titles in WORKSHOP_REFERENCES) == 27
    return facts


SEEDS: dict[str, SeedFacts] = {
    "diffusion-seminar-2025": _seminar(),
    "principles-of-diffusion-2026": _reading_group(),
    "cs492c-fall-2025": _course(),
    "lecture-16-diffusion": _lecture(),
    "ntu-workshop-2026": _workshop(),
}


# ============================================================================ reading pages


class _PageText(HTMLParser):
    """Text content of a page without the site's chrome.

    The theme's header, tabs, sidebars (navigation), search and footer are left out, so that a
    fact counts only where the page itself shows it; <script>, <style> and <template> never
    count as text.
    """

    SKIP_TAGS = frozenset({"head", "script", "style", "template"})
    SKIP_CLASSES = frozenset({"md-header", "md-tabs", "md-sidebar", "md-search", "md-footer", "md-dialog"})
    VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
    # Elements that end a line of text: a space keeps their words apart. Inline elements
    # (<strong>, <code>, <a> ...) add nothing, so "<code>Home</code>: first" reads "Home: first".
    BREAKING_TAGS = frozenset({
        "address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details", "dialog",
        "div", "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "iframe", "img", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    })

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._skipping: str | None = None  # tag name of the element being skipped
        self._nesting = 0  # open elements of that tag name inside it
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKING_TAGS:
            self.chunks.append(" ")
        if tag in self.VOID_TAGS:
            return
        if self._skipping:
            self._nesting += tag == self._skipping
            return
        classes = set((dict(attrs).get("class") or "").split())
        if tag in self.SKIP_TAGS or classes & self.SKIP_CLASSES:
            self._skipping, self._nesting = tag, 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BREAKING_TAGS:
            self.chunks.append(" ")
        if self._skipping and tag == self._skipping:
            self._nesting -= 1
            if self._nesting == 0:
                self._skipping = None

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.chunks.append(data)


_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "\u2009": " ", "\u202f": " "})


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_TYPOGRAPHY).replace("…", "...")).strip()


@dataclass(frozen=True)
class Page:
    path: Path
    text: str
    markup: str


def _read_page(path: Path) -> Page:
    source = path.read_text(encoding="utf-8")
    parser = _PageText()
    parser.feed(source)
    parser.close()
    return Page(path, _normalize("".join(parser.chunks)), html.unescape(source))


def _found(fact: Fact, page: Page) -> bool:
    if isinstance(fact, str):
        return _normalize(fact) in page.text
    if isinstance(fact, Markup):
        return fact.text in page.markup
    if isinstance(fact, Pattern):
        return re.search(fact.regex, page.text) is not None
    if isinstance(fact, Time):
        return re.search(fact.regex(), page.text) is not None
    if isinstance(fact, Date):
        return any(re.search(p, page.text) for p in fact.patterns()) or (
            f'datetime="{fact.value.isoformat()}' in page.markup
        )
    raise TypeError(fact)


def _missing(facts: list[Fact], pages: list[Page]) -> list[str]:
    return [str(fact) if not isinstance(fact, Markup) else f"markup {fact.text!r}"
            for fact in facts if not any(_found(fact, page) for page in pages)]


@pytest.fixture(scope="module")
def site_pages(built_site: Path) -> dict[str, dict[str, Page]]:
    """event id -> {"": event page, session id: session page} for the five example events."""
    pages: dict[str, dict[str, Page]] = {}
    for event_id in SEEDS:
        event_dir = built_site / event_id
        assert (event_dir / "index.html").is_file(), f"no page for event {event_id}"
        pages[event_id] = {"": _read_page(event_dir / "index.html")}
        for session_page in sorted(event_dir.glob("*/index.html")):
            pages[event_id][session_page.parent.name] = _read_page(session_page)
    return pages


# ============================================================================ tests

EVENTS = list(SEEDS)


def test_every_seed_has_facts_for_its_pages() -> None:
    """The fact lists cover every seed, and every session listed names a real session of it."""
    assert sorted(facts.seed for facts in SEEDS.values()) == ["000", "001", "002", "003", "004"]
    for facts in SEEDS.values():
        assert facts.event_page, facts.seed
        assert facts.sessions, facts.seed


@pytest.mark.parametrize("event_id", EVENTS)
def test_event_page_shows_the_seed_facts(event_id: str, site_pages: dict[str, dict[str, Page]]) -> None:
    missing = _missing(SEEDS[event_id].event_page, [site_pages[event_id][""]])
    assert not missing, f"/{event_id}/ lacks {len(missing)} seed facts: {missing}"


@pytest.mark.parametrize("event_id", EVENTS)
def test_session_pages_show_their_seed_facts(event_id: str, site_pages: dict[str, dict[str, Page]]) -> None:
    pages = site_pages[event_id]
    problems = []
    for session_id, facts in SEEDS[event_id].sessions.items():
        if session_id not in pages:
            problems.append(f"/{event_id}/{session_id}/ does not exist")
            continue
        missing = _missing(facts, [pages[session_id]])
        if missing:
            problems.append(f"/{event_id}/{session_id}/ lacks {missing}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("event_id", EVENTS)
def test_event_pages_together_show_the_remaining_seed_facts(
    event_id: str, site_pages: dict[str, dict[str, Page]]
) -> None:
    missing = _missing(SEEDS[event_id].anywhere, list(site_pages[event_id].values()))
    assert not missing, f"no page of {event_id} shows: {missing}"


@pytest.mark.parametrize("event_id", EVENTS)
def test_ordered_lists_keep_the_seed_order(event_id: str, site_pages: dict[str, dict[str, Page]]) -> None:
    text = site_pages[event_id][""].text
    position = 0
    for item in SEEDS[event_id].ordered:
        found = text.find(_normalize(item), position)
        assert found >= 0, f"/{event_id}/: {item!r} is missing or out of the seed's order"
        position = found + len(item)


@pytest.mark.parametrize("event_id", EVENTS)
def test_pages_leave_out_what_the_seed_must_not_leak(event_id: str, site_pages: dict[str, dict[str, Page]]) -> None:
    leaks = [
        f"{text!r} on /{event_id}/{session_id}/"
        for session_id, page in site_pages[event_id].items()
        for text in SEEDS[event_id].absent
        if text in page.markup
    ]
    assert not leaks, f"tracking parameters survived: {leaks}"


def test_no_real_email_address_is_published(site_pages: dict[str, dict[str, Page]]) -> None:
    """The seeds list staff e-mail addresses; the example site leaves all of them out."""
    addresses = [
        "mhsung@kaist.ac.kr", "phillip0701@kaist.ac.kr", "dreamy1534@kaist.ac.kr", "63days@kaist.ac.kr",
        "dbsghd363@kaist.ac.kr", "homin.park@ghent.ac.kr", "powersimmani@gmail.com",
    ]
    leaks = [
        f"{address} on /{event_id}/{session_id}/"
        for event_id, pages in site_pages.items()
        for session_id, page in pages.items()
        for address in addresses
        if address in page.markup
    ]
    assert not leaks, leaks


def test_page_text_is_the_page_content_without_site_chrome(tmp_path: Path) -> None:
    """Facts are looked for in what the page shows, not in navigation, scripts or attributes."""
    page = tmp_path / "index.html"
    page.write_text(
        '<html><body><header class="md-header">Header Title</header>'
        '<div class="md-sidebar"><nav><div>Other Event</div></nav></div>'
        '<div class="md-content"><article><h1>Week&nbsp;1:  Intro</h1><p>Tweedie’s <b>formula</b><br>'
        '<time datetime="2026-07-06">Mon</time> <a href="https://example.org/x">link</a></p>'
        "<ul><li><code>Home</code>: first slide</li><li>End</li></ul>"
        "<script>var hidden = 'Script Text';</script></article></div>"
        '<footer class="md-footer">Footer Text</footer></body></html>',
        encoding="utf-8",
    )
    parsed = _read_page(page)
    assert parsed.text == "Week 1: Intro Tweedie's formula Mon link Home: first slide End"
    assert _found("Tweedie's formula", parsed) and _found(Pattern(r"(?i)\bweek\s*1\b"), parsed)
    assert _found(d("2026-07-06"), parsed) and _found(Markup("https://example.org/x"), parsed)
    assert not any(_found(text, parsed) for text in ("Header Title", "Other Event", "Script Text", "Footer Text"))
    assert not _found("https://example.org/x", parsed)  # a link target is markup, not text
