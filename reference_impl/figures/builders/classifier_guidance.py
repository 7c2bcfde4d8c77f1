"""classifier-guidance: classifier guidance towards one class of a 2-D mixture, with the exact and a trained noisy classifier."""

from __future__ import annotations

import torch

from reference_impl import data, networks, samplers, schedules, training
from reference_impl.figures import plotting, toy2d
from reference_impl.gaussian_mixture import GaussianMixture
from reference_impl.guidance import classifier_gradient, gradient_guidance


def _share_in_class(x: torch.Tensor, ring: GaussianMixture, k: int) -> float:
    return (ring.component_posterior(x.double()).argmax(1) == k).double().mean().item()


def build(config: dict, *, device: torch.device, seed: int):
    n, steps = config["samples"], config["steps"]
    numbers: dict[str, float] = {"samples": n}
    panels = {}
    # Classifier guidance with the exact noisy-class posterior: grad log p_t(k | x) = score of component k minus score of all.
    ring, k, schedule = toy2d.mixture(config["classes"]), config["class"], schedules.make(config["schedule"])
    component = GaussianMixture(torch.ones(1), ring.means[k : k + 1], ring.stds[k : k + 1])
    x_T = torch.randn(n, 2, generator=toy2d.generator(device, seed), device=device)
    gradient = lambda x, t: component.to(device).score(x, t, schedule) - ring.to(device).score(x, t, schedule)
    # ... and with a small classifier of x_t trained on noised labelled draws (Dhariwal & Nichol 2021, Sec. 4).
    spec = config["classifier"]
    torch.manual_seed(spec["seed"])
    classifier = networks.NoisyClassifier(ring.weights.numel(), width=spec["width"], depth=spec["depth"]).to(device)
    labelled = data.gaussian_mixture(spec["points"], toy2d.generator(device, spec["seed"]), ring)
    losses = training.train_classifier(classifier, labelled, schedule, steps=spec["steps"], batch_size=spec["batch_size"], lr=spec["lr"], seed=spec["seed"])
    numbers["trained classifier: final cross-entropy (mean of last 10%)"] = sum(losses[-len(losses) // 10 :]) / len(losses[-len(losses) // 10 :])
    trained = classifier_gradient(classifier, torch.full((n,), k, device=device))
    for name, grad in (("exact", gradient), ("trained", trained)):
        for scale in config["scales"]:
            x_0 = samplers.ddim(gradient_guidance(ring.to(device).eps_model(schedule), grad, float(scale), schedule), x_T, schedule, steps=steps).cpu()
            share = _share_in_class(x_0, ring, k)
            numbers[f"classifier guidance, {name} classifier, scale {scale}: share in the class"] = share
            panels[f"{name} classifier, s = {scale}\n{share:.1%} in the class"] = (x_0, ring.sample(n, toy2d.generator("cpu", seed)))
    limit = plotting.square_limit(*(x for x, _ in panels.values()))
    figure, axes = plotting.new_figure(2.4 * len(panels), 2.9, 1, len(panels))
    for ax, (title, (x, background)) in zip(axes, panels.items()):
        plotting.scatter_2d(ax, background, limit=limit, color="0.8")
        plotting.scatter_2d(ax, x, limit=limit, title=title)
    return figure, numbers
