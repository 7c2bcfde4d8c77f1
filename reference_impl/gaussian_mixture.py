"""A Gaussian mixture and its exact denoisers: samplers can be checked without training anything.

Data x_0 ~ sum_k w_k N(mu_k, diag(s_k^2)). Every path used here is Gaussian given x_0,

    x = a x_0 + b eps,  eps ~ N(0, I)     (diffusion: a = sqrt(abar_t), b = sqrt(1 - abar_t);
                                           flow matching: a = 1 - t, b = t, eps = x_1)

so the marginal of x is again a mixture, sum_k w_k N(a mu_k, diag(V_k)) with V_k = a^2 s_k^2 + b^2.
Within component k, (eps, x) is jointly Gaussian, hence per dimension

    E[eps | x, k] = b (x - a mu_k) / V_k,      E[x_0 | x, k] = mu_k + a s_k^2 (x - a mu_k) / V_k,

and over components these are averaged with the posterior weights
r_k(x) = softmax_k(log w_k + log N(x; a mu_k, V_k)) (computed with logsumexp). From these:

    eps*(x_t, t) = E[eps | x_t] = -sqrt(1 - abar_t) grad log p_t(x_t)    (the optimal eps-predictor;
                                                                          Tweedie, Song et al. 2021)
    score_t(x)   = -E[eps | x_t] / sqrt(1 - abar_t)
    v*(x, t)     = E[x_1 - x_0 | x_t = x]                                (the flow-matching velocity,
                                                                          Lipman et al. 2023, Eq. 8)

No division by b appears in eps* or v*, so both stay finite at t -> 0 and at abar -> 0.
"""

from __future__ import annotations

import math
from typing import Callable

import torch

from .forward import alphabar_at
from .schedules import Schedule

__all__ = ["GaussianMixture", "observe"]

Tensor = torch.Tensor


