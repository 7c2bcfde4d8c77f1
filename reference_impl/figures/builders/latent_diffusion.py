"""latent-diffusion: diffusion in the 2-D code of a linear (PCA) autoencoder of 3-D data; the error is the autoencoder's."""

from __future__ import annotations

import math

import torch

from reference_impl import samplers, schedules
from reference_impl.figures import plotting, toy2d
from reference_impl.gaussian_mixture import GaussianMixture
from reference_impl.latent import LinearAutoencoder, mixture_covariance


def build(config: dict, *, device: torch.device, seed: int):
    ring, schedule, n = toy2d.mixture(config["data"]), schedules.make(config["schedule"]), config["samples"]
    # The ring tilted into 3-D (its plane spanned by two unit vectors), every component isotropic with std s in 3-D.
    tilt = math.radians(config["tilt_degrees"])
    plane = torch.tensor([[1.0, 0.0, 0.0], [0.0, math.cos(tilt), math.sin(tilt)]], dtype=torch.float64)
    data = GaussianMixture(ring.weights, ring.means @ plane, ring.stds[:, :1].expand(-1, 3))
    mean, covariance = mixture_covariance(data)
    ae = LinearAutoencoder(mean, covariance, 2)
    codes = ae.latent_mixture(data)
    z = samplers.ddim(codes.eps_model(schedule), torch.randn(n, 2, generator=toy2d.generator("cpu", seed), dtype=torch.float64), schedule, steps=config["steps"])
    x = ae.decode(z)
    exact = data.sample(n, toy2d.generator("cpu", seed + 1)).double()
    normal = torch.linalg.cross(plane[0], plane[1])  # the direction the code leaves out
    off = lambda y: ((y - ae.decode(ae.encode(y))) ** 2).sum(1).mean().item()
    numbers = {
        "reconstruction error, closed form (sum of left-out eigenvalues)": ae.reconstruction_error(),
        "reconstruction error of data draws, measured": off(exact),
        "decoded samples: mean squared distance to the code plane": off(x),
        "latent samples: sliced Wasserstein distance to exact codes": toy2d.distance_to_data(z.float(), codes, seed),
        "samples": n,
    }
    figure, axes = plotting.new_figure(9.6, 3.4, 1, 3)
    in_plane = lambda y: (y - mean) @ plane.T  # coordinates in the plane of the ring
    across = lambda y: (y - mean) @ normal  # and across it
    plotting.scatter_2d(axes[0], in_plane(exact), limit=2.5, title="data, in the plane of the ring", color="0.6")
    plotting.scatter_2d(axes[1], in_plane(x), limit=2.5, title="latent DDIM samples, decoded,\nin the same plane")
    ax = axes[2]
    ax.hist(across(exact).numpy(), bins=60, density=True, color="0.7", label="data")
    ax.axvline(0, color=plotting.COLORS[0], lw=2, label="decoded samples (all at 0)")
    ax.set(xlabel="distance across the ring's plane", ylabel="density", title=f"what the code leaves out:\nmean square {numbers['reconstruction error, closed form (sum of left-out eigenvalues)']:.4f} = s^2")
    ax.legend(frameon=False, fontsize=7)
    return figure, numbers
