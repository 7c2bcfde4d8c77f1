"""DDPM, DDIM and DPM-Solver++ agree with Hugging Face diffusers' schedulers.

Both sides get the same schedule, the same starting noise, the same closed-form model (the
Gaussian mixture's exact eps-predictor) and, for the stochastic samplers, generators seeded
alike, which yield the same per-step noise because both draw one tensor of x's shape per step
in the same order. The diffusers loop is the one its documentation prescribes:
``for t in scheduler.timesteps: x = scheduler.step(model(x, t), t, x).prev_sample``.

Two precisions:

* float64: diffusers' DDPM and DDIM step code runs on float64 tables and samples, so any
  difference is a difference of formulas: they agree to 1e-12.
* float32 (what models run in): differences are rounding. Our coefficients are computed in
  float64 and rounded once; diffusers forms them with float32 arithmetic, e.g. the DDPM step's
  beta_t = 1 - alphabar_t / alphabar_{t-1}, which near t = 0 (beta ~ 1e-4) keeps only 3-4
  digits, and the trajectory carries such differences over all 1000 steps. Tolerances are
  stated per case next to the measured differences.
"""

from __future__ import annotations

import pytest
import torch
from diffusers import DDIMScheduler, DDPMScheduler, DPMSolverMultistepScheduler

from reference_impl import samplers, schedules

# diffusers 0.42 + numpy 2 warn inside DPMSolverMultistepScheduler.set_timesteps; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")

DIFFUSERS_NAME = {"linear": "linear", "cosine": "squaredcos_cap_v2"}
N = 512


def rel_err(ours: torch.Tensor, theirs: torch.Tensor) -> float:
    return ((ours - theirs).norm() / theirs.norm()).item()


def seeded(seed: int = 5) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def run_diffusers(scheduler, model, x_T, generator=None, **step_kwargs) -> torch.Tensor:
    x = x_T
    for t in scheduler.timesteps:
        x = scheduler.step(model(x, t.expand(x.shape[0])), t, x, generator=generator, **step_kwargs).prev_sample
    return x


def diffusers_scheduler(cls, schedule: schedules.Schedule, dtype: torch.dtype, steps: int, **config):
    """A diffusers scheduler whose cumulative-product table is ours (float32 or float64)."""
    scheduler = cls(beta_schedule=DIFFUSERS_NAME[schedule.name], **config)
    scheduler.alphas_cumprod = schedule.alphas_cumprod64 if dtype == torch.float64 else schedule.alphas_cumprod
    scheduler.set_timesteps(steps)
    return scheduler


def start(dtype: torch.dtype) -> torch.Tensor:
    return torch.randn(N, 2, generator=torch.Generator().manual_seed(0)).to(dtype)


@pytest.mark.parametrize("clip", [False, True])
def test_ddpm_matches_diffusers_in_float64(schedule, mixture, clip):
    model, x_T = mixture.eps_model(schedule), start(torch.float64)
    theirs = run_diffusers(diffusers_scheduler(DDPMScheduler, schedule, torch.float64, schedule.T, clip_sample=clip), model, x_T, seeded())
    ours = samplers.ddpm(model, x_T, schedule, generator=seeded(), clip_x0=clip)
    assert rel_err(ours, theirs) < 1e-12


@pytest.mark.parametrize(
    "spacing, steps, eta, clip",
    [("leading", 50, 0.0, False), ("leading", 37, 0.5, False), ("trailing", 20, 1.0, False), ("leading", 10, 1.0, True)],
)
def test_ddim_matches_diffusers_in_float64(schedule, mixture, spacing, steps, eta, clip):
    model, x_T = mixture.eps_model(schedule), start(torch.float64)
    scheduler = diffusers_scheduler(DDIMScheduler, schedule, torch.float64, steps, timestep_spacing=spacing, clip_sample=clip)
    theirs = run_diffusers(scheduler, model, x_T, seeded(), eta=eta)
    ours = samplers.ddim(model, x_T, schedule, steps=steps, eta=eta, spacing=spacing, generator=seeded(), clip_x0=clip)
    assert rel_err(ours, theirs) < 1e-12


def test_ddpm_matches_diffusers_in_float32(schedule, mixture):
    # Measured: 2.3e-5 (linear), 2.8e-4 (cosine, almost all of it in the steps t <= 1 where
    # diffusers' float32 beta_t = 1 - alphabar_t/alphabar_{t-1} keeps ~3 digits).
    model, x_T = mixture.eps_model(schedule), start(torch.float32)
    theirs = run_diffusers(diffusers_scheduler(DDPMScheduler, schedule, torch.float32, schedule.T, clip_sample=False), model, x_T, seeded())
    ours = samplers.ddpm(model, x_T, schedule, generator=seeded())
    assert rel_err(ours, theirs) < {"linear": 1e-4, "cosine": 1e-3}[schedule.name]


