"""masked-diffusion: a toy language sampled by masked diffusion, exact and learned denoiser, three unmasking orders."""

from __future__ import annotations

import torch

from reference_impl.discrete import markov, network, sampler
from reference_impl.figures import plotting

LABELS = {"random": "random (ancestral)", "left-to-right": "left to right", "confident": "most confident first"}
STYLES = {"random": "-o", "left-to-right": "-o", "confident": "--s"}  # dashed over solid: the two can coincide


def _distance(language: markov.MarkovLanguage, model, n: int, steps: int, order: str, seed: int, schedule_name: str = "linear") -> tuple[float, torch.Tensor]:
    x = sampler.sample(model, (n, language.L), mask_id=language.mask_id, steps=steps, order=order, schedule_name=schedule_name, generator=torch.Generator().manual_seed(seed))
    return markov.total_variation(language.distribution(x), language.probabilities), x


def _sentence(language: markov.MarkovLanguage, x: torch.Tensor) -> str:
    return " ".join(language.words[i] for i in x.tolist())


def build(config: dict, *, device: torch.device, seed: int):
    spec, n, step_list = config["language"], config["samples"], config["steps"]
    language = markov.MarkovLanguage(spec["words"], torch.tensor(spec["initial"]), torch.tensor(spec["transition"]), spec["length"])
    torch.manual_seed(config["model"]["seed"])
    net = network.MaskedDenoiser(language.K, language.L, config["model"]["width"], config["model"]["depth"])
    losses = network.train(net, language.sample, steps=config["model"]["steps"], batch_size=config["model"]["batch_size"],
                           lr=config["model"]["lr"], seed=config["model"]["seed"])  # fmt: skip
    learned = torch.no_grad()(net.eval())
    g = torch.Generator().manual_seed(seed)
    floors = torch.tensor([markov.total_variation(language.distribution(language.sample(n, g)), language.probabilities) for _ in range(4)])
    product = markov.total_variation(language.product_of_marginals(), language.probabilities)
    numbers = {
        "noise floor: TV of exact samples (mean of 4)": floors.mean().item(),
        "product of marginals: TV": product,
        "entropy of the language (nats per sentence)": language.entropy(),
        "learned model: final training loss, mean of last 10% (nats per sentence)": sum(losses[-len(losses) // 10 :]) / len(losses[-len(losses) // 10 :]),
        "samples": n,
    }
    figure, axes = plotting.new_mosaic(12, 3.6, [["steps", "orders", "text"]], width_ratios=[1, 1, 1.25])
    for ax in (axes["steps"], axes["orders"]):
        plotting.noise_floor_band(ax, floors.mean().item(), floors.std().item())
        ax.axhline(product, color="0.4", lw=0.8, ls=":", label="product of marginals")
    shown = {}
    for color, (name, model) in zip(plotting.COLORS, (("exact", language.denoiser), ("learned", learned))):
        distances = []
        for steps in step_list:
            distance, x = _distance(language, model, n, steps, "random", seed + steps)
            distances.append(distance)
            numbers[f"{name} denoiser, random order, {steps} steps: TV"] = distance
            if name == "learned" and steps in (1, step_list[-1]):
                shown[steps] = x[:5]
        axes["steps"].plot(step_list, distances, "-o" if name == "learned" else "--", color=color, ms=3.5, label=f"{name} denoiser")
    for color, order in zip(plotting.COLORS[2:], sampler.ORDERS):
        distances = [_distance(language, language.denoiser, n, steps, order, seed + 100 + steps)[0] for steps in step_list]
        numbers.update({f"exact denoiser, {order}, {steps} steps: TV": d for steps, d in zip(step_list, distances)})
        axes["orders"].plot(step_list, distances, STYLES[order], color=color, ms=3.5, lw=2.5 if order == "left-to-right" else 1.2, label=LABELS[order])
    # The same left-to-right order on the cosine masking schedule: steps = L no longer decodes one token per step.
    distances = [_distance(language, language.denoiser, n, steps, "left-to-right", seed + 200 + steps, "cosine")[0] for steps in step_list]
    numbers.update({f"exact denoiser, left-to-right, cosine schedule, {steps} steps: TV": d for steps, d in zip(step_list, distances)})
    numbers[f"cosine schedule, {language.L} steps: most tokens decoded in one step"] = max(sampler.tokens_per_step(language.L, language.L, "cosine"))
    axes["orders"].plot(step_list, distances, ":^", color=plotting.COLORS[5], ms=3.5, lw=1.2, label="left to right, cosine schedule")
    for ax, title in ((axes["steps"], "exact and learned denoiser"), (axes["orders"], "unmasking order (exact denoiser)")):
        ax.set(xscale="log", yscale="log", xlabel="steps (model calls)", ylabel="total variation to the language", title=title)
        plotting.log_ticks(ax, x=step_list, y=[0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1])
        ax.legend(frameon=False, fontsize=7)
    text = axes["text"]
    text.axis("off")
    lines = ["sentences of the language:"] + [_sentence(language, x) for x in language.sample(5, g)]
    for steps, x in sorted(shown.items(), reverse=True):
        lines += ["", f"learned model, {steps} step{'s' if steps > 1 else ''}:"] + [_sentence(language, row) for row in x]
    text.text(0, 1, "\n".join(lines), va="top", family="monospace", fontsize=7.5, transform=text.transAxes)
    return figure, numbers
