"""A compact diffusion library to read next to the papers, verified against closed-form denoisers.

Modules (import the one you need; importing this package itself loads nothing, not even torch):

    schedules         noise schedules: make("linear" | "cosine", T) -> Schedule
    timesteps         leading / trailing / linspace timestep spacings (diffusers conventions)
    forward           q(x_t | x_0), eps / x_0 / v conversions, training targets
    flow_matching     the linear interpolation path and its velocity target
    samplers          ddpm, ddim, dpm_solver_pp, probability_flow, edm, reverse_sde,
                      annealed_langevin, flow_euler; SAMPLERS, the registry of them
    guidance          classifier-free guidance; gradient guidance: classifier guidance, DPS
    discrete          masked (absorbing-state) diffusion for token sequences (a subpackage)
    consistency       consistency distillation of the PF-ODE and multistep consistency sampling
    gaussian_mixture  a mixture of Gaussians with its exact eps-predictor, score and velocity,
                      and its exact posterior given a noisy coordinate (observe)
    metrics           sliced Wasserstein distance
    cuda_graph        capture a sampling loop as one CUDA graph

Calling convention: ``model(x, t)`` returns the noise prediction, ``t`` an int64 tensor of
shape [batch] with timesteps in 0..T-1 (see samplers.py).
"""
