"""Samplers: each one a short loop that can be read next to its paper.

Calling convention. ``model(x, t)`` is any callable (a torch module or a plain function) that
returns the noise prediction eps(x_t, t) for a batch ``x``; ``t`` is an int64 tensor of shape
[batch] holding the same integer timestep in 0..T-1 for every sample (index into the schedule
tensors, as in diffusers; see schedules.py). ``annealed_langevin`` calls a score model with the
same arguments, ``flow_euler`` a velocity model with float times in (0, 1]. Networks trained to
predict x_0 or v are turned into eps-models with ``forward.as_eps_model``. Every sampler takes
the starting noise ``x_T`` (or ``x_1``) and returns the final sample, same shape and dtype.

Form. Each sampler is one loop over consecutive noise levels (t, t_next), written in the
paper's symbols (NVlabs/edm ``generate.py`` is the model); after the last listed timestep comes
the clean level (alphabar = 1, sigma = 0). Coefficients are Python floats computed from the
float64 ``schedule.alphas_cumprod64`` inside the loop, so the loop only launches tensor
operations (no ``.item()``, no branching on tensor values) and on a GPU a whole sampling run can
be captured as one CUDA graph (cuda_graph.py). The model's time argument is a stride-0 view of
one ``arange`` of the T timesteps (:func:`_timestep_table`): no [batch] tensor is allocated per
step (speed against diffusers' loop: benchmarks/README.md). Random draws use
``torch.randn(..., generator=generator)`` on x's device, one draw of x's shape per step that
needs noise, in the order diffusers draws them, so a generator seeded alike gives diffusers'
samplers the same noise.

Conventions shared with diffusers (and where they differ):

* DDPM: ``DDPMScheduler`` defaults (variance_type="fixed_small"), all T steps. Clipping of the
  predicted x_0 to [-1, 1] is off unless ``clip_x0=True``; diffusers' default is
  ``clip_sample=True``.
* DDIM: ``DDIMScheduler`` with ``set_alpha_to_one=True`` (the last step goes to alphabar = 1,
  i.e. returns the clean sample) and ``steps_offset=0``; ``clip_x0`` as for DDPM. The previous
  timestep is the next entry of the timestep list. diffusers instead steps to
  ``t - T // steps``, which is the same for "leading" spacing and for "trailing" when ``steps``
  divides T, and for "linspace" lands on a timestep the next model call does not use.
* DPM-Solver++(2M): ``DPMSolverMultistepScheduler`` defaults (algorithm_type="dpmsolver++",
  solver_order=2, solver_type="midpoint", lower_order_final=True, final_sigmas_type="zero",
  spacing "linspace" from ``timesteps.dpm_solver_timesteps``). The first step is first order;
  the last step is a first-order step to sigma = 0, which returns the model's x_0 prediction at
  the last timestep.
* EDM (Karras et al. 2022, Algorithms 1-2): no diffusers counterpart is tested; the sigma grid
  is rounded to the schedule's own noise levels as NVlabs/edm does for discrete-time models.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import torch

from .forward import x0_from_eps
from .schedules import Schedule
from .timesteps import dpm_solver_timesteps, timesteps

__all__ = [
    "ddpm", "ddpm_step", "ddim", "dpm_solver_pp", "probability_flow", "edm", "edm_timesteps", "reverse_sde", "annealed_langevin",
    "flow_euler", "Sampler", "SAMPLERS",
]  # fmt: skip

Tensor = torch.Tensor
Model = Callable[[Tensor, Tensor], Tensor]


def _timestep_table(T: int, x: Tensor) -> Tensor:
    """0..T-1 as int64 on x's device; ``table[t].expand(batch)`` is the model's time argument at t.

    One arange for the whole run, made by a kernel (no host-to-device copy, so a CUDA graph can
    capture it); the per-step arguments are stride-0 views of it.
    """
    return torch.arange(T, device=x.device)


def _noise(x: Tensor, generator: torch.Generator | None) -> Tensor:
    return torch.randn(x.shape, generator=generator, device=x.device, dtype=x.dtype)


def _consecutive(ts: list[int]) -> zip:
    """(t, t_next) over the listed timesteps; t_next is None for the clean level after the last one."""
    return zip(ts, ts[1:] + [None])


def ddpm(model: Model, x_T: Tensor, schedule: Schedule, *, generator: torch.Generator | None = None, clip_x0: bool = False) -> Tensor:
    """Ancestral sampling over all T steps (Ho et al. 2020, Algorithm 2).

    Each step predicts x_0 (Eq. 15) and samples the posterior q(x_{t-1} | x_t, x_0) of Eq. 6-7 with
    sigma_t^2 = beta-tilde_t ("fixed_small"); algebraically Algorithm 2's line 4, arranged as in
    diffusers so that float32 rounding matches. No noise is added at the last step (t = 0).
    Even with the exact eps the result is slightly too narrow: the step variance beta-tilde_t
    leaves out Var(x_0 | x_t) (Bao et al. 2022, "Analytic-DPM"); on the test mixture the
    component spreads come out a few per cent small at T = 1000.
    """
    abar, table, n = schedule.alphas_cumprod64.tolist(), _timestep_table(schedule.T, x_T), x_T.shape[0]
    x = x_T
    for t in range(schedule.T - 1, -1, -1):
        x0 = x0_from_eps(x, model(x, table[t].expand(n)), abar[t])  # Eq. 15
        if clip_x0:
            x0 = x0.clamp(-1, 1)
        x = ddpm_step(x, x0, abar[t], abar[t - 1] if t > 0 else 1.0, generator)
    return x


def ddpm_step(x_t: Tensor, x0: Tensor, abar_t: float, abar_prev: float, generator: torch.Generator | None) -> Tensor:
    """A draw of x_{t-1} from q(x_{t-1} | x_t, x_0) (Ho et al. 2020, Eq. 6-7), variance beta-tilde_t; x_t's shape.

    mu-tilde_t = sqrt(abar_prev) beta_t / (1 - abar_t) x_0 + sqrt(alpha_t) (1 - abar_prev) / (1 - abar_t) x_t
    with beta_t = 1 - abar_t / abar_prev (the step's own beta, so any pair of levels works), arranged
    as in diffusers so that float32 rounding matches. No noise on the last step (abar_prev = 1).
    """
    beta_t = 1 - abar_t / abar_prev
    x = (abar_prev**0.5 * beta_t / (1 - abar_t)) * x0 + ((1 - beta_t) ** 0.5 * (1 - abar_prev) / (1 - abar_t)) * x_t  # Eq. 7
    if abar_prev < 1.0:
        x = x + ((1 - abar_prev) / (1 - abar_t) * beta_t) ** 0.5 * _noise(x, generator)  # + sigma_t z, beta-tilde_t of Eq. 7
    return x


def ddim(
    model: Model,
    x_T: Tensor,
    schedule: Schedule,
    *,
    steps: int,
    eta: float = 0.0,
    spacing: str = "leading",
    generator: torch.Generator | None = None,
    clip_x0: bool = False,
) -> Tensor:
    """DDIM (Song, Meng & Ermon 2021, Eq. 12) on ``steps`` timesteps; eta = 0 deterministic, eta = 1 DDPM-like.

    sigma_t(eta) = eta * sqrt((1 - abar_prev)/(1 - abar_t)) * sqrt(1 - abar_t/abar_prev)   (Eq. 16)
    x_prev = sqrt(abar_prev) x0_hat + sqrt(1 - abar_prev - sigma_t^2) eps + sigma_t z       (Eq. 12)
    The step after the last listed timestep goes to abar_prev = 1 (diffusers' set_alpha_to_one).
    With eta > 0 a noise draw is made at every step, the last included (where sigma_t = 0), as diffusers does.
    Raises ValueError for eta outside [0, 1] or a bad step count.
    """
    if not 0.0 <= eta <= 1.0:
        raise ValueError(f"ddim: eta must lie in [0, 1], got {eta!r}")
    abar, table, n = schedule.alphas_cumprod64.tolist(), _timestep_table(schedule.T, x_T), x_T.shape[0]
    x = x_T
    for t, t_next in _consecutive(timesteps(schedule.T, steps, spacing).tolist()):
        abar_t, abar_prev = abar[t], 1.0 if t_next is None else abar[t_next]
        sigma = eta * ((1 - abar_prev) / (1 - abar_t) * (1 - abar_t / abar_prev)) ** 0.5  # Eq. 16
        eps = model(x, table[t].expand(n))
        x0 = x0_from_eps(x, eps, abar_t)  # "predicted x_0", Eq. 12
        if clip_x0:
            x0 = x0.clamp(-1, 1)
        x = abar_prev**0.5 * x0 + (1 - abar_prev - sigma**2) ** 0.5 * eps  # Eq. 12, "direction pointing to x_t"
        if eta > 0:
            x = x + sigma * _noise(x, generator)  # Eq. 12: + sigma_t eps_t
    return x


def dpm_solver_pp(model: Model, x_T: Tensor, schedule: Schedule, *, steps: int, spacing: str = "linspace", final: str = "zero") -> Tensor:
    """DPM-Solver++(2M) (Lu et al. 2022, "DPM-Solver++", Algorithm 2), multistep second order in the data prediction.

    With alpha_t = sqrt(abar_t), sigma_t = sqrt(1 - abar_t), lambda_t = log(alpha_t / sigma_t) and
    h_i = lambda_{t_i} - lambda_{t_{i-1}}, r_i = h_{i-1} / h_i, each step is
        x_{t_i} = (sigma_{t_i}/sigma_{t_{i-1}}) x_{t_{i-1}} - alpha_{t_i} (e^{-h_i} - 1) D_i,
        D_i = (1 + 1/(2 r_i)) x0_{i-1} - 1/(2 r_i) x0_{i-2}   (D_i = x0_{i-1}: first order, = DDIM)
    The first step is first order. ``final`` says where the last step goes:

    * ``"zero"`` (diffusers' final_sigmas_type="zero", its default): to sigma = 0 (alpha = 1,
      e^{-h} = 0, h infinite, so r = 0 and no second-order D exists): a first-order jump that
      returns the x_0 prediction at the last timestep. That prediction is a posterior mean, so
      detail below the last timestep's noise level (t ~ T/steps) is averaged away. The jump is
      the largest error of a run: on the test mixture (cosine schedule, 80 steps, 500 paths) the
      worst sample lies 3.3e-2 from the ODE's solution while the mean is 1.2e-3, and the jump
      carries most of that worst case: "second order" holds for the mean error only.
    * ``"sigma_min"`` (diffusers' final_sigmas_type="sigma_min" with lower_order_final=False):
      one more level, the schedule's smallest (t = 0, sigma-hat = sqrt((1 - abar_0) / abar_0)),
      reached by an ordinary second-order step; returns x at that level, not denoised (diffusers
      itself still makes that step first order below 15 steps). Against the ODE's solution at
      that level, same setting: worst 2.7e-2, mean 6.6e-3. The step from t ~ T/steps down to
      t = 0 is long (r = h_prev / h small), so the extrapolation 1/(2r) amplifies the change of
      the x_0 prediction: it trims the worst case a little and costs more in the mean; both
      variants fall at second order in the mean (tests/reference_impl/test_samplers_on_mixture.py).

    Raises ValueError for another ``final``.
    """
    if final not in ("zero", "sigma_min"):
        raise ValueError(f"dpm_solver_pp: final must be 'zero' or 'sigma_min', got {final!r}")
    abar, table, n = schedule.alphas_cumprod64.tolist(), _timestep_table(schedule.T, x_T), x_T.shape[0]
    ts = dpm_solver_timesteps(schedule.T, steps, spacing).tolist() + ([0] if final == "sigma_min" else [])
    x, x0_prev, h_prev = x_T, None, None
    for t, t_next in _consecutive(ts) if final == "zero" else zip(ts[:-1], ts[1:]):
        alpha, sigma = abar[t] ** 0.5, (1 - abar[t]) ** 0.5
        alpha_next, sigma_next = (1.0, 0.0) if t_next is None else (abar[t_next] ** 0.5, (1 - abar[t_next]) ** 0.5)
        h = (math.log(alpha_next / sigma_next) if t_next is not None else math.inf) - math.log(alpha / sigma)  # h_i
        x0 = x0_from_eps(x, model(x, table[t].expand(n)), abar[t])  # data prediction x_theta(x_t, t)
        if h_prev is None or t_next is None:
            d = x0  # first order: the first step, and the final step to sigma = 0
        else:
            d = x0 + (x0 - x0_prev) / (2 * (h_prev / h))  # D_i of Algorithm 2 (= (1 + 1/2r) x0 - 1/2r x0_prev), r = h_prev / h
        x = (sigma_next / sigma) * x - alpha_next * math.expm1(-h) * d
        x0_prev, h_prev = x0, h
    return x


def probability_flow(
    model: Model, x_T: Tensor, schedule: Schedule, *, steps: int, method: str = "heun", spacing: str = "linspace"
) -> Tensor:
    """The probability-flow ODE (Song et al. 2021, Eq. 13) solved with Euler or Heun on the DDPM timesteps.

    For the VP process, in the variables y = x / alpha_t and sigma-hat_t = sigma_t / alpha_t
    (alpha_t = sqrt(abar_t), sigma_t = sqrt(1 - abar_t)) the ODE reads
        dy / d sigma-hat = eps(alpha_t y, t)             (Karras et al. 2022, Eq. 4 with s = alpha; DDIM Eq. 14)
    and is integrated from the first timestep to sigma-hat = 0, where y = x_0. The model is only
    evaluated at the listed timesteps; Heun's corrector (Karras et al. 2022, Algorithm 1, lines 7-8)
    uses the next one, and the last step, into sigma-hat = 0, is a plain Euler step. Euler here is
    DDIM with eta = 0. Raises ValueError for an unknown method.

    Caveat: on the cosine schedule sigma-hat_{T-1} ~ 2e4, while the next timestep of a coarse grid
    has sigma-hat ~ 10; eps changes across that interval in a way the trapezoidal rule cannot
    follow, and Heun needs a few hundred steps there. Karras et al. start VP models at
    sigma_max = 80 and space the levels for the solver: that is :func:`edm`.
    """
    if method not in ("euler", "heun"):
        raise ValueError(f"probability_flow: method must be 'euler' or 'heun', got {method!r}")
    abar, table, n = schedule.alphas_cumprod64.tolist(), _timestep_table(schedule.T, x_T), x_T.shape[0]
    ts = timesteps(schedule.T, steps, spacing).tolist()
    y = x_T / abar[ts[0]] ** 0.5
    for t, t_next in _consecutive(ts):
        sig, sig_next = ((1 - abar[t]) / abar[t]) ** 0.5, 0.0 if t_next is None else ((1 - abar[t_next]) / abar[t_next]) ** 0.5
        d = model(abar[t] ** 0.5 * y, table[t].expand(n))  # dy/dsigma-hat at (y, sigma-hat_t)
        y_next = y + (sig_next - sig) * d  # Euler step (Algorithm 1, line 5)
        if method == "heun" and t_next is not None:
            d_next = model(abar[t_next] ** 0.5 * y_next, table[t_next].expand(n))
            y_next = y + (sig_next - sig) * (0.5 * d + 0.5 * d_next)  # trapezoidal rule (lines 7-8)
        y = y_next
    return y


def edm_timesteps(schedule: Schedule, steps: int, *, rho: float = 7.0, sigma_min: float = 0.002, sigma_max: float = 80.0) -> list[int]:
    """The timesteps of Karras et al.'s sigma grid (2022, Eq. 5), rounded to the schedule's noise levels.

        sigma_i = (sigma_max^(1/rho) + i/(N-1) (sigma_min^(1/rho) - sigma_max^(1/rho)))^rho,   i = 0..N-1
    in the noise scale sigma-hat_t = sqrt((1 - abar_t) / abar_t) of the VP process. A discrete-time
    model knows only T levels, so sigma_min and sigma_max are clipped to the schedule's range and
    each sigma_i becomes the timestep with the nearest sigma-hat (NVlabs/edm ``round_sigma``). A
    long list can repeat a timestep near sigma_min; such a step has zero length. Returns ``steps``
    timesteps in 0..T-1, descending. Raises ValueError unless steps >= 1 and rho > 0.
    """
    if not isinstance(steps, int) or steps < 1 or rho <= 0:
        raise ValueError(f"edm_timesteps: need an integer steps >= 1 and rho > 0, got steps={steps!r}, rho={rho!r}")
    sig = [((1 - a) / a) ** 0.5 for a in schedule.alphas_cumprod64.tolist()]
    lo, hi = max(sigma_min, sig[0]) ** (1 / rho), min(sigma_max, sig[-1]) ** (1 / rho)
    return [_nearest_level(sig, (hi + i / max(steps - 1, 1) * (lo - hi)) ** rho) for i in range(steps)]


def _nearest_level(sig: list[float], sigma: float) -> int:
    return min(range(len(sig)), key=lambda t: abs(sig[t] - sigma))


def edm(
    model: Model,
    x_T: Tensor,
    schedule: Schedule,
    *,
    steps: int,
    rho: float = 7.0,
    sigma_min: float = 0.002,
    sigma_max: float = 80.0,
    S_churn: float = 0.0,
    S_min: float = 0.0,
    S_max: float = math.inf,
    S_noise: float = 1.0,
    generator: torch.Generator | None = None,
) -> Tensor:
    """Karras et al. 2022 ("EDM"), Algorithm 2 (Algorithm 1 when S_churn = 0): Heun on the noise levels of Eq. 5.

    In the paper's symbols: time is the noise level (sigma(t) = t, s(t) = 1), so t_i is a noise level,
    x is the variance-exploding variable x_t / alpha_t of the VP process (Eq. 4 with s = alpha), and
    the VP model becomes a denoiser by Table 1's VP preconditioning (c_skip = 1, c_out = -sigma,
    c_in = 1 / sqrt(sigma^2 + 1) = alpha):
        D(x; sigma) = x - sigma eps(alpha x, t)       at the timestep t whose level sigma-hat_t is sigma.
    With t_0 > ... > t_{N-1} the levels of :func:`edm_timesteps` (Eq. 5, rounded to the schedule's
    levels) and t_N = 0, Algorithm 2 reads
        x_0 ~ N(0, t_0^2 I)                                                        (line 2)
        gamma_i = min(S_churn / N, sqrt(2) - 1) if S_min <= t_i <= S_max else 0    (the algorithm's input)
        t-hat_i = t_i + gamma_i t_i, rounded to the nearest level                 (line 5)
        x-hat_i = x_i + sqrt(t-hat_i^2 - t_i^2) eps_i,  eps_i ~ N(0, S_noise^2 I)  (lines 4, 6; drawn only when t-hat_i != t_i)
        d_i = (x-hat_i - D(x-hat_i; t-hat_i)) / t-hat_i                            (line 7)
        x_{i+1} = x-hat_i + (t_{i+1} - t-hat_i) d_i                                (line 8, Euler)
        if t_{i+1} != 0:  d'_i = (x_{i+1} - D(x_{i+1}; t_{i+1})) / t_{i+1},
                          x_{i+1} = x-hat_i + (t_{i+1} - t-hat_i) (d_i / 2 + d'_i / 2)   (lines 9-11, Heun)
    and returns x_N, the sample: 2N - 1 model evaluations. ``x_T`` is standard normal noise; the
    result has its dtype. Raises ValueError as edm_timesteps.
    """
    abar, table, n = schedule.alphas_cumprod64.tolist(), _timestep_table(schedule.T, x_T), x_T.shape[0]
    sig = [((1 - a) / a) ** 0.5 for a in abar]  # the schedule's noise levels sigma-hat_t
    timestep = {level: t for t, level in enumerate(sig)}

    def D(x: Tensor, sigma: float) -> Tensor:  # the denoiser D(x; sigma) at one of the schedule's levels
        t = timestep[sigma]
        return x - sigma * model(abar[t] ** 0.5 * x, table[t].expand(n))

    t_steps = [sig[t] for t in edm_timesteps(schedule, steps, rho=rho, sigma_min=sigma_min, sigma_max=sigma_max)] + [0.0]
    x = t_steps[0] * x_T  # line 2
    for t_cur, t_next in zip(t_steps[:-1], t_steps[1:]):
        gamma = min(S_churn / steps, 2**0.5 - 1) if S_min <= t_cur <= S_max else 0.0
        t_hat = sig[_nearest_level(sig, t_cur + gamma * t_cur)]  # line 5, rounded as the model's levels
        x_hat = x + (t_hat**2 - t_cur**2) ** 0.5 * S_noise * _noise(x, generator) if t_hat != t_cur else x  # lines 4, 6
        d = (x_hat - D(x_hat, t_hat)) / t_hat  # line 7
        x_next = x_hat + (t_next - t_hat) * d  # line 8
        if t_next != 0:
            d_prime = (x_next - D(x_next, t_next)) / t_next  # line 10
            x_next = x_hat + (t_next - t_hat) * (0.5 * d + 0.5 * d_prime)  # line 11
        x = x_next
    return x


def reverse_sde(
    model: Model,
    x_T: Tensor,
    schedule: Schedule,
    *,
    steps: int,
    spacing: str = "linspace",
    generator: torch.Generator | None = None,
) -> Tensor:
    """Euler-Maruyama on the reverse-time VP SDE (Song et al. 2021, Eq. 6 with f, g of Eq. 11).

        dx = [-1/2 beta(t) x - beta(t) grad log p_t(x)] dt + sqrt(beta(t)) dw-bar,   grad log p_t = -eps / sigma_t
    Integrated backwards over the listed timesteps; beta(t) dt over a step from t to the next
    timestep s is that step's discrete beta, 1 - abar_t / abar_s (= beta_t for unit steps; Song et
    al. 2021, App. B, beta_i = beta(t_i) dt). The last step (to abar = 1) adds no noise.
    """
    abar, table, n = schedule.alphas_cumprod64.tolist(), _timestep_table(schedule.T, x_T), x_T.shape[0]
    x = x_T
    for t, t_next in _consecutive(timesteps(schedule.T, steps, spacing).tolist()):
        beta = 1 - abar[t] / (1.0 if t_next is None else abar[t_next])  # beta(t) dt
        score = model(x, table[t].expand(n)) / -((1 - abar[t]) ** 0.5)
        x = x + beta * (0.5 * x + score)  # -[f - g^2 score] dt, backwards in time
        if t_next is not None:
            x = x + beta**0.5 * _noise(x, generator)  # + g dw-bar
    return x


def annealed_langevin(
    score: Model,
    x_T: Tensor,
    schedule: Schedule,
    *,
    steps: int,
    inner_steps: int,
    epsilon: float,
    spacing: str = "linspace",
    generator: torch.Generator | None = None,
) -> Tensor:
    """Annealed Langevin dynamics (Song & Ermon 2019, Algorithm 1) driven by a score model ``score(x, t)``.

    The noise levels are the schedule's marginals p_t at the ``steps`` listed timesteps, with
    noise scale sigma_i = sqrt(1 - abar_{t_i}); at each level, ``inner_steps`` Langevin updates
        x <- x + (a_i / 2) score(x, t_i) + sqrt(a_i) z,     a_i = epsilon * sigma_i^2 / sigma_L^2.
    An eps-model becomes a score model with ``forward.as_score_model``. Returns the last iterate
    (no final denoising step, as in the paper). The first level has p_t ~ N(0, I) and step
    a_1 = epsilon / sigma_L^2, so epsilon must stay below about sigma_L^2 (linear: 1e-4,
    cosine: 4.1e-5) or the iteration diverges.

    The noise ladder. Langevin at level i only mixes if its start, a sample of level i-1, is
    already typical of p_{t_i}: consecutive levels must overlap, i.e. sigma_{i-1} / sigma_i must
    stay small (Song & Ermon 2020, "Improved techniques", Technique 2, use a geometric ladder).
    Here the levels are the schedule's own, so the ratios are fixed by ``steps``: with linspace
    spacing they stay below 1.9 except for the last jump, to t = 0 (sigma_L = 0.01 linear, 0.0064
    cosine), which is a factor 36 (linear) or 29 (cosine) at 10 levels, 10 or 8 at 40, 4.7 or 4.2
    at 100. At the last level each update moves x by about sqrt(epsilon) ~ 0.006, so
    ``inner_steps`` updates cannot remove noise of the previous level's scale (0.36 at 10 levels):
    with few levels the samples keep the blur of the second-to-last level. Use about 100 levels.
    """
    abar, table, n = schedule.alphas_cumprod64.tolist(), _timestep_table(schedule.T, x_T), x_T.shape[0]
    ts = timesteps(schedule.T, steps, spacing).tolist()
    x = x_T
    for t in ts:
        a = epsilon * (1 - abar[t]) / (1 - abar[ts[-1]])  # Algorithm 1, line 3: alpha_i = epsilon sigma_i^2 / sigma_L^2
        for _ in range(inner_steps):
            x = x + (0.5 * a) * score(x, table[t].expand(n)) + a**0.5 * _noise(x, generator)  # Algorithm 1, line 6
    return x


def flow_euler(model: Model, x_1: Tensor, *, steps: int | None = None, times: list[float] | None = None) -> Tensor:
    """Euler's method for dx/dt = v(x, t) from t = 1 (noise) to t = 0 (data), on a uniform grid of ``steps`` or on ``times``.

    x_{t_{i+1}} = x_{t_i} + (t_{i+1} - t_i) v(x_{t_i}, t_i)   (flow matching sampling; Lipman et al. 2023, Sec. 4;
    Liu et al. 2023, Eq. 1). The uniform grid is t_i = 1 - i/steps; ``times`` is any descending list
    ending at 0 (unified.flow_grid gives the one on which this is DDIM). The model is called with a
    float tensor t of shape [batch] (x's dtype) at every grid time but the last.

    Time runs from data (0) to noise (1), as in flow_matching.py and diffusers; Lipman et al. and Liu
    et al. run it the other way, so their time is 1 - t and their velocity -v: a model trained in
    their convention is used here as ``lambda x, t: -their_model(x, 1 - t)``.
    Raises ValueError unless exactly one of ``steps`` (a positive integer) and ``times`` (descending, ending at 0) is given.
    """
    if (steps is None) == (times is None):
        raise ValueError("flow_euler: give either steps or times")
    if times is None:
        if not isinstance(steps, int) or steps < 1:
            raise ValueError(f"flow_euler: steps must be a positive integer, got {steps!r}")
        times = [(steps - i) / steps for i in range(steps + 1)]
    if len(times) < 2 or times[-1] != 0 or any(a <= b for a, b in zip(times, times[1:])):
        raise ValueError(f"flow_euler: times must descend and end at 0, got {times!r}")
    table = torch.tensor(times[:-1], dtype=x_1.dtype, device=x_1.device)  # t_i as the model sees them
    x = x_1
    for i, (t, t_next) in enumerate(zip(times, times[1:])):
        x = x + (t_next - t) * model(x, table[i].expand(x.shape[0]))
    return x


@dataclass(frozen=True)
class Sampler:
    """One entry of :data:`SAMPLERS`, the registry that tests, figure builders and benchmarks share.

    ``run(model, x_T, schedule, steps=..., generator=...)`` calls the sampler with its defaults
    (each on its own timestep grid); ``model`` predicts ``predicts`` ("eps", or "velocity" for
    flow_euler, which ignores ``schedule``); ``evaluations(steps)`` is the number of model calls.
    """

    name: str
    label: str
    run: Callable[..., Tensor]
    evaluations: Callable[[int], int]
    predicts: str = "eps"


def _ddpm_entry(model: Model, x_T: Tensor, schedule: Schedule, *, steps: int, generator: torch.Generator | None = None) -> Tensor:
    if steps != schedule.T:
        raise ValueError(f"ddpm runs all T = {schedule.T} steps, got steps={steps}")
    return ddpm(model, x_T, schedule, generator=generator)


def _registered(*entries: Sampler) -> dict[str, Sampler]:
    return {entry.name: entry for entry in entries}


def _once(steps: int) -> int:
    return steps


def _heun(steps: int) -> int:
    return 2 * steps - 1  # two per step, one on the last (Euler) step to sigma = 0


# name -> Sampler. Annealed Langevin is not listed: it needs a score model and two more settings.
SAMPLERS: dict[str, Sampler] = _registered(
    Sampler("ddpm", "DDPM", _ddpm_entry, _once),
    Sampler("ddim", "DDIM", lambda m, x, s, *, steps, generator=None: ddim(m, x, s, steps=steps), _once),
    Sampler("ddim_eta1", "DDIM (eta = 1)", lambda m, x, s, *, steps, generator=None: ddim(m, x, s, steps=steps, eta=1.0, generator=generator), _once),
    Sampler("dpm_solver_pp", "DPM-Solver++(2M)", lambda m, x, s, *, steps, generator=None: dpm_solver_pp(m, x, s, steps=steps), _once),
    Sampler("pf_ode_euler", "PF-ODE Euler", lambda m, x, s, *, steps, generator=None: probability_flow(m, x, s, steps=steps, method="euler"), _once),
    Sampler("pf_ode_heun", "PF-ODE Heun", lambda m, x, s, *, steps, generator=None: probability_flow(m, x, s, steps=steps), _heun),
    Sampler("edm", "EDM (Heun, rho = 7)", lambda m, x, s, *, steps, generator=None: edm(m, x, s, steps=steps), _heun),
    Sampler("reverse_sde", "reverse SDE", lambda m, x, s, *, steps, generator=None: reverse_sde(m, x, s, steps=steps, generator=generator), _once),
    Sampler("flow_euler", "flow-matching Euler", lambda m, x, s, *, steps, generator=None: flow_euler(m, x, steps=steps), _once, "velocity"),
)  # fmt: skip
