"""What classifier-free guidance samples: not the tilted density p(x | c)^s p(x)^(1 - s) / Z.

Guidance with scale s (guidance.py) replaces the model's eps at every noise level by
eps(x, t) + s (eps(x, t | c) - eps(x, t)), i.e. the score by

    s grad log p_t(x | c) + (1 - s) grad log p_t(x)  =  grad log q_t(x),   q_t ∝ p_t(x | c)^s p_t(x)^(1 - s).

At t = 0 that is the tilted density q_0 one might hope to sample. But the q_t are not q_0 noised:
noising (a convolution) does not commute with powers and products of densities, so the sampler
follows a family of scores that belongs to no diffusion of q_0, and ends elsewhere (Chidambaram et
al. 2024, "What does guidance do?"; Bradley & Nakkiran 2024, "Classifier-free guidance is a
predictor-corrector"). For s = 1 the two agree (q_t = p_t(x | c)). Here both sides are exact: the
data are a 1-D Gaussian mixture, so the tilted density is computed on a grid and the guided samples
come from the mixture's exact denoisers; only the gap CFG itself makes remains.
"""

from __future__ import annotations

import math

import torch

from .gaussian_mixture import GaussianMixture

__all__ = ["log_density", "tilted_on_grid", "total_variation_to_grid"]

Tensor = torch.Tensor


def log_density(mixture: GaussianMixture, x: Tensor) -> Tensor:
    """log p(x) of the mixture at points x [n, d] (float64), by logsumexp over its components; shape [n]."""
    x = x.double()
    var = mixture.stds**2  # [K, d]
    log_k = -0.5 * (((x[:, None, :] - mixture.means) ** 2 / var) + torch.log(2 * math.pi * var)).sum(-1)  # [n, K]
    return torch.logsumexp(mixture.weights.log() + log_k, dim=1)


def tilted_on_grid(conditional: GaussianMixture, unconditional: GaussianMixture, scale: float, edges: Tensor) -> Tensor:
    """The tilted density q_0 ∝ p(x | c)^scale p(x)^(1 - scale) of 1-D mixtures as probabilities of the bins ``edges`` [G + 1].

    Evaluated at the bin centres and normalised over the grid (midpoint rule): [G], summing to 1.
    """
    centres = ((edges[1:] + edges[:-1]) / 2).double()[:, None]
    log_q = scale * log_density(conditional, centres) + (1 - scale) * log_density(unconditional, centres)
    return torch.softmax(log_q, dim=0)


def total_variation_to_grid(samples: Tensor, probabilities: Tensor, edges: Tensor) -> float:
    """TV between the histogram of 1-D ``samples`` [n] or [n, 1] on ``edges`` and ``probabilities`` [G] (samples outside count as mass off the grid)."""
    counts = torch.histogram(samples.double().flatten(), bins=edges.double()).hist
    return 0.5 * ((counts / samples.shape[0] - probabilities).abs().sum().item() + 1 - counts.sum().item() / samples.shape[0])
