"""Latent diffusion with a linear autoencoder: diffuse in a k-dimensional code, decode, and pay exactly the autoencoder's error.

Rombach et al. 2022 ("latent diffusion") train the diffusion model on z = E(x) and sample x = D(z).
With a linear autoencoder everything is closed form. The best rank-k linear autoencoder of data
with mean m and covariance C = sum_i lambda_i u_i u_i^T (lambda_1 >= ... >= lambda_d) is PCA
(Eckart-Young; Baldi & Hornik 1989):

    E(x) = U_k^T (x - m),   D(z) = U_k z + m,   U_k = [u_1 ... u_k]

and its mean squared reconstruction error is what it leaves out,

    E || x - D(E(x)) ||^2 = lambda_{k+1} + ... + lambda_d                             (reconstruction_error)

A mixture of isotropic Gaussians whose means lie in the span of U_k has codes that are again such
a mixture (:meth:`LinearAutoencoder.latent_mixture`), with the exact denoiser of gaussian_mixture.py.
Sampling the codes exactly and decoding gives D(E(x)) for x ~ data: the projection of the data onto
the code space, whose squared 2-Wasserstein distance to the data is exactly the reconstruction error
(every coupling moves each x at least its distance to the plane; projecting moves it exactly that).
So latent diffusion's error, with a perfect latent model, is the autoencoder's error, no more.
"""

from __future__ import annotations

import torch

from .gaussian_mixture import GaussianMixture

__all__ = ["LinearAutoencoder", "mixture_covariance"]

Tensor = torch.Tensor


def mixture_covariance(mixture: GaussianMixture) -> tuple[Tensor, Tensor]:
    """(mean [d], covariance [d, d]) of a Gaussian mixture: sum_k w_k (S_k + mu_k mu_k^T) - m m^T, float64."""
    w, mu, s2 = mixture.weights, mixture.means, mixture.stds**2
    mean = w @ mu
    second = (w[:, None, None] * (torch.diag_embed(s2) + mu[:, :, None] * mu[:, None, :])).sum(0)
    return mean, second - torch.outer(mean, mean)


class LinearAutoencoder:
    """PCA as the optimal rank-k linear autoencoder of a distribution with ``mean`` [d] and ``covariance`` [d, d].

    Attributes: mean [d], basis U_k [d, k] (orthonormal columns, largest eigenvalues first),
    eigenvalues [d] (descending), all float64. Raises ValueError unless 1 <= k <= d.
    """

    def __init__(self, mean: Tensor, covariance: Tensor, k: int):
        d = mean.numel()
        if not 1 <= k <= d:
            raise ValueError(f"LinearAutoencoder: need 1 <= k <= d = {d}, got k = {k}")
        eigenvalues, vectors = torch.linalg.eigh(covariance.double())
        order = eigenvalues.argsort(descending=True)
        self.mean, self.eigenvalues, self.basis = mean.double(), eigenvalues[order], vectors[:, order[:k]]

    def encode(self, x: Tensor) -> Tensor:
        """z = U_k^T (x - m), [n, d] -> [n, k], in x's dtype."""
        return (x - self.mean.to(x)) @ self.basis.to(x)

    def decode(self, z: Tensor) -> Tensor:
        """x = U_k z + m, [n, k] -> [n, d], in z's dtype."""
        return z @ self.basis.T.to(z) + self.mean.to(z)

    def reconstruction_error(self) -> float:
        """E ||x - D(E(x))||^2 = the sum of the eigenvalues left out (Eckart-Young)."""
        return self.eigenvalues[self.basis.shape[1] :].sum().item()

    def latent_mixture(self, mixture: GaussianMixture) -> GaussianMixture:
        """The distribution of the codes E(x), x ~ ``mixture``: isotropic components stay isotropic.

        Raises ValueError for a component that is not isotropic (its code would have a full covariance).
        """
        if not bool((mixture.stds == mixture.stds[:, :1]).all()):
            raise ValueError("latent_mixture: the components must be isotropic (equal stds in every dimension)")
        k = self.basis.shape[1]
        return GaussianMixture(mixture.weights, self.encode(mixture.means), mixture.stds[:, :1].expand(-1, k))