@pytest.mark.parametrize(
    "spacing, steps, eta", [("leading", 50, 0.0), ("leading", 37, 0.5), ("trailing", 50, 0.0), ("trailing", 10, 1.0)]
)
def test_ddim_matches_diffusers_in_float32(schedule, mixture, spacing, steps, eta):
    model, x_T = mixture.eps_model(schedule), start(torch.float32)
    scheduler = diffusers_scheduler(DDIMScheduler, schedule, torch.float32, steps, timestep_spacing=spacing, clip_sample=False)
    theirs = run_diffusers(scheduler, model, x_T, seeded(), eta=eta)
    ours = samplers.ddim(model, x_T, schedule, steps=steps, eta=eta, spacing=spacing, generator=seeded())
    # Measured <= 2.2e-6, except trailing spacing on the cosine schedule with eta > 0 (3e-5):
    # its first step predicts x_0 at t = T-1, dividing by sqrt(alphabar_{T-1}) = 4.9e-5, which
    # turns one float32 rounding of x (1.2e-7) into 2.4e-3 in x_0; the noise added in the same
    # step no longer averages it away.
    looser = schedule.name == "cosine" and spacing == "trailing" and eta > 0
    assert rel_err(ours, theirs) < (1e-4 if looser else 1e-5)


@pytest.mark.parametrize("spacing, steps", [("linspace", 20), ("linspace", 7), ("linspace", 2), ("leading", 20), ("trailing", 25)])
def test_dpm_solver_pp_matches_diffusers(schedule, mixture, spacing, steps):
    # diffusers casts the sample to float32 inside every DPM-Solver step, so only float32 is
    # compared. Measured <= 2.6e-6 (the two-step case, whose second step returns x_0 predicted
    # at t = 499 from a first step out of t = 999).
    model, x_T = mixture.eps_model(schedule), start(torch.float32)
    scheduler = diffusers_scheduler(DPMSolverMultistepScheduler, schedule, torch.float32, steps, timestep_spacing=spacing)
    theirs = run_diffusers(scheduler, model, x_T)
    ours = samplers.dpm_solver_pp(model, x_T, schedule, steps=steps, spacing=spacing)
    assert rel_err(ours, theirs) < 1e-5


@pytest.mark.parametrize("spacing, steps", [("linspace", 20), ("linspace", 7), ("trailing", 25)])
def test_dpm_solver_pp_second_order_final_step_matches_diffusers(schedule, mixture, spacing, steps):
    """final="sigma_min": one more second-order step to the schedule's smallest level, as diffusers'
    final_sigmas_type="sigma_min" with lower_order_final=False (which otherwise goes first order below 15 steps)."""
    model, x_T = mixture.eps_model(schedule), start(torch.float32)
    scheduler = diffusers_scheduler(DPMSolverMultistepScheduler, schedule, torch.float32, steps, timestep_spacing=spacing,
                                    final_sigmas_type="sigma_min", lower_order_final=False)  # fmt: skip
    theirs = run_diffusers(scheduler, model, x_T)
    ours = samplers.dpm_solver_pp(model, x_T, schedule, steps=steps, spacing=spacing, final="sigma_min")
    # Measured <= 1.8e-5 (cosine, 7 steps: the long last step's 1/(2r) amplifies float32 rounding).
    assert rel_err(ours, theirs) < 1e-4
    assert rel_err(samplers.dpm_solver_pp(model, x_T, schedule, steps=steps, spacing=spacing), theirs) > 1e-3


@pytest.mark.parametrize("sampler", ["ddpm", "ddim", "dpm_solver_pp"])
def test_agreement_with_diffusers_own_tables(mixture, sampler):
    """Also with the tables diffusers computes itself (float32 cumulative product) -- the everyday setting."""
    schedule = schedules.make("linear")
    model, x_T = mixture.eps_model(schedule), start(torch.float32)
    if sampler == "ddpm":
        scheduler, steps, ours = DDPMScheduler(clip_sample=False), schedule.T, samplers.ddpm(model, x_T, schedule, generator=seeded())
        tolerance = 1e-4  # as for float32 DDPM above (measured 1.7e-5)
    elif sampler == "ddim":
        scheduler, steps, ours = DDIMScheduler(clip_sample=False), 50, samplers.ddim(model, x_T, schedule, steps=50)
        tolerance = 1e-5  # measured 3.9e-7
    else:
        scheduler, steps, ours = DPMSolverMultistepScheduler(), 20, samplers.dpm_solver_pp(model, x_T, schedule, steps=20)
        tolerance = 1e-5  # measured 2.5e-7
    scheduler.set_timesteps(steps)
    theirs = run_diffusers(scheduler, model, x_T, seeded() if sampler == "ddpm" else None)
    assert rel_err(ours, theirs) < tolerance


def test_agreement_is_sensitive(linear, mixture):
    """The float64 comparison notices a one-step shift of the timestep grid, so it can fail."""
    model, x_T = mixture.eps_model(linear), start(torch.float64)
    scheduler = diffusers_scheduler(DDIMScheduler, linear, torch.float64, 50, timestep_spacing="leading", clip_sample=False)
    scheduler.timesteps = scheduler.timesteps + 1
    theirs = run_diffusers(scheduler, model, x_T)
    assert rel_err(samplers.ddim(model, x_T, linear, steps=50), theirs) > 1e-6
