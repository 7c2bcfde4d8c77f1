"""Every sampler, driven by the exact predictor of a 2-D Gaussian mixture, reproduces the mixture.

With the exact eps*(x, t) = E[eps | x_t] the only errors left are the sampler's own
(discretisation, wrong coefficients, wrong noise), so these tests check the samplers without
any training. Two yardsticks, both against the known mixture:

* per-component weight, mean and spread (conftest.component_z_scores): |z| < 4 -- sensitive
  enough to reject a 5 % error in a component's standard deviation at n = 6000;
* the sliced Wasserstein distance to fresh true samples, within twice the true-vs-true floor.

Pathwise tests then show the deterministic solvers converge to the probability-flow ODE's
solution at their order as steps grow.
"""

from __future__ import annotations

import pytest
import torch

from reference_impl import cuda_graph, forward, samplers, schedules, timesteps
from reference_impl.guidance import classifier_free_guidance
from reference_impl.gaussian_mixture import GaussianMixture

N = 6000


def seeded(seed: int = 3) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


@pytest.fixture(scope="module")
def truth(mixture, sw):
    """Fresh true samples and the noise floor: the mean distance of 4 further true sets to them."""
    g = torch.Generator().manual_seed(100)
    reference = mixture.sample(N, g)
    floor = sum(sw(mixture.sample(N, g), reference) for _ in range(4)) / 4
    return reference, floor


@pytest.fixture(scope="module")
def x_T() -> torch.Tensor:
    return torch.randn(N, 2, generator=torch.Generator().manual_seed(0))


# registry name -> (schedules it runs on, steps). Step counts are where the discretisation error
# is well below the statistical resolution at n = 6000 (see the convergence tests below). The
# ancestral samplers (DDPM, DDIM with eta = 1) come out a few per cent narrow even then: their
# step variance beta-tilde leaves out Var(x_0 | x_t) (Bao et al. 2022, Analytic-DPM), an error of
# the method that shrinks with the step size, not of the code (which matches diffusers).
STEPS = {
    "ddpm": (("linear", "cosine"), 1000),
    "ddim": (("linear", "cosine"), 200),
    "ddim_eta1": (("linear", "cosine"), 250),
    "dpm_solver_pp": (("linear", "cosine"), 100),
    "pf_ode_euler": (("linear", "cosine"), 200),
    # Heun on the DDPM timesteps of the cosine schedule needs far more steps (see probability_flow's docstring) ...
    "pf_ode_heun": (("linear",), 50),
    # ... on Karras et al.'s sigma grid it does not.
    "edm": (("linear", "cosine"), 32),
    "reverse_sde": (("linear", "cosine"), 500),
}
CASES = [(name, sched) for name, (scheds, _) in STEPS.items() for sched in scheds]


def test_every_registered_sampler_is_tested():
    assert set(STEPS) | {"flow_euler"} == set(samplers.SAMPLERS)


@pytest.mark.parametrize("name, schedule_name", CASES, ids=[f"{n}-{s}" for n, s in CASES])
def test_sampler_reproduces_the_mixture(mixture, truth, x_T, z_scores, sw, name, schedule_name):
    s = schedules.make(schedule_name)
    samples = samplers.SAMPLERS[name].run(mixture.eps_model(s), x_T, s, steps=STEPS[name][1], generator=seeded())
    reference, floor = truth
    assert samples.shape == x_T.shape and samples.dtype == x_T.dtype
    assert max(z_scores(mixture, samples).values()) < 4
    assert sw(samples, reference) < 2 * floor


def test_annealed_langevin_reproduces_the_mixture(mixture, truth, x_T, z_scores, sw):
    # Step size: Algorithm 1's a_1 = epsilon / sigma_L^2 must stay below ~1 (cosine: sigma_L^2 = 4.1e-5).
    s = schedules.make("cosine")
    samples = samplers.annealed_langevin(mixture.score_model(s), x_T, s, steps=100, inner_steps=20, epsilon=4e-5, generator=seeded())
    assert max(z_scores(mixture, samples).values()) < 4
    assert sw(samples, truth[0]) < 2 * truth[1]


