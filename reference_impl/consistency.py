"""Consistency distillation (Song, Dhariwal, Chen & Sutskever 2023) of the probability-flow ODE.

In the variance-exploding form of Karras et al. 2022 (x = x_0 + sigma n, sigma in [sigma_min, sigma_max])
the probability-flow ODE is dx/dsigma = (x - D(x; sigma)) / sigma with the denoiser D = E[x_0 | x].
A consistency function maps any point of a trajectory to its end, f(x_sigma, sigma) = x_{sigma_min},
and is parametrised so that f(x, sigma_min) = x exactly (Song et al. 2023, Eq. 5 and App. C):

    f_theta(x, sigma) = c_skip(sigma) x + c_out(sigma) F_theta(c_in(sigma) x, sigma)
    c_skip = sigma_d^2 / ((sigma - sigma_min)^2 + sigma_d^2),  c_out = sigma_d (sigma - sigma_min) / sqrt(sigma_d^2 + sigma^2),
    c_in = 1 / sqrt(sigma^2 + sigma_d^2).

Distillation (Algorithm 2) pulls f_theta at sigma_{n+1} towards the EMA target f_theta- at the point
one teacher ODE step earlier, sigma_n, on Karras et al.'s grid (their Eq. 5, rho = 7). The teacher
here is exact: the denoiser of a Gaussian mixture (:func:`mixture_denoiser`).
"""

from __future__ import annotations

import copy
import math
from typing import Callable

import torch

from .gaussian_mixture import GaussianMixture

__all__ = ["karras_sigmas", "mixture_denoiser", "ConsistencyFunction", "distillation_loss", "distill", "sample"]

Tensor = torch.Tensor


def karras_sigmas(N: int, sigma_min: float = 0.002, sigma_max: float = 80.0, rho: float = 7.0) -> list[float]:
    """sigma_1 < ... < sigma_N (Karras et al. 2022, Eq. 5; Song et al. 2023, Sec. 5): the discretisation of the ODE."""
    return [(sigma_min ** (1 / rho) + i / (N - 1) * (sigma_max ** (1 / rho) - sigma_min ** (1 / rho))) ** rho for i in range(N)]


def mixture_denoiser(mixture: GaussianMixture) -> Callable[[Tensor, Tensor], Tensor]:
    """D(x; sigma) = E[x_0 | x_0 + sigma n = x], exact, from the mixture's flow-matching velocity.

    x / (1 + sigma) = (1 - t) x_0 + t n with t = sigma / (1 + sigma), and E[x_0 | x_t] = x_t - t v*(x_t, t).
    ``sigma`` is a tensor [batch].
    """

    def denoise(x: Tensor, sigma: Tensor) -> Tensor:
        t = sigma / (1 + sigma)
        x_t = x / (1 + sigma)[:, None]
        return x_t - t[:, None] * mixture.velocity(x_t, t)

    return denoise


class ConsistencyFunction(torch.nn.Module):
    """f_theta(x, sigma) around a network ``F(x_in, c_noise)`` (e.g. networks.MLPDenoiser); c_noise = 250 log sigma + 500
    maps sigma in [0.002, 80] onto about [-1050, 1600], the range of the MLP's timestep embedding."""

    def __init__(self, network: torch.nn.Module, sigma_data: float = 1.0, sigma_min: float = 0.002):
        super().__init__()
        self.network, self.sigma_data, self.sigma_min = network, sigma_data, sigma_min

    def forward(self, x: Tensor, sigma: Tensor) -> Tensor:
        s, sd = sigma[:, None], self.sigma_data
        c_skip = sd**2 / ((s - self.sigma_min) ** 2 + sd**2)
        c_out = sd * (s - self.sigma_min) / (sd**2 + s**2).sqrt()
        c_in = 1 / (s**2 + sd**2).sqrt()
        return c_skip * x + c_out * self.network(c_in * x, 250 * sigma.log() + 500)


def distillation_loss(
    f: Callable[[Tensor, Tensor], Tensor],
    f_target: Callable[[Tensor, Tensor], Tensor],
    denoiser: Callable[[Tensor, Tensor], Tensor],
    x0: Tensor,
    sigmas: list[float],
    generator: torch.Generator | None = None,
) -> Tensor:
    """Song et al. 2023, Algorithm 2 with the squared L2 distance and the teacher's Heun step (Karras et al. Algorithm 1):

        n ~ U{1..N-1},  x_{n+1} = x_0 + sigma_{n+1} z,  x-hat_n = Heun step of the PF-ODE from sigma_{n+1} to sigma_n,
        loss = mean || f(x_{n+1}, sigma_{n+1}) - f_target(x-hat_n, sigma_n) ||^2     (f_target without gradient).
    """
    table = torch.tensor(sigmas, dtype=x0.dtype, device=x0.device)
    n = torch.randint(0, len(sigmas) - 1, (x0.shape[0],), generator=generator, device=x0.device)
    s_next, s = table[n + 1], table[n]
    x_next = x0 + s_next[:, None] * torch.randn(x0.shape, generator=generator, device=x0.device, dtype=x0.dtype)
    d = (x_next - denoiser(x_next, s_next)) / s_next[:, None]
    x_euler = x_next + (s - s_next)[:, None] * d
    d_euler = (x_euler - denoiser(x_euler, s)) / s[:, None]
    x_hat = x_next + (s - s_next)[:, None] * (0.5 * d + 0.5 * d_euler)
    with torch.no_grad():
        target = f_target(x_hat, s)
    return ((f(x_next, s_next) - target) ** 2).sum(1).mean()


def distill(
    f: ConsistencyFunction,
    denoiser: Callable[[Tensor, Tensor], Tensor],
    data: Callable[[int, torch.Generator], Tensor],
    *,
    N: int,
    steps: int,
    batch_size: int,
    lr: float,
    ema: float,
    seed: int,
) -> list[float]:
    """Algorithm 2 of Song et al. 2023: Adam on :func:`distillation_loss` over fresh batches ``data(batch_size, generator)``,
    the target network an exponential moving average theta- <- ema theta- + (1 - ema) theta. Returns each step's loss."""
    generator = torch.Generator().manual_seed(seed)
    target = copy.deepcopy(f).requires_grad_(False)
    optimizer = torch.optim.Adam(f.parameters(), lr=lr)
    sigmas, losses = karras_sigmas(N, f.sigma_min), []
    for _ in range(steps):
        loss = distillation_loss(f, target, denoiser, data(batch_size, generator), sigmas, generator)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            for p_target, p in zip(target.parameters(), f.parameters()):
                p_target.lerp_(p, 1 - ema)
        losses.append(loss.item())
    return losses


def sample(f: Callable[[Tensor, Tensor], Tensor], z: Tensor, sigmas: list[float], sigma_min: float = 0.002, generator: torch.Generator | None = None) -> Tensor:
    """Multistep consistency sampling (Song et al. 2023, Algorithm 1): x = f(sigma_1 z, sigma_1), then for each
    further sigma_i (descending) x = f(x + sqrt(sigma_i^2 - sigma_min^2) z_i, sigma_i). One model call per sigma."""
    full = lambda s: torch.full((z.shape[0],), s, dtype=z.dtype, device=z.device)
    x = f(sigmas[0] * z, full(sigmas[0]))
    for s in sigmas[1:]:
        noise = torch.randn(z.shape, generator=generator, device=z.device, dtype=z.dtype)
        x = f(x + math.sqrt(s**2 - sigma_min**2) * noise, full(s))
    return x
