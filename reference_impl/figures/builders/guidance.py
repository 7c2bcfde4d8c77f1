"""guidance: classifier-free guidance at scales 0, 1, 3, 7 on a class-conditional 2-D model."""

from __future__ import annotations

import torch

from reference_impl import data, samplers
from reference_impl.figures import plotting, toy2d
from reference_impl.guidance import classifier_free_guidance


def _fidelity(x: torch.Tensor, y: torch.Tensor, ring) -> float:
    """Share of points whose most likely mixture component is their class."""
    return (ring.component_posterior(x.double()).argmax(dim=1) == y).double().mean().item()


def _spread(x: torch.Tensor, y: torch.Tensor, classes: int) -> float:
    """Per-coordinate standard deviation of each class's points around their mean, averaged over classes."""
    x = x.double()
    return sum(x[y == k].var(dim=0).mean().sqrt().item() for k in range(classes)) / classes


def build(config: dict, *, device: torch.device, seed: int):
    model = toy2d.trained(config["model"], device)
    ring, classes = model.mixture, model.mixture.weights.numel()
    per_class = config["samples_per_class"]
    y = torch.arange(classes, device=device).repeat_interleave(per_class)
    x_T = torch.randn(y.shape[0], 2, generator=toy2d.generator(device, seed), device=device)
    reference = data.gaussian_mixture(y.shape[0], toy2d.generator("cpu", seed + 1), ring)
    numbers = {
        "data: fidelity (share nearest to own class)": _fidelity(reference.x, reference.y, ring),
        "data: spread (within-class std)": _spread(reference.x, reference.y, classes),
    }
    scales = config["scales"]
    panels = {}
    for scale in scales:
        guided = classifier_free_guidance(model, y, float(scale), model.network.null_class)  # Ho & Salimans 2022, Eq. 6
        x_0 = samplers.ddim(guided, x_T, model.schedule, steps=config["steps"]).cpu()
        fidelity, spread = _fidelity(x_0, y.cpu(), ring), _spread(x_0, y.cpu(), classes)
        numbers[f"s = {scale}: fidelity (share nearest to own class)"] = fidelity
        numbers[f"s = {scale}: spread (within-class std)"] = spread
        panels[f"guidance scale s = {scale}\nfidelity {fidelity:.1%}, spread {spread:.2f}"] = (x_0, y.cpu())
    panels[f"data\nfidelity {numbers['data: fidelity (share nearest to own class)']:.1%}, "
           f"spread {numbers['data: spread (within-class std)']:.2f}"] = (reference.x, reference.y)  # fmt: skip
    limit = plotting.square_limit(*(x for x, _ in panels.values()))
    figure, axes = plotting.new_figure(12, 2.9, 1, len(panels))
    for ax, (title, (x, labels)) in zip(axes, panels.items()):
        colors = [plotting.COLORS[k % len(plotting.COLORS)] for k in labels.tolist()]
        plotting.scatter_2d(ax, x, limit=limit, color=colors, s=2, alpha=0.6, title=title)
    return figure, numbers
