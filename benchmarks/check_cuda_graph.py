"""GPU check, run before the speed benchmark: a sampling loop captured as one CUDA graph
computes what the eager loop computes, and draws fresh noise on every replay.

Needs a CUDA device (the test suite runs on machines without one):
    python benchmarks/check_cuda_graph.py
"""

import math

import torch

from reference_impl import cuda_graph, samplers, schedules
from reference_impl.gaussian_mixture import GaussianMixture


def main() -> None:
    angles = torch.arange(6, dtype=torch.float64) * 2 * math.pi / 6
    means = 1.5 * torch.stack([angles.cos(), angles.sin()], dim=1)
    gm = GaussianMixture(torch.full((6,), 1 / 6), means, torch.full((6,), 0.2)).to("cuda")
    s = schedules.make("linear").to("cuda")
    x = torch.randn(1024, 2, device="cuda")

    generator = torch.Generator("cuda").manual_seed(0)
    stochastic = lambda x: samplers.ddim(gm.eps_model(s), x, s, steps=20, eta=1.0, generator=generator)
    replay = cuda_graph.graphed(stochastic, x, generator=generator)
    first, second = replay(x).clone(), replay(x).clone()
    assert not torch.equal(first, second), "a replay reused the previous replay's noise"

    deterministic = lambda x: samplers.ddim(gm.eps_model(s), x, s, steps=20)
    torch.testing.assert_close(cuda_graph.graphed(deterministic, x)(x), deterministic(x))
    print("CUDA graph replay matches the eager loop, with fresh noise per replay")


if __name__ == "__main__":
    main()
