"""The score SDE's likelihood: log p_0(x) from the probability-flow ODE and the change of its density.

The VP SDE (Song et al. 2021, "Score-Based Generative Modeling through SDEs", Eq. 11),
dx = -1/2 beta(t) x dt + sqrt(beta(t)) dw, has the probability-flow ODE (Eq. 13)

    dx/dt = f~(x, t) = f(x, t) - 1/2 g(t)^2 grad log p_t(x) = -1/2 beta(t) [x + s(x, t)],

whose solution from x_0 ~ p_0 has the marginals p_t of the SDE. Along it the density changes by the
instantaneous change of variables, d log p_t(x_t)/dt = -div f~(x_t, t), so (App. D.2, Eq. 39)

    log p_0(x_0) = log p_T(x_T) + int_0^T div f~(x_t, t) dt.

A discrete schedule (schedules.py) is that SDE at the times of its levels: beta(t) dt = -d log abar_t
(Song et al. 2021, App. B: beta_i = beta(t_i) dt and abar_t = exp(-int_0^t beta)). In lam = log abar,
which falls from 0 (the clean level) to log abar_T, the drift and the density's change read

    dx/dlam = 1/2 [x + s(x, lam)],      div f~ dt = 1/2 [d + div s(x, lam)] dlam.              (drift)

:func:`log_likelihood` integrates both together over the schedule's timesteps with Heun's method (the
trapezoidal rule, as ``samplers.probability_flow``), second order in the step. The first leg, from the
clean level to the first timestep, reads the model at that timestep with the clean sample (the model
knows no level abar = 1; ``inversion.ddim_invert`` starts alike); it is a step of -log abar_1 = 1e-4
(linear schedule). log p_T is the prior's: N(0, I) as in Song et al. by default (abar_T = 4e-5 on the
linear schedule: p_T's means lie within sqrt(abar_T) |x_0| = 0.0064 |x_0| of 0), or any exact log p_T.

The divergence is the trace of the drift's Jacobian, computed exactly in low dimension (d backward
passes, :func:`divergence`). For images Song et al. (Eq. 40) use the Skilling-Hutchinson estimator
div f~ = E[eps^T (grad f~) eps] for eps with E[eps eps^T] = I, one backward pass and unbiased; pass a
fixed ``probe`` (Rademacher, [n, d]; kept for the whole solve as in FFJORD, Grathwohl et al. 2019).

With the Gaussian mixture's exact score (gaussian_mixture.py) the answer is known: the mixture's own
log density (cfg_tilt.log_density); with its exact p_T as the prior the error is the ODE solver's alone
(tests/reference_impl/test_likelihood.py).
"""

from __future__ import annotations

import math
from typing import Callable

import torch

from .schedules import Schedule
from .timesteps import timesteps

__all__ = ["divergence", "standard_normal_log_density", "log_likelihood"]

Tensor = torch.Tensor
Model = Callable[[Tensor, Tensor], Tensor]


def divergence(fn: Callable[[Tensor], Tensor], x: Tensor, probe: Tensor | None = None) -> tuple[Tensor, Tensor]:
    """(fn(x), div fn(x)) for a map fn of points x [n, d] to [n, d] that treats each point alone; both detached.

    div = sum_i d fn_i / d x_i, the trace of the Jacobian, by d backward passes; with a ``probe`` eps [n, d]
    the Skilling-Hutchinson estimate eps^T (grad fn) eps (Song et al. 2021, Eq. 40), one backward pass.
    """
    x = x.detach().requires_grad_(True)
    with torch.enable_grad():
        y = fn(x)
        if probe is not None:
            return y.detach(), (torch.autograd.grad((y * probe).sum(), x)[0] * probe).sum(1)
        rows = [torch.autograd.grad(y[:, i].sum(), x, retain_graph=i + 1 < x.shape[1])[0][:, i] for i in range(x.shape[1])]
    return y.detach(), torch.stack(rows, 1).sum(1)


def standard_normal_log_density(x: Tensor) -> Tensor:
    """log N(x; 0, I) of points x [n, d]: the prior p_T of the VP SDE; shape [n]."""
    return -0.5 * (x**2).sum(1) - 0.5 * x.shape[1] * math.log(2 * math.pi)


def log_likelihood(
    score: Model,
    x_0: Tensor,
    schedule: Schedule,
    *,
    steps: int,
    spacing: str = "linspace",
    log_prior: Callable[[Tensor], Tensor] = standard_normal_log_density,
    probe: Tensor | None = None,
) -> tuple[Tensor, Tensor]:
    """(log p_0(x_0) [n], x_T [n, d]): Eq. 39 with the probability-flow ODE of ``score`` solved by Heun (module docstring).

    ``score(x, t)`` is a score model with integer timesteps t [batch] (``mixture.score_model(schedule)`` or
    ``forward.as_score_model``); the ODE visits the clean level and then ``timesteps(T, steps, spacing)`` upwards,
    2 * steps - 1 score calls of d + 1 passes each. ``log_prior`` is log p_T at the last timestep; ``probe``
    as :func:`divergence`. Raises ValueError as ``timesteps.timesteps`` for a bad step count or spacing.
    """
    abar, n, d = schedule.alphas_cumprod64.tolist(), x_0.shape[0], x_0.shape[1]

    def drift(x: Tensor, t: int) -> tuple[Tensor, Tensor]:  # dx/dlam and div f~ dt/dlam at level t (drift)
        s, div_s = divergence(lambda y: score(y, torch.full((n,), t, device=y.device)), x, probe)
        return 0.5 * (x + s), 0.5 * (d + div_s)

    x, change, lam, t_prev = x_0, torch.zeros(n, dtype=x_0.dtype, device=x_0.device), 0.0, None
    for t in reversed(timesteps(schedule.T, steps, spacing).tolist()):
        h, lam = math.log(abar[t]) - lam, math.log(abar[t])  # dlam < 0: towards the noise
        if t_prev is None:  # from the clean level: Euler with the first timestep's model (module docstring)
            k, c = drift(x, t)
        else:  # Heun: Euler predictor, then the trapezoidal rule
            k_prev, c_prev = drift(x, t_prev)
            k_next, c_next = drift(x + h * k_prev, t)
            k, c = 0.5 * (k_prev + k_next), 0.5 * (c_prev + c_next)
        x, change, t_prev = x + h * k, change + h * c, t  # Eq. 39's integral, accumulated with x
    return log_prior(x) + change, x
