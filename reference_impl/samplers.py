"""Samplers: each one a short loop that can be read next to its paper.

Calling convention. ``model(x, t)`` is any callable (a torch module or a plain function) that
returns the noise prediction eps(x_t, t) for a batch ``x``; ``t`` is an int64 tensor of shape
[batch] holding the same integer timestep in 0..T-1 for every sample (index into the schedule
tensors, as in diffusers; see schedules.py). ``annealed_langevin`` calls a score model with the
same arguments, ``flow_euler`` a velocity model with float times in (0, 1]. Networks trained to
predict x_0 or v are turned into eps-models with ``forward.as_eps_model``. Every sampler takes
the starting noise ``x_T`` (or ``x_1``) and returns the final sample, same shape and dtype.

Speed. All coefficients are computed before the loop, in float64 on the host, from
``schedule.alphas_cumprod64``; the loop itself only launches tensor operations (no ``.item()``,
no branching on tensor values), so on a GPU a whole sampling run can be captured as one CUDA
graph (cuda_graph.py). Random draws use ``torch.randn(..., generator=generator)`` on x's device,
one draw of x's shape per step that needs noise, in the order diffusers draws them, so a
generator seeded alike gives diffusers' samplers the same noise.

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
"""

from __future__ import annotations

import math
from typing import Callable

import torch

from .forward import x0_from_eps
from .schedules import Schedule
from .timesteps import dpm_solver_timesteps, timesteps

__all__ = ["ddpm", "ddim", "dpm_solver_pp", "probability_flow", "reverse_sde", "annealed_langevin", "flow_euler"]

Tensor = torch.Tensor
Model = Callable[[Tensor, Tensor], Tensor]


def _per_step(ts: list, x: Tensor) -> list[Tensor]:
    """The model's time argument for each step: stride-0 [batch] views of one small tensor on x's device.

    One table of ``len(ts)`` entries for the whole run, not a [batch] tensor per step: on the CPU
    each of those is a fresh allocation that page-faults (benchmarks/README.md measures the cost).
    The table is written by fill kernels (no host-to-device copy, so a CUDA graph can capture it).
    Integers give int64, floats x's dtype.
    """
    table = torch.empty(len(ts), dtype=torch.int64 if isinstance(ts[0], int) else x.dtype, device=x.device)
    for i, t in enumerate(ts):
        table[i] = t
    return [row.expand(x.shape[0]) for row in table]


def _noise(x: Tensor, generator: torch.Generator | None) -> Tensor:
    return torch.randn(x.shape, generator=generator, device=x.device, dtype=x.dtype)