class GaussianMixture:
    """sum_k weights[k] N(means[k], diag(stds[k]^2)) in d dimensions.

    Args:
        weights: [K], positive, summing to 1.
        means: [K, d].
        stds: [K] (isotropic components) or [K, d] (diagonal), positive.
    Parameters are stored as float64; the methods compute in the dtype of their input ``x``.
    """

    def __init__(self, weights: Tensor, means: Tensor, stds: Tensor):
        weights, means, stds = (torch.as_tensor(v, dtype=torch.float64) for v in (weights, means, stds))
        if means.dim() != 2:
            raise ValueError(f"GaussianMixture: means must have shape [K, d], got {tuple(means.shape)}")
        K, d = means.shape
        if weights.shape != (K,):
            raise ValueError(f"GaussianMixture: weights must have shape [{K}], got {tuple(weights.shape)}")
        if not bool((weights > 0).all()) or abs(weights.sum().item() - 1) > 1e-6:
            raise ValueError("GaussianMixture: weights must be positive and sum to 1")
        if stds.shape == (K,):
            stds = stds[:, None].expand(K, d)
        if stds.shape != (K, d) or not bool((stds > 0).all()):
            raise ValueError(f"GaussianMixture: stds must be positive with shape [{K}] or [{K}, {d}], got {tuple(stds.shape)}")
        self.weights, self.means, self.stds = weights, means, stds.contiguous()
        self.dim = d

    def to(self, device: torch.device | str) -> "GaussianMixture":
        """The same mixture with its parameters on ``device`` (for use inside a CUDA graph)."""
        return GaussianMixture(self.weights.to(device), self.means.to(device), self.stds.to(device))

    def sample(self, n: int, generator: torch.Generator | None = None) -> Tensor:
        """n independent draws, float32, shape [n, d], on the mixture's device (``generator`` likewise)."""
        k = torch.multinomial(self.weights, n, replacement=True, generator=generator)
        z = torch.randn(n, self.dim, generator=generator, dtype=torch.float64, device=self.means.device)
        return (self.means[k] + self.stds[k] * z).float()

    def component_posterior(self, x: Tensor) -> Tensor:
        """r_k(x) = P(component k | x_0 = x), shape [n, K]: which component each data point came from."""
        one = torch.ones(x.shape[0], 1, dtype=x.dtype, device=x.device)
        return self._posterior(x, one, 0 * one)[0]

    def _posterior(self, x: Tensor, a: Tensor, b: Tensor) -> tuple[Tensor, Tensor]:
        """r_k(x) [n, K] and (x - a mu_k) / V_k [n, K, d] for x = a x_0 + b eps (a, b: [n, 1])."""
        mu, s2 = self.means.to(x), (self.stds**2).to(x)
        a, b = a[..., None], b[..., None]  # [n, 1, 1], broadcast against [n, K, d]
        var = a**2 * s2 + b**2  # V_k
        resid = x[:, None, :] - a * mu  # x - a mu_k
        z = resid / var
        log_r = self.weights.to(x).log() - 0.5 * (resid * z + torch.log(2 * math.pi * var)).sum(-1)
        return torch.softmax(log_r, dim=1), z

    def _posterior_means(self, x: Tensor, a: Tensor, b: Tensor) -> tuple[Tensor, Tensor]:
        """E[eps | x] and E[x_0 | x] for x = a x_0 + b eps (a, b: [n, 1])."""
        r, z = self._posterior(x, a, b)
        rz = r[..., None] * z
        e_eps = b * rz.sum(1)  # sum_k r_k b (x - a mu_k) / V_k
        e_x0 = r @ self.means.to(x) + a * (rz * (self.stds**2).to(x)).sum(1)  # sum_k r_k (mu_k + a s_k^2 (x - a mu_k) / V_k)
        return e_eps, e_x0

    def eps(self, x: Tensor, t: Tensor, schedule: Schedule) -> Tensor:
        """eps*(x_t, t) = E[eps | x_t] for integer timesteps ``t`` ([batch]) of ``schedule``."""
        abar = alphabar_at(schedule, t, x)
        return self._posterior_means(x, abar.sqrt(), (1 - abar).sqrt())[0]

    def score(self, x: Tensor, t: Tensor, schedule: Schedule) -> Tensor:
        """grad log p_t(x) = -E[eps | x_t] / sqrt(1 - abar_t)."""
        abar = alphabar_at(schedule, t, x)
        return -self._posterior_means(x, abar.sqrt(), (1 - abar).sqrt())[0] / (1 - abar).sqrt()

    def velocity(self, x: Tensor, t: Tensor) -> Tensor:
        """v*(x, t) = E[x_1 - x_0 | x_t = x] on the path x_t = (1 - t) x_0 + t x_1, ``t`` float in [0, 1], [batch]."""
        tt = t.to(x.dtype)[:, None]
        e_x1, e_x0 = self._posterior_means(x, 1 - tt, tt)
        return e_x1 - e_x0

    def eps_model(self, schedule: Schedule) -> Callable[[Tensor, Tensor], Tensor]:
        """The exact eps-predictor as a model(x, t) for the samplers."""
        return lambda x, t: self.eps(x, t, schedule)

    def score_model(self, schedule: Schedule) -> Callable[[Tensor, Tensor], Tensor]:
        """The exact score as a model(x, t) for annealed Langevin dynamics."""
        return lambda x, t: self.score(x, t, schedule)

    def velocity_model(self) -> Callable[[Tensor, Tensor], Tensor]:
        """The exact flow-matching velocity as a model(x, t) for flow_euler."""
        return self.velocity


def observe(mixture: GaussianMixture, dim: int, y: float, sigma_y: float) -> GaussianMixture:
    """The exact posterior p(x_0 | y) for y = x_0[dim] + sigma_y n, n ~ N(0, 1): again a Gaussian mixture.

    Per component (Bishop 2006, Eq. 2.116-2.117, one coordinate): weight w_k N(y; mu_k, s_k^2 + sigma_y^2)
    (renormalised), and in coordinate ``dim`` mean (mu_k sigma_y^2 + y s_k^2) / (s_k^2 + sigma_y^2) and
    variance s_k^2 sigma_y^2 / (s_k^2 + sigma_y^2); the other coordinates are unchanged.
    """
    mu, s2 = mixture.means[:, dim], mixture.stds[:, dim] ** 2
    total = s2 + sigma_y**2
    log_w = mixture.weights.log() - 0.5 * ((y - mu) ** 2 / total + torch.log(2 * math.pi * total))
    means, stds = mixture.means.clone(), mixture.stds.clone()
    means[:, dim] = (mu * sigma_y**2 + y * s2) / total
    stds[:, dim] = (s2 * sigma_y**2 / total).sqrt()
    return GaussianMixture(torch.softmax(log_w, 0), means, stds)
