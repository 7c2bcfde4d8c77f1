"""Latent diffusion with a linear autoencoder: with the exact latent denoiser, the decoded samples are the
data's projection, and the error is the closed-form reconstruction error, no more."""

from __future__ import annotations

import math

import pytest
import torch

from reference_impl import samplers
from reference_impl.gaussian_mixture import GaussianMixture
from reference_impl.latent import LinearAutoencoder, mixture_covariance

N = 6000


@pytest.fixture(scope="module")
def data() -> GaussianMixture:
    """Six isotropic Gaussians (std 0.2) on a tilted circle in 3-D: their means span a plane."""
    angles = torch.arange(6, dtype=torch.float64) * 2 * math.pi / 6
    plane = torch.tensor([[1.0, 0.0, 0.5], [0.0, 1.0, -0.5]], dtype=torch.float64)
    means = 1.5 * torch.stack([angles.cos(), angles.sin()], 1) @ plane
    return GaussianMixture(torch.full((6,), 1 / 6, dtype=torch.float64), means, torch.full((6, 3), 0.2, dtype=torch.float64))


def test_reconstruction_error_is_the_sum_of_the_left_out_eigenvalues(data):
    mean, covariance = mixture_covariance(data)
    x = data.sample(200_000, torch.Generator().manual_seed(0)).double()
    torch.testing.assert_close(x.mean(0), mean, atol=0.01, rtol=0)
    torch.testing.assert_close(torch.cov(x.T), covariance, atol=0.02, rtol=0)
    for k, expected in ((2, 0.2**2), (1, None)):
        ae = LinearAutoencoder(mean, covariance, k)
        measured = ((x - ae.decode(ae.encode(x))) ** 2).sum(1).mean().item()
        assert abs(measured - ae.reconstruction_error()) < 0.01 * ae.reconstruction_error() + 1e-4, (k, measured)
        if expected is not None:  # k = 2 keeps the plane of the means: only the isotropic noise across it is lost
            assert abs(ae.reconstruction_error() - expected) < 1e-12


def test_latent_diffusion_with_the_exact_latent_denoiser_samples_the_projection(data, linear, z_scores, sw):
    mean, covariance = mixture_covariance(data)
    ae = LinearAutoencoder(mean, covariance, 2)
    codes = ae.latent_mixture(data)
    z = samplers.ddim(codes.eps_model(linear), torch.randn(N, 2, generator=torch.Generator().manual_seed(1), dtype=torch.float64), linear, steps=100)
    assert max(z_scores(codes, z).values()) < 4
    x = ae.decode(z)
    projected = ae.decode(ae.encode(data.sample(N, torch.Generator().manual_seed(2)).double()))
    exact = data.sample(N, torch.Generator().manual_seed(3)).double()
    floor = sw(ae.decode(ae.encode(data.sample(N, torch.Generator().manual_seed(4)).double())), projected)
    assert sw(x, projected) < 2 * floor  # the decoded samples are the data's projection ...
    # ... so their distance to the data is the autoencoder's: every sample lies in the plane, and the
    # data lie off it by the left-out noise, mean square error = reconstruction error.
    off_plane = lambda y: ((y - ae.decode(ae.encode(y))) ** 2).sum(1).mean().item()
    assert off_plane(x) < 1e-20 and abs(off_plane(exact) - ae.reconstruction_error()) < 0.05 * ae.reconstruction_error()
    with pytest.raises(ValueError, match="isotropic"):
        ae.latent_mixture(GaussianMixture(torch.ones(1), torch.zeros(1, 3), torch.tensor([[0.1, 0.2, 0.3]])))
