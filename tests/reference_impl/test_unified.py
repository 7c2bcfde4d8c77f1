"""The unified view, against the Gaussian mixture's exact predictors: eps, x_0, v, score and the
flow-matching velocity are one denoiser in five parametrisations, and deterministic DDIM is
flow-matching Euler on the matching grid, to float64 rounding."""

from __future__ import annotations

import pytest
import torch

from reference_impl import forward, samplers, timesteps, unified

T_VALUES = [0, 40, 300, 700, 999]


@pytest.mark.parametrize("t", T_VALUES)
def test_one_denoiser_in_five_parametrisations(mixture, schedule, t):
    """At equal SNR the exact diffusion eps-predictor and the exact flow velocity convert into each other,
    and the score, x_0 and v follow from either (mixture oracle, float64)."""
    x = torch.randn(256, 2, generator=torch.Generator().manual_seed(t), dtype=torch.float64) * 2
    abar = schedule.alphas_cumprod64[t].item()
    steps = torch.full((256,), t)
    eps = mixture.eps(x, steps, schedule)
    x_fm, time = unified.to_flow(x, abar)
    u = mixture.velocity(x_fm, torch.full((256,), time, dtype=torch.float64))
    torch.testing.assert_close(unified.velocity_from_eps(x_fm, eps, time), u, rtol=1e-9, atol=1e-9)
    eps_from_u, x0_from_u = unified.velocity_to_eps_x0(x_fm, u, time)
    torch.testing.assert_close(eps_from_u, eps, rtol=1e-9, atol=1e-9)
    torch.testing.assert_close(x0_from_u, forward.x0_from_eps(x, eps, abar), rtol=1e-9, atol=1e-7)
    torch.testing.assert_close(forward.score_from_eps(eps_from_u, abar), mixture.score(x, steps, schedule), rtol=1e-9, atol=1e-9)
    v = forward.v_from_x0_eps(x0_from_u, eps_from_u, abar)
    torch.testing.assert_close(forward.eps_from_v(x, v, abar), eps, rtol=1e-9, atol=1e-7)


@pytest.mark.parametrize(("steps", "spacing"), [(10, "leading"), (50, "trailing"), (7, "linspace")])
def test_ddim_is_flow_matching_euler_on_the_matching_grid(mixture, schedule, steps, spacing):
    """DDIM (eta = 0) on a schedule's timesteps = Euler on dx/dt = u(x, t) over t_i = sigma_i / (alpha_i + sigma_i),
    started from x_T / (alpha_T + sigma_T); on a uniform grid of as many steps Euler lands elsewhere."""
    x_T = torch.randn(500, 2, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    ts = timesteps.timesteps(schedule.T, steps, spacing).tolist()
    ddim = samplers.ddim(mixture.eps_model(schedule), x_T, schedule, steps=steps, spacing=spacing)
    x_fm, _ = unified.to_flow(x_T, schedule.alphas_cumprod64[ts[0]].item())
    grid = unified.flow_grid(schedule, ts)
    euler = samplers.flow_euler(unified.flow_velocity_model(mixture.eps_model(schedule), schedule, ts), x_fm, times=grid)
    assert ((euler - ddim).norm() / ddim.norm()).item() < 1e-11  # measured <= 4.1e-13 (cosine: 1 / alpha_999 = 2e4 scales the rounding)
    uniform = samplers.flow_euler(mixture.velocity_model(), x_T, steps=steps)
    assert ((uniform - ddim).norm() / ddim.norm()).item() > 1e-3
    with pytest.raises(KeyError):
        unified.flow_velocity_model(mixture.eps_model(schedule), schedule, ts)(x_fm, torch.full((500,), 0.123, dtype=torch.float64))
