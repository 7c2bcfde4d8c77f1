"""Sample quality of every sampler on learned 2D models, next to the closed-form model.

    python benchmarks/sample_quality.py            # n = 10000 samples, 3000 training steps per model
    python benchmarks/sample_quality.py --quick    # n = 2000, 1000 training steps (a few CPU minutes)

For each 2D data set of ``reference_impl.data`` (the ring of eight Gaussians, two moons, the
swiss roll) it trains two MLPDenoisers (width 256, seeded): an eps-model on the linear schedule
(T = 1000) and a flow-matching velocity model. Every sampler then turns the same starting noise
into n samples, and the table gives the sliced Wasserstein distance SW_2 (``metrics``, 256 fixed
directions) between them and n fresh draws of the data. The "ring, closed form" column drives the
same samplers with the ring mixture's exact eps-predictor and exact velocity
(``GaussianMixture.eps`` / ``.velocity``): there the only errors are the sampler's own, so the
gap between that column and the learned mixture is the network's share. The first row is the
noise floor: SW_2 between two independent data draws of size n (mean of four pairs), what a
perfect sampler would score.

NFE is the number of network evaluations (the registry's ``evaluations``): the Heun samplers use two per step
except the last.
Progress goes to stderr; the Markdown tables go to stdout.
"""

from __future__ import annotations

import argparse
import datetime
import sys

import torch

from reference_impl import data, metrics, samplers, schedules, training
from reference_impl.networks import MLPDenoiser

DATASETS = ("gaussian_mixture", "two_moons", "swiss_roll")
TITLES = {"gaussian_mixture": "ring, learned", "two_moons": "two moons, learned", "swiss_roll": "swiss roll, learned"}
WIDTH = 256

# (registry name, steps): every sampler of reference_impl.samplers.SAMPLERS at a few step counts.
RUNS = (
    [("ddpm", 1000)]
    + [("ddim", n) for n in (10, 20, 50, 100)]
    + [("dpm_solver_pp", n) for n in (10, 20)]
    + [("pf_ode_heun", n) for n in (10, 20, 50)]
    + [("edm", n) for n in (10, 20, 50)]
    + [("flow_euler", n) for n in (10, 20, 50, 100)]
)
KIND = {"eps": "eps", "velocity": "flow"}  # what a sampler's model predicts -> which trained model it gets


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def seeded(device: torch.device | str, seed: int) -> torch.Generator:
    return torch.Generator(device).manual_seed(seed)


def distance(samples: torch.Tensor, reference: torch.Tensor) -> float:
    return metrics.sliced_wasserstein(samples.cpu(), reference, generator=seeded("cpu", 99))


def train_models(name: str, device: torch.device, args) -> tuple[dict, list[dict]]:
    """{"eps": eps-model, "flow": velocity model} trained on data set ``name``, and their training records."""
    points = data.TOY_2D[name](100_000, seeded(device, 0))
    models, records = {}, []
    for objective in ("eps", "flow"):
        log(f"training {objective} model on {name}")
        torch.manual_seed(0)
        model = MLPDenoiser(width=WIDTH, time_scale=1000.0 if objective == "flow" else 1.0).to(device)
        model, record = training.train(
            model,
            points,
            objective=objective,
            schedule=schedules.make("linear") if objective == "eps" else None,
            steps=args.steps,
            batch_size=args.batch_size,
            lr=args.lr,
            cuda_graph=device.type == "cuda",
        )
        models[objective] = model
        records.append({"data": name, "objective": objective, "record": record})
    return models, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="n = 2000 samples and 1000 training steps per model")
    parser.add_argument("--samples", type=int, help="n, samples per sampler and data draw (default 10000; quick: 2000)")
    parser.add_argument("--steps", type=int, help="training steps per model (default 3000; quick: 1000)")
    parser.add_argument("--batch-size", type=int, default=1024)
    parser.add_argument("--lr", type=float, default=2e-3, help="peak learning rate (decays linearly to 0)")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, help="CPU threads for torch (default: torch's choice)")
    args = parser.parse_args()
    args.samples = args.samples or (2000 if args.quick else 10_000)
    args.steps = args.steps or (1000 if args.quick else 3000)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    schedule = schedules.make("linear")
    n = args.samples

    x_T = torch.randn(n, 2, generator=seeded(device, 1), device=device)
    ring = data.ring_mixture().to(device)
    exact = {"eps": ring.eps_model(schedule), "flow": ring.velocity_model()}
    columns = {"ring, closed form": ("gaussian_mixture", exact)}
    all_records = []
    for name in DATASETS:
        models, records = train_models(name, device, args)
        columns[TITLES[name]] = (name, models)
        all_records += records

    references = {name: data.TOY_2D[name](n, seeded("cpu", 2)).x for name in DATASETS}
    floors = {
        name: sum(distance(data.TOY_2D[name](n, seeded("cpu", 10 + i)).x, references[name]) for i in range(4)) / 4
        for name in DATASETS
    }
    rows = []
    with torch.no_grad():
        for name, steps in RUNS:
            sampler = samplers.SAMPLERS[name]
            log(f"sampling: {sampler.label} {steps}")
            distances = [
                distance(sampler.run(models[KIND[sampler.predicts]], x_T, schedule, steps=steps, generator=seeded(device, 3)), references[data_name])
                for data_name, models in columns.values()
            ]
            rows.append(f"| {sampler.label} | {steps} | {sampler.evaluations(steps)} | " + " | ".join(f"{d:.4f}" for d in distances) + " |")

    device_name = torch.cuda.get_device_name(device) if device.type == "cuda" else f"CPU, {torch.get_num_threads()} threads"
    header = list(columns)
    lines = [
        f"Device: {device_name}; torch {torch.__version__}; {datetime.date.today().isoformat()}; n = {n}; "
        f"MLPDenoiser(width={WIDTH}), {args.steps} steps at batch {args.batch_size}, peak lr {args.lr}. "
        "Sliced Wasserstein distance SW_2 to fresh data draws (lower is better).",
        "",
        "| sampler | steps | NFE | " + " | ".join(header) + " |",
        "| --- | ---: | ---: |" + " ---: |" * len(header),
        "| noise floor (data vs data) | | | "
        + " | ".join(f"{floors[name]:.4f}" for name, _ in columns.values())
        + " |",
        *rows,
    ]
    lines += ["", "| model | objective | final loss | training seconds |", "| --- | --- | ---: | ---: |"]
    for r in all_records:
        lines.append(f"| {r['data']} | {r['objective']} | {r['record'].final_loss:.4f} | {r['record'].seconds:.1f} |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