def test_edm_with_churn_reproduces_the_mixture(mixture, truth, x_T, z_scores, sw):
    """Algorithm 2: noise added and removed again at each level (S_churn > 0) leaves the distribution exact."""
    s = schedules.make("linear")
    samples = samplers.edm(mixture.eps_model(s), x_T, s, steps=40, S_churn=20, generator=seeded())
    assert max(z_scores(mixture, samples).values()) < 4
    assert sw(samples, truth[0]) < 2 * truth[1]


def test_flow_euler_reproduces_the_mixture(mixture, truth, x_T, z_scores, sw):
    samples = samplers.SAMPLERS["flow_euler"].run(mixture.velocity_model(), x_T, None, steps=100)
    assert max(z_scores(mixture, samples).values()) < 4
    assert sw(samples, truth[0]) < 2 * truth[1]


def test_the_yardsticks_reject_slightly_wrong_samples(mixture, truth, z_scores, sw):
    """So that the tests above can fail: 5 % wider components fail the z-test, swapped weights the distance."""
    g = torch.Generator().manual_seed(7)
    wider = GaussianMixture(mixture.weights, mixture.means, mixture.stds * 1.05).sample(N, g)
    assert z_scores(mixture, wider)["std"] > 4
    reweighted = GaussianMixture(mixture.weights.flip(0), mixture.means, mixture.stds).sample(N, g)
    assert sw(reweighted, truth[0]) > 2 * truth[1]
    # ... while exact samples pass both.
    exact = mixture.sample(N, g)
    assert max(z_scores(mixture, exact).values()) < 4 and sw(exact, truth[0]) < 2 * truth[1]


# ---------------------------------------------------------------- convergence with steps


