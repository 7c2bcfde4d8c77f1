"""Schedules and timestep spacings are diffusers' to the last float32 digit."""

from __future__ import annotations

import pytest
import torch
from diffusers import DDIMScheduler, DDPMScheduler, DPMSolverMultistepScheduler

from reference_impl import schedules, timesteps

# diffusers 0.42 + numpy 2 warn inside DPMSolverMultistepScheduler.set_timesteps; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")

DIFFUSERS_NAME = {"linear": "linear", "cosine": "squaredcos_cap_v2"}


@pytest.mark.parametrize("T", [1000, 250])
def test_betas_and_alphas_cumprod_match_diffusers(schedule, T):
    ours = schedules.make(schedule.name, T)
    theirs = DDPMScheduler(num_train_timesteps=T, beta_schedule=DIFFUSERS_NAME[schedule.name])
    assert ours.betas.dtype == ours.alphas_cumprod.dtype == torch.float32
    # diffusers' torch.linspace in float32 and our float64 linspace rounded: at most one ulp (2^-23).
    assert torch.allclose(ours.betas, theirs.betas, rtol=2**-23, atol=0)
    # alpha = 1 - beta, formed in float64 and rounded once: within half an ulp of 1 (2^-24).
    assert (ours.alphas.double() - (1 - ours.betas.double())).abs().max() <= 2**-24
    # diffusers multiplies 1000 float32 factors (measured error <= 3.8e-7 relative); ours is the
    # float64 product rounded once. At cosine's last step beta = 0.999 is stored in float32 as
    # 0.99900001, so diffusers' 1 - beta = 0.00099998713 is 1.3e-5 off and so is its last alphabar.
    rel = (ours.alphas_cumprod.double() - theirs.alphas_cumprod.double()).abs() / theirs.alphas_cumprod.double()
    assert rel[:-1].max() < 1e-6
    assert rel[-1] < (2e-5 if schedule.name == "cosine" else 1e-6)


def test_cosine_is_nichol_dhariwal():
    """Eq. 17 of Nichol & Dhariwal: alphabar_t = f(t)/f(0) wherever beta was not clipped; beta clipped at 0.999."""
    s = schedules.make("cosine")
    f = lambda t: torch.cos((t / 1000 + 0.008) / 1.008 * torch.pi / 2) ** 2
    t = torch.arange(1, 1001, dtype=torch.float64)
    assert torch.allclose(s.alphas_cumprod64[:-1], (f(t) / f(torch.zeros(1, dtype=torch.float64)))[:-1], rtol=1e-12)
    assert s.betas[-1] == torch.tensor(0.999, dtype=torch.float32) and s.betas[:-1].max() < 0.999


def test_snr_and_log_snr(schedule):
    abar = schedule.alphas_cumprod64
    assert torch.allclose(schedule.snr.double(), abar / (1 - abar), rtol=1e-6)
    assert torch.allclose(schedule.log_snr.double(), torch.log(abar) - torch.log1p(-abar), rtol=1e-6, atol=1e-6)
    assert bool((schedule.log_snr[1:] < schedule.log_snr[:-1]).all())  # noise grows with t


def test_make_rejects_bad_input():
    with pytest.raises(ValueError, match="unknown schedule 'quadratic'"):
        schedules.make("quadratic")
    with pytest.raises(ValueError, match="T must be an integer"):
        schedules.make("linear", T=1)


@pytest.mark.parametrize("spacing", timesteps.SPACINGS)
@pytest.mark.parametrize("steps", [1, 3, 7, 10, 30, 50, 333, 999, 1000])
def test_spacings_match_diffusers(spacing, steps):
    ddim = DDIMScheduler(timestep_spacing=spacing)
    ddim.set_timesteps(steps)
    assert torch.equal(timesteps.timesteps(1000, steps, spacing), ddim.timesteps)
    ddpm = DDPMScheduler(timestep_spacing=spacing)
    ddpm.set_timesteps(steps)
    assert torch.equal(timesteps.timesteps(1000, steps, spacing), ddpm.timesteps)
    if steps < 1000:
        dpm = DPMSolverMultistepScheduler(timestep_spacing=spacing)
        dpm.set_timesteps(steps)
        assert torch.equal(timesteps.dpm_solver_timesteps(1000, steps, spacing), dpm.timesteps)


def test_spacing_examples():
    """The examples of the module docstring, written out."""
    assert timesteps.timesteps(1000, 10, "leading").tolist() == list(range(900, -1, -100))
    assert timesteps.timesteps(1000, 10, "trailing").tolist() == list(range(999, 0, -100))
    assert timesteps.timesteps(1000, 4, "linspace").tolist() == [999, 666, 333, 0]
    assert timesteps.dpm_solver_timesteps(1000, 3, "linspace").tolist() == [999, 666, 333]


def test_timesteps_reject_bad_input():
    with pytest.raises(ValueError, match="unknown spacing 'uniform'"):
        timesteps.timesteps(1000, 10, "uniform")
    with pytest.raises(ValueError, match=r"steps must be an integer in 1\.\.1000"):
        timesteps.timesteps(1000, 0)
    with pytest.raises(ValueError, match="needs steps < T"):
        timesteps.dpm_solver_timesteps(1000, 1000, "linspace")