def ddpm(model: Model, x_T: Tensor, schedule: Schedule, *, generator: torch.Generator | None = None, clip_x0: bool = False) -> Tensor:
    """Ancestral sampling over all T steps (Ho et al. 2020, Algorithm 2).

    Each step predicts x_0 (Eq. 15) and samples the posterior q(x_{t-1} | x_t, x_0) of Eq. 6-7 with
    sigma_t^2 = beta-tilde_t ("fixed_small"); algebraically Algorithm 2's line 4, arranged as in
    diffusers so that float32 rounding matches. No noise is added at the last step (t = 0).
    Even with the exact eps the result is slightly too narrow: the step variance beta-tilde_t
    leaves out Var(x_0 | x_t) (Bao et al. 2022, "Analytic-DPM"); on the test mixture the
    component spreads come out a few per cent small at T = 1000.
    """
    abar = schedule.alphas_cumprod64.tolist()
    ts = list(range(schedule.T - 1, -1, -1))
    c_x0, c_xt, std = [], [], []
    for t in ts:
        abar_prev = abar[t - 1] if t > 0 else 1.0
        beta = 1 - abar[t] / abar_prev
        c_x0.append(abar_prev**0.5 * beta / (1 - abar[t]))  # Eq. 7, coefficient of x_0
        c_xt.append((1 - beta) ** 0.5 * (1 - abar_prev) / (1 - abar[t]))  # Eq. 7, coefficient of x_t
        std.append(max((1 - abar_prev) / (1 - abar[t]) * beta, 1e-20) ** 0.5)  # beta-tilde_t, Eq. 7
    t_model = _per_step(ts, x_T)
    x = x_T
    for i, t in enumerate(ts):
        x0 = x0_from_eps(x, model(x, t_model[i]), abar[t])  # Eq. 15
        if clip_x0:
            x0 = x0.clamp(-1, 1)
        x = c_x0[i] * x0 + c_xt[i] * x  # posterior mean mu-tilde_t(x_t, x_0), Eq. 7
        if t > 0:
            x = x + std[i] * _noise(x, generator)  # Algorithm 2, line 4: + sigma_t z
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
    """
    if not 0.0 <= eta <= 1.0:
        raise ValueError(f"ddim: eta must lie in [0, 1], got {eta!r}")
    abar = schedule.alphas_cumprod64.tolist()
    ts = timesteps(schedule.T, steps, spacing).tolist()
    abar_t = [abar[t] for t in ts]
    abar_prev = abar_t[1:] + [1.0]
    sigma = [eta * ((1 - p) / (1 - a) * (1 - a / p)) ** 0.5 for a, p in zip(abar_t, abar_prev)]  # Eq. 16
    c_dir = [(1 - p - s**2) ** 0.5 for p, s in zip(abar_prev, sigma)]  # "direction pointing to x_t"
    t_model = _per_step(ts, x_T)
    x = x_T
    for i in range(len(ts)):
        eps = model(x, t_model[i])
        x0 = x0_from_eps(x, eps, abar_t[i])  # "predicted x_0", Eq. 12
        if clip_x0:
            x0 = x0.clamp(-1, 1)
        x = abar_prev[i] ** 0.5 * x0 + c_dir[i] * eps  # Eq. 12
        if eta > 0:
            x = x + sigma[i] * _noise(x, generator)  # Eq. 12: + sigma_t eps_t
    return x


def dpm_solver_pp(model: Model, x_T: Tensor, schedule: Schedule, *, steps: int, spacing: str = "linspace") -> Tensor:
    """DPM-Solver++(2M) (Lu et al. 2022, "DPM-Solver++", Algorithm 2), multistep second order in the data prediction.

    With alpha_t = sqrt(abar_t), sigma_t = sqrt(1 - abar_t), lambda_t = log(alpha_t / sigma_t) and
    h_i = lambda_{t_i} - lambda_{t_{i-1}}, r_i = h_{i-1} / h_i, each step is
        x_{t_i} = (sigma_{t_i}/sigma_{t_{i-1}}) x_{t_{i-1}} - alpha_{t_i} (e^{-h_i} - 1) D_i,
        D_i = (1 + 1/(2 r_i)) x0_{i-1} - 1/(2 r_i) x0_{i-2}   (D_i = x0_{i-1}: first order, = DDIM)
    The final step goes to sigma = 0 (alpha = 1, e^{-h} = 0) and is first order, so it returns the
    x_0 prediction at the last timestep (diffusers' final_sigmas_type="zero"). That prediction is
    a posterior mean, so detail below the noise level of the last timestep (t ~ T/steps) is
    averaged away: with few steps, fine structure of the data comes out slightly smoothed.
    """
    abar = schedule.alphas_cumprod64.tolist()
    ts = dpm_solver_timesteps(schedule.T, steps, spacing).tolist()
    n = len(ts)
    alpha = [abar[t] ** 0.5 for t in ts] + [1.0]
    sigma = [(1 - abar[t]) ** 0.5 for t in ts] + [0.0]
    lam = [math.log(a / s) for a, s in zip(alpha[:-1], sigma[:-1])] + [math.inf]
    h = [lam[i + 1] - lam[i] for i in range(n)]
    c_x = [sigma[i + 1] / sigma[i] for i in range(n)]  # sigma_{t_i} / sigma_{t_{i-1}}
    c_d = [-alpha[i + 1] * math.expm1(-h[i]) for i in range(n)]  # -alpha_{t_i} (e^{-h_i} - 1)
    r = [None] + [h[i - 1] / h[i] for i in range(1, n - 1)] + [None]  # r_i, used by second-order steps only
    t_model = _per_step(ts, x_T)
    x, x0_prev = x_T, None
    for i in range(n):
        x0 = x0_from_eps(x, model(x, t_model[i]), abar[ts[i]])  # data prediction x_theta(x_t, t)
        if 0 < i < n - 1:
            d = x0 + (x0 - x0_prev) / (2 * r[i])  # D_i of Algorithm 2 (= (1 + 1/2r) x0 - 1/2r x0_prev)
        else:
            d = x0  # first order: the first step, and the final step to sigma = 0
        x = c_x[i] * x + c_d[i] * d
        x0_prev = x0
    return x


def probability_flow(
    model: Model, x_T: Tensor, schedule: Schedule, *, steps: int, method: str = "heun", spacing: str = "linspace"
) -> Tensor:
    """The probability-flow ODE (Song et al. 2021, Eq. 13) solved with Euler or Heun (Karras et al. 2022, Algorithm 1).

    For the VP process, in the variables y = x / alpha_t and sigma-hat_t = sigma_t / alpha_t
    (alpha_t = sqrt(abar_t), sigma_t = sqrt(1 - abar_t)) the ODE reads
        dy / d sigma-hat = eps(alpha_t y, t)             (Karras et al. 2022, Eq. 4 with s = alpha; DDIM Eq. 14)
    and is integrated from the first timestep to sigma-hat = 0, where y = x_0. The model is only
    evaluated at the listed timesteps; Heun's corrector (Algorithm 1, lines 7-8) uses the next
    one, and the last step, into sigma-hat = 0, is a plain Euler step. Euler here is DDIM with eta = 0.

    Caveat: on the cosine schedule sigma-hat_{T-1} ~ 2e4, while the next timestep of a coarse grid
    has sigma-hat ~ 10; eps changes across that interval in a way the trapezoidal rule cannot
    follow, and Heun needs a few hundred steps there. Karras et al. start VP models at
    sigma_max = 80 for this reason; DPM-Solver++ integrates the linear part exactly and has no
    such trouble.
    """
    if method not in ("euler", "heun"):
        raise ValueError(f"probability_flow: method must be 'euler' or 'heun', got {method!r}")
    abar = schedule.alphas_cumprod64.tolist()
    ts = timesteps(schedule.T, steps, spacing).tolist()
    alpha = [abar[t] ** 0.5 for t in ts] + [1.0]
    sig = [((1 - abar[t]) / abar[t]) ** 0.5 for t in ts] + [0.0]  # sigma-hat
    t_model = _per_step(ts, x_T)
    y = x_T / alpha[0]
    for i in range(len(ts)):
        d = model(alpha[i] * y, t_model[i])  # dy/dsigma-hat at (y, sigma-hat_i)
        y_next = y + (sig[i + 1] - sig[i]) * d  # Euler step (Algorithm 1, line 5)
        if method == "heun" and i < len(ts) - 1:
            d_next = model(alpha[i + 1] * y_next, t_model[i + 1])
            y_next = y + (sig[i + 1] - sig[i]) * (0.5 * d + 0.5 * d_next)  # trapezoidal rule (lines 7-8)
        y = y_next
    return y


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
    abar = schedule.alphas_cumprod64.tolist()
    ts = timesteps(schedule.T, steps, spacing).tolist()
    abar_t = [abar[t] for t in ts]
    beta = [1 - a / p for a, p in zip(abar_t, abar_t[1:] + [1.0])]
    t_model = _per_step(ts, x_T)
    x = x_T
    for i in range(len(ts)):
        score = model(x, t_model[i]) / -((1 - abar_t[i]) ** 0.5)
        x = x + beta[i] * (0.5 * x + score)  # -[f - g^2 score] dt, backwards in time
        if i < len(ts) - 1:
            x = x + beta[i] ** 0.5 * _noise(x, generator)  # + g dw-bar
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
    """
    abar = schedule.alphas_cumprod64.tolist()
    ts = timesteps(schedule.T, steps, spacing).tolist()
    step_size = [epsilon * (1 - abar[t]) / (1 - abar[ts[-1]]) for t in ts]  # Algorithm 1, line 3
    t_model = _per_step(ts, x_T)
    x = x_T
    for i in range(len(ts)):
        for _ in range(inner_steps):
            z = _noise(x, generator)
            x = x + (0.5 * step_size[i]) * score(x, t_model[i]) + step_size[i] ** 0.5 * z  # Algorithm 1, line 6
    return x


def flow_euler(model: Model, x_1: Tensor, *, steps: int) -> Tensor:
    """Euler's method for dx/dt = v(x, t) from t = 1 (noise) to t = 0 (data) on a uniform grid.

    x_{t - 1/steps} = x_t - (1/steps) v(x_t, t)   (flow matching sampling; Lipman et al. 2023, Sec. 4;
    Liu et al. 2023, Eq. 1; time runs backwards in the convention of flow_matching.py). The model is
    called with a float tensor t of shape [batch], t = 1, 1 - 1/steps, ..., 1/steps.
    """
    if not isinstance(steps, int) or steps < 1:
        raise ValueError(f"flow_euler: steps must be a positive integer, got {steps!r}")
    dt = 1.0 / steps
    t_model = _per_step([1.0 - i * dt for i in range(steps)], x_1)
    x = x_1
    for i in range(steps):
        x = x - dt * model(x, t_model[i])
    return x