@pytest.fixture(scope="module")
def ode_problem(mixture):
    """Per schedule: start points, the model, and the ODE solution by Heun over all 1000 timesteps."""
    problems = {}
    for name in ("linear", "cosine"):
        s = schedules.make(name)
        model = mixture.eps_model(s)
        x = torch.randn(500, 2, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
        problems[name] = (s, model, x, samplers.probability_flow(model, x, s, steps=1000))
    return problems


def path_error(result: torch.Tensor, solution: torch.Tensor) -> float:
    return (result - solution).norm(dim=1).mean().item()


def test_ddim_and_dpm_solver_converge(ode_problem):
    """DDIM (= Euler) halves its error per doubling of steps; DPM-Solver++(2M) is second order and more accurate."""
    for s, model, x, solution in ode_problem.values():
        ddim = [path_error(samplers.ddim(model, x, s, steps=n, spacing="linspace"), solution) for n in (10, 20, 40, 80)]
        dpm = [path_error(samplers.dpm_solver_pp(model, x, s, steps=n), solution) for n in (10, 20, 40, 80)]
        for coarse, fine in zip(ddim, ddim[1:]):
            assert 1.6 < coarse / fine < 2.5, (s.name, ddim)
        assert all(coarse / fine > 1.2 for coarse, fine in zip(dpm, dpm[1:])), (s.name, dpm)
        assert dpm[2] / dpm[3] > 3, (s.name, dpm)  # second order once the steps are small
        assert dpm[3] < ddim[3] / 2, (s.name, ddim, dpm)


def test_dpm_solver_pp_final_steps(ode_problem):
    """final="zero" returns the x_0 prediction at the last timestep (a first-order jump to sigma = 0);
    final="sigma_min" ends at the level of t = 0 with a second-order step. Both fall at second order
    in the mean error; the jump to zero leaves a worst case ~30 times the mean (docstring's numbers)."""
    s, model, x, solution = ode_problem["cosine"]
    calls = []
    recorded = lambda x, t: calls.append((t[0].item(), x)) or model(x, t)
    last_t, last_x = (samplers.dpm_solver_pp(recorded, x, s, steps=80), calls[-1])[1]
    assert last_t == timesteps.dpm_solver_timesteps(s.T, 80)[-1]
    torch.testing.assert_close(samplers.dpm_solver_pp(model, x, s, steps=80), forward.x0_from_eps(last_x, model(last_x, torch.full((500,), last_t)), s.alphas_cumprod64[last_t].item()))
    calls.clear()
    samplers.probability_flow(recorded, x, s, steps=1000)
    at_sigma_min = calls[-1][1]  # the ODE's solution at t = 0, where its last (Euler) step to sigma = 0 starts
    zero = [(samplers.dpm_solver_pp(model, x, s, steps=n) - solution).norm(dim=1) for n in (40, 80, 160)]
    lowest = [(samplers.dpm_solver_pp(model, x, s, steps=n, final="sigma_min") - at_sigma_min).norm(dim=1) for n in (40, 80, 160)]
    for errors in (zero, lowest):
        assert errors[0].mean() / errors[1].mean() > 3 and errors[1].mean() / errors[2].mean() > 2.5, [e.mean() for e in errors]
    assert zero[1].max() > 20 * zero[1].mean() and lowest[1].max() < zero[1].max(), (zero[1].max(), lowest[1].max())
    with pytest.raises(ValueError, match="final"):
        samplers.dpm_solver_pp(model, x, s, steps=10, final="one")


def test_heun_converges_faster_than_euler(ode_problem):
    s, model, x, solution = ode_problem["linear"]
    euler = [path_error(samplers.probability_flow(model, x, s, steps=n, method="euler"), solution) for n in (10, 20, 40, 80)]
    heun = [path_error(samplers.probability_flow(model, x, s, steps=n, method="heun"), solution) for n in (10, 20, 40, 80)]
    for coarse, fine in zip(euler, euler[1:]):
        assert 1.6 < coarse / fine < 2.5, euler  # first order
    for coarse, fine in zip(heun, heun[1:]):
        assert coarse / fine > 3, heun  # second order
    # Heun with n steps costs 2n - 1 model calls; from n = 20 on it beats Euler with 2n.
    assert heun[1] < euler[2] / 1.5 and heun[2] < euler[3] / 3, (euler, heun)


def test_edm_is_second_order_and_beats_heun_on_ddpm_timesteps(ode_problem, mixture, sw, truth, x_T):
    """EDM's Heun converges at second order; on the cosine schedule, at 11 evaluations, it has reached the
    mixture while Heun on linspace DDPM timesteps is still far off (probability_flow's caveat)."""
    for s, model, x, _ in ode_problem.values():
        solution = samplers.edm(model, x, s, steps=400)  # EDM starts at sigma_max = 80, not at t = T - 1
        errors = [path_error(samplers.edm(model, x, s, steps=n), solution) for n in (8, 16, 32)]
        assert errors[0] / errors[1] > 3 and errors[1] / errors[2] > 3, (s.name, errors)
    s = schedules.make("cosine")
    edm, heun = (samplers.SAMPLERS[name].run(mixture.eps_model(s), x_T, s, steps=6) for name in ("edm", "pf_ode_heun"))
    assert samplers.SAMPLERS["edm"].evaluations(6) == samplers.SAMPLERS["pf_ode_heun"].evaluations(6) == 11
    assert sw(edm, truth[0]) < 1.0 < 10 < sw(heun, truth[0])


def test_edm_timesteps_follow_the_rho_grid(linear):
    """Karras et al. Eq. 5 with rho = 7, rounded to the nearest of the schedule's noise levels, ends at the smallest one."""
    sig = ((1 - linear.alphas_cumprod64) / linear.alphas_cumprod64).sqrt()
    ts = samplers.edm_timesteps(linear, 10)
    assert ts[-1] == 0 and (sig[ts[0]] - 80).abs() < (sig[1:] - sig[:-1]).abs().max() and ts == sorted(ts, reverse=True)
    ramp = torch.linspace(0, 1, 10, dtype=torch.float64)
    target = (80 ** (1 / 7) + ramp * (sig[0] ** (1 / 7) - 80 ** (1 / 7))) ** 7
    assert ts == [int((sig - v).abs().argmin()) for v in target]
    with pytest.raises(ValueError, match="steps >= 1"):
        samplers.edm_timesteps(linear, 0)


def test_probability_flow_euler_is_ddim(linear, mixture):
    """Euler on dy/dsigma-hat = eps is DDIM with eta = 0 (DDIM paper, Eq. 14): two derivations, one result."""
    model, x = mixture.eps_model(linear), torch.randn(256, 2, generator=seeded(), dtype=torch.float64)
    for spacing in ("leading", "linspace"):
        euler = samplers.probability_flow(model, x, linear, steps=25, method="euler", spacing=spacing)
        torch.testing.assert_close(euler, samplers.ddim(model, x, linear, steps=25, spacing=spacing), rtol=1e-10, atol=1e-10)


def test_reverse_sde_error_shrinks_with_steps(mixture, truth, x_T, z_scores):
    s = schedules.make("linear")
    spread = [z_scores(mixture, samplers.reverse_sde(mixture.eps_model(s), x_T, s, steps=n, generator=seeded()))["std"] for n in (20, 500)]
    assert spread[0] > 4 > spread[1], spread


# ---------------------------------------------------------------- flow matching, calling convention


def test_flow_euler_on_analytic_fields():
    x_1 = torch.randn(16, 2, generator=seeded(), dtype=torch.float64)
    # All data at mu: v(x, t) = (x - mu) / t, straight lines at constant speed, so Euler lands on mu exactly.
    mu = torch.tensor([0.3, -1.2], dtype=torch.float64)
    for steps in (1, 3, 8):
        torch.testing.assert_close(samplers.flow_euler(lambda x, t: (x - mu) / t[:, None], x_1, steps=steps), mu.expand(16, 2))
    # v(x, t) = x: Euler backwards from t = 1 multiplies by (1 - 1/steps) per step.
    torch.testing.assert_close(samplers.flow_euler(lambda x, t: x, x_1, steps=7), x_1 * (6 / 7) ** 7)
    # v(x, t) = t c is evaluated at the left end of each step: x_1 - c (1/N) sum_i (1 - i/N) = x_1 - c (N + 1) / (2N).
    c = torch.tensor([2.0, -1.0], dtype=torch.float64)
    torch.testing.assert_close(samplers.flow_euler(lambda x, t: t[:, None] * c, x_1, steps=5), x_1 - c * 6 / 10)


def recording(model, calls: list):
    def wrapped(x, t):
        calls.append(t)  # kept as passed: the samplers never write to the time argument
        return model(x, t)

    return wrapped


def test_models_get_the_documented_timesteps(linear, mixture):
    x = torch.randn(5, 2, generator=seeded())
    edm = samplers.edm_timesteps(linear, 3)
    expected = {
        "ddpm": (lambda m: samplers.ddpm(m, x, linear), list(range(999, -1, -1))),
        "ddim": (lambda m: samplers.ddim(m, x, linear, steps=8, spacing="linspace"), timesteps.timesteps(1000, 8, "linspace").tolist()),
        "dpm": (lambda m: samplers.dpm_solver_pp(m, x, linear, steps=6), timesteps.dpm_solver_timesteps(1000, 6).tolist()),
        "heun": (lambda m: samplers.probability_flow(m, x, linear, steps=3), [999, 500, 500, 0, 0]),
        "sde": (lambda m: samplers.reverse_sde(m, x, linear, steps=4, spacing="trailing"), [999, 749, 499, 249]),
        "langevin": (lambda m: samplers.annealed_langevin(m, x, linear, steps=2, inner_steps=2, epsilon=1e-5), [999, 999, 0, 0]),
        "edm": (lambda m: samplers.edm(m, x, linear, steps=3), [edm[0], edm[1], edm[1], edm[2], edm[2]]),
    }
    for name, (run, ts) in expected.items():
        calls = []
        run(recording(mixture.eps_model(linear), calls))
        assert all(t.dtype == torch.int64 and t.shape == (5,) and bool((t == t[0]).all()) for t in calls), name
        assert [int(t[0]) for t in calls] == ts, name
        # No [batch] tensor per step: every time argument is a stride-0 view into one table.
        assert len({t.untyped_storage().data_ptr() for t in calls}) == 1 and all(t.stride() == (0,) for t in calls), name
    calls = []
    samplers.flow_euler(recording(lambda x, t: x, calls), x, steps=4)
    assert [t.tolist() for t in calls] == [[v] * 5 for v in (1.0, 0.75, 0.5, 0.25)] and calls[0].dtype == torch.float32


def test_samplers_reject_bad_arguments(linear):
    model, x = (lambda x, t: x), torch.zeros(2, 2)
    with pytest.raises(ValueError, match="eta must lie in"):
        samplers.ddim(model, x, linear, steps=10, eta=1.5)
    with pytest.raises(ValueError, match="method must be 'euler' or 'heun'"):
        samplers.probability_flow(model, x, linear, steps=10, method="rk4")
    with pytest.raises(ValueError, match="steps must be an integer"):
        samplers.ddim(model, x, linear, steps=0)


# ---------------------------------------------------------------- guidance, CUDA graphs


def test_cfg_reduces_to_unconditional_and_conditional():
    def model(x, t, y):  # a different prediction per label, and for the null label 9
        return x * (y[:, None] + 1) + t[:, None]

    x, t, y = torch.randn(4, 2, generator=seeded()), torch.full((4,), 7), torch.tensor([0, 1, 2, 1])
    null = torch.full_like(y, 9)
    torch.testing.assert_close(classifier_free_guidance(model, y, 0.0, 9)(x, t), model(x, t, null))
    torch.testing.assert_close(classifier_free_guidance(model, y, 1.0, 9)(x, t), model(x, t, y))
    cond, uncond = model(x, t, y), model(x, t, null)
    torch.testing.assert_close(classifier_free_guidance(model, y, 3.0, 9)(x, t), uncond + 3 * (cond - uncond))


def test_cfg_samples_the_class(linear, mixture):
    """Classes = halves of the mixture, null = the whole mixture: scale 1 samples only the chosen half."""
    halves = [GaussianMixture(mixture.weights[k] / mixture.weights[k].sum(), mixture.means[k], mixture.stds[k]) for k in (slice(0, 3), slice(3, 6))]

    def model(x, t, y):
        eps = torch.stack([halves[0].eps(x, t, linear), halves[1].eps(x, t, linear), mixture.eps(x, t, linear)])
        return eps.gather(0, y.clamp(max=2)[None, :, None].expand(1, *x.shape))[0]

    x = torch.randn(2000, 2, generator=seeded())
    y = torch.randint(0, 2, (2000,), generator=seeded())
    samples = samplers.ddim(classifier_free_guidance(model, y, 1.0, null_class=2), x, linear, steps=50)
    component = mixture.component_posterior(samples.double()).argmax(1)
    assert ((component >= 3).long() == y).float().mean() > 0.99


def test_cuda_graph_is_a_plain_call_on_cpu(linear, mixture):
    run = lambda x: samplers.ddim(mixture.eps_model(linear), x, linear, steps=5)
    x = torch.randn(8, 2, generator=seeded())
    assert cuda_graph.graphed(run, x) is run
    with pytest.raises(ValueError, match="pass the example input tensors"):
        cuda_graph.graphed(run)
