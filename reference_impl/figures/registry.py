"""The figure registry: every figure the site shows, registered once. Importing it needs no torch.

Each :class:`FigureSpec` has a stable ``name`` (what session YAML refers to, and the file name
``figures/<name>.png``), a ``caption`` and ``alt`` text, the ``seed`` of every random draw the
builder makes, a ``full`` and a ``quick`` configuration (plain JSON-able dicts; ``quick`` is the
small one the tests run on a CPU), and ``builder``, the dotted path of the function that makes
it. Which code a figure depends on is derived from the definitions its builder uses (cache.py).

A builder is called as ``build(config, *, device, seed)`` with a fresh copy of the configuration
and returns ``(figure, numbers)``: a ``matplotlib.figure.Figure`` and a dict from a label (unit
included, e.g. "DDIM-10: wall time (s)") to the measured value the figure shows.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import cache

__all__ = ["FigureSpec", "FIGURES", "NAMES", "MODES", "TOLERANCE", "get", "drift"]

MODES = ("full", "quick")
# How closely a rebuild must reproduce a figure's numbers: |new - recorded| <= abs + rel |recorded|.
# On the same device type with the same PyTorch version they come out bit for bit; another CPU's
# kernels round differently and training carries that along, a little. Wall times (a label with
# "wall time") vary from run to run and are not compared.
TOLERANCE = {"rel": 0.02, "abs": 0.001}
TIMING = "wall time"
BUILDERS = "reference_impl.figures.builders"


@dataclass(frozen=True)
class FigureSpec:
    name: str
    caption: str
    alt: str
    builder: str
    seed: int
    full: dict[str, Any]
    quick: dict[str, Any]
    tolerance: dict[str, float] = field(default_factory=lambda: dict(TOLERANCE))

    @property
    def builder_module(self) -> str:
        return self.builder.rpartition(".")[0]

    def config(self, mode: str) -> dict[str, Any]:
        """A deep copy of the configuration for ``mode`` ("full" or "quick")."""
        if mode not in MODES:
            raise ValueError(f"figure {self.name!r}: unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        return copy.deepcopy(self.full if mode == "full" else self.quick)

    def sources(self, root: Path) -> dict[str, str]:
        """{"path:definition": sha256}: the code that makes the figure (see cache.py)."""
        return cache.source_hashes(self.builder, root)

    def cache_key(self, mode: str, root: Path) -> str:
        return cache.cache_key(self.name, self.seed, self.config(mode), self.sources(root))

    def command(self, mode: str) -> str:
        """The command that makes this figure in ``mode`` (seed and configuration are the registry's)."""
        return f"python -m reference_impl.figures --only {self.name}" + (" --quick" if mode == "quick" else "")


# The 2-D data of the toy figures: eight Gaussians on a circle (data.ring_mixture), whose
# exact denoiser is known, so "distance to the data" is measured against fresh exact draws.
RING = {"components": 8, "radius": 1.5, "std": 0.15}

# The trained 2-D denoisers. One dict per model: figures that name the same dict use the same
# model, and a run trains it once. Sizes: the full models reach the sampling noise floor of
# the distance measure; the quick ones only have to run.
EPS_MODEL = {
    "full": {"data": RING, "points": 50_000, "objective": "eps", "schedule": "linear", "width": 128, "depth": 3,
             "steps": 2000, "batch_size": 512, "lr": 2e-3, "seed": 1},
    "quick": {"data": RING, "points": 4096, "objective": "eps", "schedule": "linear", "width": 64, "depth": 2,
              "steps": 150, "batch_size": 256, "lr": 3e-3, "seed": 1},
}  # fmt: skip
FLOW_MODEL = {mode: {**config, "objective": "flow", "schedule": None} for mode, config in EPS_MODEL.items()}
# Classes overlap a little (std 0.3 at neighbour distance 1.15), so guidance has something to do.
CLASS_RING = {**RING, "std": 0.3}
CLASS_MODEL = {
    mode: {**config, "data": CLASS_RING, "classes": True, "class_dropout": 0.15} for mode, config in EPS_MODEL.items()
}
# The toy language of the masked-diffusion figure: each word is mostly followed by the next one of
# "the cat sat down", so neighbouring positions depend strongly on each other.
TOY_LANGUAGE = {
    "words": ["the", "cat", "sat", "down"],
    "initial": [0.7, 0.1, 0.1, 0.1],
    "transition": [[0.05, 0.8, 0.1, 0.05], [0.05, 0.05, 0.8, 0.1], [0.1, 0.05, 0.05, 0.8], [0.8, 0.1, 0.05, 0.05]],
    "length": 5,
}


def _spec(name: str, module: str, caption: str, alt: str, full: dict, quick: dict | None = None, seed: int = 0) -> FigureSpec:
    return FigureSpec(name, caption, alt, f"{BUILDERS}.{module}.build", seed, full, quick if quick is not None else full)


FIGURES: tuple[FigureSpec, ...] = (
    _spec(
        "forward-process",
        "forward_process",
        "The forward process q(x_t | x_0) = N(sqrt(alphabar_t) x_0, (1 - alphabar_t) I) applied to scikit-image's "
        "'camera' picture at timesteps t = 0, 250, 500, 750 and 999 under the linear and the cosine schedule "
        "(t is the 0-based index of the T = 1000 steps). The cosine schedule destroys the picture more slowly. "
        "Right: the pixel values of x_999 against the standard normal density.",
        "Two rows of five grey pictures of a cameraman, each row fading from the sharp photo into pure noise, "
        "the lower (cosine) row keeping the outline longer; beside them a histogram of the final noisy pixels "
        "that matches a bell-shaped normal curve.",
        {"image": "camera", "size": 128, "T": 1000, "timesteps": [0, 250, 500, 750, 999], "bins": 60},
    ),
    _spec(
        "noise-schedules",
        "noise_schedules",
        "The linear (Ho et al. 2020) and cosine (Nichol & Dhariwal 2021) schedules over the T = 1000 timesteps: "
        "the signal fraction alphabar_t (left) and the log signal-to-noise ratio log(alphabar_t / (1 - alphabar_t)) "
        "(right). The linear schedule reaches almost pure noise well before t = T; the cosine schedule is close "
        "to linear in log-SNR over most of the range.",
        "Two line plots over timesteps 0 to 999. Left: alphabar falls from 1 to 0, faster for the linear schedule "
        "than for the cosine one. Right: log-SNR falls from about +9 to about -10 (linear) and from about +10 to "
        "about -20 (cosine, which drops steeply in its last steps).",
        {"T": 1000},
    ),
    _spec(
        "ddpm-sampling",
        "ddpm_sampling",
        "DDPM ancestral sampling (Ho et al. 2020, Algorithm 2) with a small MLP trained on eight Gaussians: "
        "snapshots of x_t on the way from pure noise (t = 999) through t = 400, 200, 100 and 40 to the samples "
        "after the last step, next to fresh draws from the data. Distance to the data: sliced Wasserstein "
        "distance (SW) to a fresh data draw; its noise floor is the distance between two independent data draws "
        "(mean and standard deviation over eight pairs).",
        "Seven square scatter plots of 2-D points: a round cloud of noise turns, step by step, into a ring and "
        "then into eight small clusters on a circle; the last plot shows the true data for comparison.",
        {"model": EPS_MODEL["full"], "samples": 4000, "snapshots": [999, 400, 200, 100, 40]},
        {"model": EPS_MODEL["quick"], "samples": 512, "snapshots": [999, 400, 200, 100, 40]},
    ),
    _spec(
        "ddim-vs-ddpm",
        "ddim_vs_ddpm",
        "One trained 2-D model, one set of starting noise, five samplers: DDPM with all 1000 steps and "
        "deterministic DDIM (eta = 0, leading timestep spacing) with 100, 50, 20 and 10 steps. Each panel "
        "gives the sliced Wasserstein distance (SW) of its samples to a fresh data draw and the number of model "
        "evaluations; the wall times, measured on the device recorded with the figure, are in its numbers. The "
        "noise floor above is the distance between two independent data draws. With fewer steps more samples "
        "land between the clusters.",
        "Five scatter plots of 2-D samples forming eight clusters on a circle, with the distance and the number "
        "of model evaluations in each title; with fewer DDIM steps more points lie between the clusters, and at 10 steps the ring looks like "
        "an octagon.",
        {"model": EPS_MODEL["full"], "samples": 8000, "ddim_steps": [100, 50, 20, 10], "spacing": "leading"},
        {"model": EPS_MODEL["quick"], "samples": 512, "ddim_steps": [100, 50, 20, 10], "spacing": "leading"},
    ),
    _spec(
        "score-field",
        "score_field",
        "The score grad log p_t(x) = -eps(x, t) / sqrt(1 - alphabar_t) of the trained 2-D model at a high and a "
        "low noise level (arrows show its direction, colour the log of its length), with its mean cosine "
        "similarity to the mixture's exact score on the grid. Right: annealed Langevin dynamics (Song & Ermon "
        "2019, 100 noise levels, 10 steps each) driven by the learned score; a few particles' paths from the "
        "level where the noise drops below 0.3 (open circles, one point per level) to their end (filled). "
        "The numbers compare the end points' distance to the data with the learned and with the exact score.",
        "Three panels. Left: arrows on a grid all pointing to the centre. Middle: arrows pointing to eight spots "
        "on a circle. Right: grey end points on eight clusters on a circle and eight zigzag coloured paths, "
        "each ending in a cluster.",
        {"model": EPS_MODEL["full"], "grid": 25, "field_timesteps": [500, 20], "particles": 4000, "paths": 8, "paths_below_sigma": 0.3,
         "langevin": {"steps": 100, "inner_steps": 10, "epsilon": 4e-5, "spacing": "linspace"}},
        {"model": EPS_MODEL["quick"], "grid": 15, "field_timesteps": [500, 20], "particles": 512, "paths": 8, "paths_below_sigma": 0.3,
         "langevin": {"steps": 40, "inner_steps": 5, "epsilon": 4e-5, "spacing": "linspace"}},
    ),  # fmt: skip
    _spec(
        "guidance",
        "guidance",
        "Classifier-free guidance (Ho & Salimans 2022) on a class-conditional 2-D model: eight overlapping "
        "Gaussians, one class each, trained with 15% of the labels dropped. Guidance scale s = 0 is the "
        "unconditional model, s = 1 the conditional one, s = 3 and s = 7 push further (DDIM, 50 steps). "
        "Fidelity: the share of samples whose most likely mixture component is their class (the data scores "
        "below 100% because the classes overlap). Diversity: the spread (standard deviation) of each class's "
        "samples around their mean. Guidance buys fidelity with diversity and pushes samples away from the "
        "other classes, outwards.",
        "Five scatter plots of 2-D points coloured by class: at scale 0 the colours are mixed around the whole "
        "ring; at scale 1 each colour sits on its own cluster, like the data in the last plot; at scales 3 and 7 "
        "each cluster shrinks to a thin streak pushed outwards.",
        {"model": CLASS_MODEL["full"], "scales": [0, 1, 3, 7], "samples_per_class": 500, "steps": 50},
        {"model": CLASS_MODEL["quick"], "scales": [0, 1, 3, 7], "samples_per_class": 64, "steps": 20},
    ),
    _spec(
        "flow-matching",
        "flow_matching",
        "A flow-matching model (linear path x_t = (1 - t) x_0 + t x_1, Lipman et al. 2023) against the diffusion "
        "model's probability-flow ODE (DDIM, eta = 0, trailing timesteps), on the same eight Gaussians. Top: "
        "paths from the same noise points (black) over 100 steps; straightness is the total path length over "
        "the total start-to-end distance (1 = straight). The paths are straight only per pair (x_0, x_1); the "
        "marginal flow first pulls points towards the centre and then turns them to a cluster. Bottom: samples "
        "with 4 steps. Right: sliced Wasserstein distance to the data against the number of steps, with the "
        "noise floor of two independent data draws.",
        "Top: two square plots with coloured paths running from black noise points to eight grey clusters on "
        "a circle, some with a hook at the end. Bottom: samples after 4 steps, sharper for flow matching. Right: "
        "a log-scale chart where the distance to the data falls with more steps, lower for flow matching from 2 "
        "steps on.",
        {"flow_model": FLOW_MODEL["full"], "diffusion_model": EPS_MODEL["full"], "paths": 40, "path_steps": 100,
         "few_steps": [1, 2, 4, 8, 16], "few_steps_shown": 4, "samples": 8000, "ddim_spacing": "trailing"},
        {"flow_model": FLOW_MODEL["quick"], "diffusion_model": EPS_MODEL["quick"], "paths": 10, "path_steps": 20,
         "few_steps": [1, 4], "few_steps_shown": 4, "samples": 512, "ddim_spacing": "trailing"},
    ),  # fmt: skip
    _spec(
        "solvers",
        "solvers",
        "Sample quality against cost: the sliced Wasserstein distance to the data against the number of model "
        "evaluations for DDIM (first order, leading timesteps), DPM-Solver++(2M) (Lu et al. 2022, its linspace "
        "timesteps) and the EDM sampler (Karras et al. 2022, Algorithm 1: Heun on the sigma grid of their Eq. 5 "
        "with rho = 7 from sigma = 80, rounded to the schedule's levels), each on its own grid, on one trained 2-D "
        "model (solid) and on the mixture's exact denoiser (dashed). The grey band is the noise floor: the distance "
        "between two independent data draws (mean and standard deviation). EDM spends two evaluations per step and "
        "with rho = 7 puts most of its few steps at low noise, which on this small-scale data leaves it far off at "
        "9 evaluations and level with the others from about 50; DPM-Solver++ is the lowest up to 20 evaluations.",
        "A log-scale line chart: all lines fall as model evaluations grow and flatten at the grey band; "
        "DPM-Solver++ is lowest at 5, 10 and 20 evaluations, EDM starts far above the others at 9 evaluations and "
        "joins them near the band at 50, and each dashed exact-denoiser line stays close to its solid line.",
        {"model": EPS_MODEL["full"], "samples": 8000,
         "steps": {"ddim": [5, 10, 20, 50, 100], "dpm_solver_pp": [5, 10, 20, 50, 100], "edm": [5, 10, 25, 50]}},
        {"model": EPS_MODEL["quick"], "samples": 512,
         "steps": {"ddim": [5, 20], "dpm_solver_pp": [5, 20], "edm": [5, 10]}},
    ),  # fmt: skip
    _spec(
        "masked-diffusion",
        "masked_diffusion",
        "Masked (absorbing-state) diffusion for language (Austin et al. 2021; Sahoo et al. 2024; Shi et al. 2024) "
        "on a toy language small enough to enumerate: five-word sentences from a Markov chain over four words, so "
        "the exact denoiser and the total variation (TV) between the sampled and the true distribution of sentences "
        "are computed exactly. The grey band is the TV of as many exact samples (the noise floor), the dotted line "
        "the product of the per-position marginals, which is what one step gives: the price of decoding every token "
        "in parallel. Left: the random (ancestral) order with the exact denoiser and with a small MLP trained with "
        "the MDLM loss, whose loss comes within 1% of the entropy of the language but whose samples level off above "
        "the floor. Middle: the unmasking order with the exact denoiser. Left-to-right and most-confident-first "
        "unmask the expected number of tokens per step; on the linear masking schedule alpha_t = 1 - t (every line "
        "but one) that is one token per step with 5 steps, so they are exact there; with 2 or 3 steps they decode "
        "neighbours together, which here depend most on each other, and do worse than the random order. In this "
        "language the most predictable masked word is always the one after a decoded word, so most-confident-first "
        "decodes left to right and the two lines coincide. Which step counts are exact depends on the schedule: on "
        "the cosine schedule (dotted, triangles) 5 steps decode 0, 1, 1, 1 and 2 tokens, the last two together, "
        "and left to right is not exact (one token per step needs 7 steps there). The random order unmasks a "
        "random number of tokens per step and reaches the floor only slowly, on any schedule. Right: sentences of "
        "the language and of the learned model.",
        "Two log-scale line charts and a column of text. Left: the distance falls from the dotted product-of-marginals "
        "line at one step towards the grey noise-floor band as steps grow, the exact denoiser (dashed) reaching it "
        "near 50 steps, the learned one (solid) levelling off above it. Middle: the random order falls steadily; "
        "left-to-right and most-confident-first, drawn on top of each other, stay higher at 2 and 3 steps and drop "
        "into the band at 5; a dotted line for the cosine schedule stays above the band at 5 steps and drops into it by 10. Right: short sentences such as 'the cat sat down the', and after one step less regular ones.",
        {"language": TOY_LANGUAGE, "samples": 20_000, "steps": [1, 2, 3, 5, 10, 20, 50],
         "model": {"width": 128, "depth": 3, "steps": 2000, "batch_size": 512, "lr": 2e-3, "seed": 1}},
        {"language": TOY_LANGUAGE, "samples": 2000, "steps": [1, 5],
         "model": {"width": 64, "depth": 2, "steps": 150, "batch_size": 256, "lr": 3e-3, "seed": 1}},
    ),  # fmt: skip
    _spec(
        "classifier-guidance",
        "classifier_guidance",
        "Gradient guidance adds grad log p_t(y | x_t) to the score (Dhariwal & Nichol 2021, Eq. 14): classifier "
        "guidance towards one of eight overlapping Gaussians (grey: the data; DDIM, 100 steps). With the mixture's "
        "exact noisy-class posterior, whose gradient is the class's score minus the mixture's, scale s = 1 samples "
        "the class exactly (94.9% of the samples lie nearest to it, as its own data do: the classes overlap) and "
        "s = 4 concentrates it further (100%). A small MLP classifier of x_t, trained by cross-entropy on noised "
        "labelled draws, does nearly the same (93.4% and 100%). Guidance by the likelihood of a noisy observation, "
        "DPS, has its own figure, inverse-problems.",
        "Four square scatter plots over grey background points, each showing a single coloured cluster on the right "
        "of a ring, wide at scale 1 and a thin streak at scale 4, alike for the exact and the trained classifier.",
        {"schedule": "linear", "classes": CLASS_RING, "class": 0, "scales": [1, 4], "steps": 100, "samples": 4000,
         "classifier": {"points": 50_000, "width": 128, "depth": 3, "steps": 1500, "batch_size": 512, "lr": 2e-3, "seed": 1}},
        {"schedule": "linear", "classes": CLASS_RING, "class": 0, "scales": [1, 4], "steps": 20, "samples": 256,
         "classifier": {"points": 4096, "width": 64, "depth": 2, "steps": 100, "batch_size": 256, "lr": 3e-3, "seed": 1}},
    ),  # fmt: skip
    _spec(
        "inverse-problems",
        "inverse_problems",
        "An inverse problem with a known answer: one coordinate of a sample of eight Gaussians is observed with "
        "noise, y = x[0] + noise of standard deviation 0.2 (orange line), and the exact posterior of the mixture "
        "is again a mixture (first panel; grey: the prior). DPS (Chung et al. 2023) replaces p_t(y | x_t) by "
        "p(y | x0-hat(x_t)) through the Tweedie estimate x0-hat and runs on DDPM's 1000 ancestral steps, here with "
        "the mixture's exact denoiser, so only DPS's own approximation shows. As in their Algorithm 1, each step "
        "moves down the gradient of ||y - A x0-hat||^2 with step zeta / ||y - A x0-hat||, the norm over the batch "
        "of 4000 chains; the step does not know the noise level. Too small a zeta (0.1) leaves most samples where "
        "the prior put them; from zeta = 0.3 on every sample lands on the observed line itself (spread of x[0] "
        "0.002 against the posterior's 0.17), and zeta = 1 overshoots and swings about it (0.016). The last panel is a variant that is not "
        "Algorithm 1: the same gradient weighted by the Gaussian likelihood's 1 / (2 sigma_y^2), the approximate "
        "posterior score, which with the exact denoiser keeps the spread. SW: sliced Wasserstein distance to exact "
        "posterior samples, against the noise floor and the prior's distance in the title.",
        "Five square scatter plots over grey points on a ring of eight clusters, each with a vertical orange line. "
        "First: the exact posterior, points on the three clusters the line crosses. Then DPS with growing step "
        "size: with the smallest most points stay spread over the ring, with the middle one all points sit on the "
        "line within the three clusters, with the largest they sit on the line a little wider. Last: the likelihood-weighted "
        "variant, points on the three clusters with about the posterior's width.",
        {"schedule": "linear", "data": RING, "observation": 1.2, "sigma_y": 0.2, "samples": 4000, "zetas": [0.1, 0.3, 1.0]},
        {"schedule": "linear", "data": RING, "observation": 1.2, "sigma_y": 0.2, "samples": 256, "zetas": [0.1, 0.3, 1.0]},
    ),  # fmt: skip
    _spec(
        "unified-view",
        "unified_view",
        "One denoiser, two samplers that are one algorithm. A diffusion sample x_t = alpha_t x_0 + sigma_t eps, "
        "divided by alpha_t + sigma_t, is a flow-matching sample at time t = sigma_t / (alpha_t + sigma_t) (same "
        "signal-to-noise ratio; Kingma & Gao 2023), so the mixture's exact eps-predictor is also its exact "
        "flow-matching velocity u = eps - x_0 (and score -eps / sigma_t, x_0 and v follow from either). A DDIM step "
        "(eta = 0) lands where an Euler step of dx/dt = u lands on that grid: DDIM on 10 leading timesteps (left, "
        "drawn in flow coordinates) and flow-matching Euler on the matching grid (middle) agree to float64 rounding. "
        "Euler on the uniform grid of as many steps (right) spends its steps elsewhere and lands elsewhere (here "
        "nearer the data: sliced Wasserstein distance 0.073 against DDIM's 0.090). Orange: "
        "eight paths, one point per model call; grey: the data.",
        "Three square scatter plots of samples on eight clusters of a ring, each with eight orange zigzag paths "
        "from the centre outwards. The left and middle plots are identical; in the right one the paths bend "
        "differently and the clusters are tighter.",
        {"data": RING, "schedule": "linear", "steps": 10, "spacing": "leading", "samples": 4000, "paths": 8},
        {"data": RING, "schedule": "linear", "steps": 10, "spacing": "leading", "samples": 512, "paths": 8},
    ),
    _spec(
        "ddim-inversion",
        "ddim_inversion",
        "DDIM inversion (Song et al. 2021, Sec. 4.3): run DDIM's ODE from the data to the noise on the same "
        "timesteps, then sample back. Left: eight Gaussians inverted with their exact denoiser become standard "
        "normal noise. Right: the mean distance between a point and its reconstruction against the number of steps "
        "each way. Inversion reads the model one level late (at the level it steps to, with the sample of the level "
        "it comes from), so the reconstruction misses by Euler's discretisation error only: it falls as 1 / steps "
        "with the exact denoiser (dotted: first order), and it also falls with a wrong model (another mixture's "
        "denoiser), which inverts its own ODE: no model error enters a reconstruction.",
        "Left: a round cloud of noise points. Right: a log-log chart where two lines fall as the steps grow, the "
        "exact denoiser's parallel to a dotted first-order line, the wrong model's higher and less steep.",
        {"data": RING, "schedule": "linear", "samples": 2000, "steps": [10, 20, 50, 100, 200, 500]},
        {"data": RING, "schedule": "linear", "samples": 256, "steps": [10, 50]},
    ),
    _spec(
        "latent-diffusion",
        "latent_diffusion",
        "Latent diffusion (Rombach et al. 2022) with a linear autoencoder, where everything is closed form. The data: "
        "eight Gaussians on a ring tilted into 3-D, each isotropic with std s = 0.15. The best rank-2 linear "
        "autoencoder is PCA (Eckart-Young): it keeps the ring's plane and loses the noise across it, mean square "
        "s^2 = 0.0225, the sum of the left-out eigenvalues. DDIM (50 steps) with the exact denoiser of the codes, "
        "decoded, gives the data's projection onto the plane (left and middle); every decoded sample lies in the "
        "plane (right), so its distance to the data is exactly the autoencoder's reconstruction error: a perfect "
        "latent model adds nothing to it and removes nothing from it.",
        "Left and middle: two scatter plots of eight clusters on a ring, alike. Right: a histogram of the data's "
        "distance across the plane, a narrow bell around zero, with a vertical line at zero where all decoded "
        "samples lie.",
        {"data": RING, "tilt_degrees": 30, "schedule": "linear", "steps": 50, "samples": 4000},
        {"data": RING, "tilt_degrees": 30, "schedule": "linear", "steps": 10, "samples": 512},
    ),
    _spec(
        "memorisation",
        "memorisation",
        "Memorisation (Gu et al. 2023). The denoiser that fits a training set of 64 points exactly is its posterior "
        "mean, a softmax-weighted average of the training points; DDIM (50 steps) with it gives the training set "
        "back (left): nearly every sample lands on a training point (orange), the rest between two points closer "
        "than the last step's noise level resolves. A small MLP trained on the same 64 points (middle) fits the "
        "loss worse and makes new points along the ring: what a U-Net or a transformer cannot fit is where it "
        "generalises. Right: fresh draws of the data, for comparison.",
        "Three square scatter plots with 64 orange training points on eight clusters of a ring. Left: blue samples "
        "sit exactly on the orange points. Middle: blue samples spread along the clusters between the orange "
        "points. Right: fresh data spread over the clusters.",
        {"data": RING, "schedule": "linear", "training_points": 64, "samples": 2000, "steps": 50,
         "model": {"width": 128, "depth": 3, "steps": 2000, "batch_size": 64, "lr": 2e-3, "seed": 1}},
        {"data": RING, "schedule": "linear", "training_points": 64, "samples": 256, "steps": 10,
         "model": {"width": 64, "depth": 2, "steps": 100, "batch_size": 64, "lr": 3e-3, "seed": 1}},
    ),  # fmt: skip
    _spec(
        "cfg-tilted",
        "cfg_tilted",
        "What classifier-free guidance samples. Guidance with scale s replaces the score at every noise level by "
        "s grad log p_t(x | c) + (1 - s) grad log p_t(x), the score of p_t(x | c)^s p_t(x)^(1 - s); at t = 0 that "
        "is the tilted density p(x | c)^s p(x)^(1 - s) / Z (orange, exact on a grid). But noising does not commute "
        "with the tilt, so the sampler follows scores of no diffusion of that density and ends elsewhere (Chidambaram "
        "et al. 2024; Bradley & Nakkiran 2024). Data: three overlapping 1-D Gaussians (dotted), the class c the right "
        "one; CFG runs DDIM (100 steps) on the mixture's exact denoisers, so the only gap is CFG's own. At s = 1 the "
        "histogram matches the class's density to the noise floor of as many exact draws; at s = 3 and 7 it is "
        "narrower and shifted from the tilted density: total variation in the titles.",
        "Three panels of a histogram under an orange curve, with a dotted curve of three bumps behind. At scale 1 "
        "the histogram follows the orange bump on the right; at scales 3 and 7 the histogram is a narrower peak "
        "that does not follow the orange curve.",
        {"data": {"weights": [0.3, 0.3, 0.4], "means": [-1.5, 0.0, 1.5], "stds": [0.5, 0.5, 0.5], "class": 2},
         "schedule": "linear", "scales": [1, 3, 7], "steps": 100, "samples": 20000, "grid": [-4, 6, 201]},
        {"data": {"weights": [0.3, 0.3, 0.4], "means": [-1.5, 0.0, 1.5], "stds": [0.5, 0.5, 0.5], "class": 2},
         "schedule": "linear", "scales": [1, 3], "steps": 20, "samples": 2000, "grid": [-4, 6, 51]},
    ),  # fmt: skip
    _spec(
        "pf-ode-likelihood",
        "pf_ode_likelihood",
        "The score SDE's likelihood (Song et al. 2021, App. D.2, Eq. 39): log p_0(x_0) = log p_T(x_T) + the integral "
        "of the divergence of the probability-flow ODE's drift along its path from x_0, for the VP SDE of the linear "
        "schedule, with the exact score of eight Gaussians on a ring and the prior N(0, I) as p_T. The path and the "
        "change of log-density are integrated together by Heun's method over the schedule's timesteps, the divergence "
        "exactly (the trace of the Jacobian by autograd; Eq. 40's Hutchinson estimator is what images need). Left: "
        "the mixture's exact log p. Middle: the error of the ODE's estimate at 100 steps, largest far from the data "
        "(up to 11 nats in the empty centre, where log p is -42; at most 0.13 where log p > -10), where the "
        "divergence of the score is largest (the posterior over the components changes fastest there). Right: the "
        "error over 2000 data points falls as 1 / steps^2 (second order): mean 1.5 nats at 10 steps, 0.011 at 100, "
        "1.1e-4 at 1000 (largest 0.080 at 100, 8.5e-4 at 1000), against an exact mean negative log-likelihood of "
        "1.117 nats.",
        "Three panels. Left: a heat map with eight bright round spots on a ring on a dark background. Middle: a "
        "heat map of the error, dark inside the spots and brightest in the empty centre, with white outlines around "
        "the spots. Right: a log-log chart where two lines, the largest and the mean error, fall steeply and in "
        "parallel with a dotted second-order line as the steps grow from 10 to 1000.",
        {"data": RING, "schedule": "linear", "samples": 2000, "steps": [10, 30, 100, 300, 1000], "shown": 100,
         "grid": [-2.5, 2.5, 61], "floor": -10},
        {"data": RING, "schedule": "linear", "samples": 128, "steps": [10, 30], "shown": 30, "grid": [-2.5, 2.5, 21],
         "floor": -10},
    ),  # fmt: skip
    _spec(
        "consistency",
        "consistency",
        "Consistency distillation (Song et al. 2023, Algorithm 2) of the probability-flow ODE of eight Gaussians, "
        "with the mixture's exact denoiser as the teacher (Heun steps on Karras et al.'s 18-level sigma grid): a "
        "small MLP learns to map any point of an ODE trajectory to its end. One step maps sigma = 80 noise straight "
        "to data; two steps add noise back to sigma = 0.8 and map again (Algorithm 1). Beside it DDIM with the "
        "exact denoiser at the same number of model evaluations (trailing timesteps). SW: sliced Wasserstein "
        "distance to fresh data. The distilled model reaches SW 0.062 in one step and 0.070 in two (noise floor "
        "0.039 ± 0.013; the second step does not help at this training budget), where DDIM's one step returns the "
        "mean of the data (1.07) and two steps a blurred blob (0.78): the posterior mean is all a single "
        "denoising step can give.",
        "Five square scatter plots: the consistency model's one- and two-step samples lie on the eight clusters of "
        "a ring, a little smeared along it; DDIM with one step collapses everything to a point at the centre and "
        "with two steps to a round blob; the last plot shows the data.",
        {"data": RING, "samples": 4000, "two_step_sigma": 0.8,
         "distillation": {"width": 128, "depth": 3, "sigma_data": 1.0, "N": 18, "steps": 3000, "batch_size": 512, "lr": 1e-3, "ema": 0.95, "seed": 1}},
        {"data": RING, "samples": 512, "two_step_sigma": 0.8,
         "distillation": {"width": 64, "depth": 2, "sigma_data": 1.0, "N": 18, "steps": 100, "batch_size": 256, "lr": 1e-3, "ema": 0.95, "seed": 1}},
    ),  # fmt: skip
)

NAMES: tuple[str, ...] = tuple(spec.name for spec in FIGURES)


def drift(spec: FigureSpec, recorded: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Why ``new`` numbers do not reproduce ``recorded`` ones within ``spec.tolerance``, one line a label; [] when they do.

    Every recorded label must come back (wall times excepted, which are not compared) and no new one appear.
    """
    rel, abs_ = spec.tolerance["rel"], spec.tolerance["abs"]
    problems = [f"{label}: no longer measured" for label in recorded if label not in new and TIMING not in label]
    problems += [f"{label}: new, not recorded" for label in new if label not in recorded and TIMING not in label]
    for label, value in recorded.items():
        if label in new and TIMING not in label and abs(new[label] - value) > abs_ + rel * abs(value):
            problems.append(f"{label}: {new[label]} against {value} (tolerance {abs_} + {rel} x |recorded|)")
    return problems
_BY_NAME = {spec.name: spec for spec in FIGURES}


def get(name: str) -> FigureSpec:
    """The registered figure ``name``; ValueError naming the known ones otherwise."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown figure {name!r}; registered figures: {', '.join(NAMES)}") from None
