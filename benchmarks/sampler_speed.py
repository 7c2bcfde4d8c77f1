"""Speed of the sampling loops and of a training step, measured side by side in one process.

    python benchmarks/sampler_speed.py            # the full configuration (meant for a GPU)
    python benchmarks/sampler_speed.py --quick    # a CPU-sized run: batch 1024, fewer repeats

On one model -- MLPDenoiser(width=256), the same weights and the same starting noise for every
variant -- it times, for DDIM-50 and DDPM-1000 (linear schedule, T = 1000) at each batch size:

* diffusers: the scheduler loop of diffusers' pipelines,
  ``for t in scheduler.timesteps: x = scheduler.step(model(x, t), t, x).prev_sample``;
* ours: ``reference_impl.samplers.ddim`` / ``ddpm``, eagerly;
* ours, graph: the same call captured as one CUDA graph (``cuda_graph.graphed``) and replayed;
* floor: the model's forward passes alone (50 or 1000 chained calls ``x = model(x, t_i)`` on
  precomputed timestep tensors), captured as one CUDA graph: what any sampler must at least
  spend. On the CPU there are no graphs: the floor runs eagerly and the graph column is empty.

and one training step (``reference_impl.training``: batch drawn on the device, eps-loss,
backward, Adam) at batch 4096, eager against the whole step captured as one CUDA graph.

Timing: every variant runs once as warm-up; then the variants take turns, ``--repeats`` rounds,
so a change in machine load touches all of them alike; the order rotates from round to round,
so that no variant always runs after the same one. On a GPU each
run is timed with CUDA events on the current stream, on the CPU with ``time.perf_counter``.
On the CPU the process keeps the memory it frees (glibc's ``mallopt``, :func:`keep_freed_memory`):
by default glibc hands the freed 4 MB activations back to the system and the next step faults
them in again, between 2,000 and 14,000 page faults a step depending on the heap's state, which
moved whole runs by up to 10% (2026-11-30) -- more than the loops differ.
Every cell gives the median over the rounds and, in brackets, their range; a ratio is taken
round by round (the pair ran back to back) and summarised alike. The ratios are what to quote (absolute times depend on the machine). Before timing, the script
checks that our samplers and diffusers' produce the same samples: column "rel. diff" is
||ours - diffusers|| / ||diffusers|| over the whole batch (float32 rounding only; see
tests/reference_impl/test_diffusers_agreement.py).

Progress goes to stderr; the Markdown table goes to stdout.
"""

from __future__ import annotations

import argparse
import ctypes
import datetime
import statistics
import sys
import time
from typing import Callable

import torch
from diffusers import DDIMScheduler, DDPMScheduler

from reference_impl import cuda_graph, data, samplers, schedules, training
from reference_impl.networks import MLPDenoiser

Tensor = torch.Tensor
WIDTH = 256
TRAIN_BATCH = 4096
TRAIN_STEPS_PER_RUN = 20


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def time_once(fn: Callable[[], object], device: torch.device) -> float:
    """Seconds one call of ``fn`` takes, its GPU work included."""
    if device.type == "cuda":
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        return start.elapsed_time(end) / 1000
    begin = time.perf_counter()
    fn()
    return time.perf_counter() - begin


def rounds(variants: dict[str, Callable[[], object]], device: torch.device, repeats: int) -> dict[str, list[float]]:
    """Seconds of every round per variant: one warm-up call each, then ``repeats`` rounds taking
    turns, the order rotated by one each round."""
    for fn in variants.values():
        fn()
    names = list(variants)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(repeats):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(time_once(variants[name], device))
    return times


def keep_freed_memory() -> bool:
    """Ask glibc to keep freed memory in the process instead of returning it to the system
    (``mallopt``: no trimming of the heap, no separate mappings below 32 MB). False where the
    C library is not glibc; the timings then include the page faults."""
    libc = ctypes.CDLL(None)
    if not hasattr(libc, "mallopt"):
        return False
    M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's <malloc.h>
    return bool(libc.mallopt(M_TRIM_THRESHOLD, 2**31 - 1)) and bool(libc.mallopt(M_MMAP_THRESHOLD, 32 * 2**20))


def diffusers_loop(scheduler, model, x_T: Tensor, generator: torch.Generator | None) -> Tensor:
    """The denoising loop of diffusers' pipelines (scheduler.step on each of scheduler.timesteps)."""
    x = x_T
    for t in scheduler.timesteps:
        x = scheduler.step(model(x, t), t, x, generator=generator).prev_sample
    return x


def sampler_cases(model, schedule, device: torch.device, batch: int, repeats: int) -> list[dict]:
    """Time diffusers / ours / ours captured / floor for DDIM-50 and DDPM-1000 at one batch size."""
    x_T = torch.randn(batch, 2, generator=torch.Generator(device).manual_seed(0), device=device)
    common = {"num_train_timesteps": schedule.T, "beta_schedule": "linear", "clip_sample": False}
    ddim_scheduler = DDIMScheduler(**common, set_alpha_to_one=True, steps_offset=0, timestep_spacing="leading")
    ddim_scheduler.set_timesteps(50, device=device)
    ddpm_scheduler = DDPMScheduler(**common, variance_type="fixed_small")
    ddpm_scheduler.set_timesteps(schedule.T, device=device)
    cases = [
        ("DDIM-50", ddim_scheduler, lambda x, g: samplers.SAMPLERS["ddim"].run(model, x, schedule, steps=50)),
        ("DDPM-1000", ddpm_scheduler, lambda x, g: samplers.SAMPLERS["ddpm"].run(model, x, schedule, steps=schedule.T, generator=g)),
    ]
    rows = []
    for name, scheduler, ours in cases:
        log(f"{name}, batch {batch}")
        generator = torch.Generator(device)
        timestep_tensors = [torch.full((batch,), int(t), device=device) for t in scheduler.timesteps]

        def forward_passes(x: Tensor) -> Tensor:
            for t in timestep_tensors:
                x = model(x, t)
            return x

        # Same noise on both sides: a generator seeded alike draws the same per-step noise (samplers.py).
        theirs = diffusers_loop(scheduler, model, x_T, generator.manual_seed(1))
        mine = ours(x_T, generator.manual_seed(1))
        variants = {
            "diffusers": lambda: diffusers_loop(scheduler, model, x_T, generator),
            "ours": lambda: ours(x_T, generator),
        }
        if device.type == "cuda":
            captured = cuda_graph.graphed(lambda x: ours(x, generator), x_T, generator=generator)
            variants["ours, graph"] = lambda: captured(x_T)
        floor = cuda_graph.graphed(forward_passes, x_T)  # forward_passes itself on the CPU
        variants["floor"] = lambda: floor(x_T)
        seconds = rounds(variants, device, repeats)
        rows.append({"sampler": name, "batch": batch, "diff": ((mine - theirs).norm() / theirs.norm()).item(), **seconds})
    return rows


def training_case(device: torch.device, repeats: int) -> dict:
    """Median seconds per training step at batch TRAIN_BATCH, eager and (on CUDA) captured."""
    log(f"training step, batch {TRAIN_BATCH}")
    points = data.gaussian_mixture(100_000, torch.Generator(device).manual_seed(0))
    schedule = schedules.make("linear").to(device)
    total = (repeats + 1) * TRAIN_STEPS_PER_RUN + training.WARMUP_STEPS

    def build(capture: bool) -> Callable[[], None]:
        torch.manual_seed(0)
        model = MLPDenoiser(width=WIDTH).to(device)
        generator = torch.Generator(device).manual_seed(0)
        step = training.make_step(
            model,
            points,
            torch.zeros((), device=device),
            objective="eps",
            schedule=schedule,
            batch_size=TRAIN_BATCH,
            lr=1e-3,
            total_steps=total,
            class_dropout=0.0,
            generator=generator,
            capturable=capture,
        )
        step = training.capture_step(step, generator) if capture else step

        def run() -> None:
            for _ in range(TRAIN_STEPS_PER_RUN):
                step()

        return run

    variants = {"eager": build(False)}
    if device.type == "cuda":
        variants["graph"] = build(True)
    seconds = rounds(variants, device, repeats)
    return {name: [value / TRAIN_STEPS_PER_RUN for value in values] for name, values in seconds.items()}


def ms(seconds: list[float] | None) -> str:
    """The median of the rounds and, in brackets, their range, in milliseconds."""
    if seconds is None:
        return "--"
    return f"{statistics.median(seconds) * 1000:.3g} [{min(seconds) * 1000:.3g}, {max(seconds) * 1000:.3g}]"


def ratio(a: list[float] | None, b: list[float] | None) -> str:
    """The median of the per-round ratios a_i / b_i (rounds interleave, so each pair saw the same load) and their range."""
    if a is None or b is None:
        return "--"
    ratios = [x / y for x, y in zip(a, b)]
    return f"{statistics.median(ratios):.2f}x [{min(ratios):.2f}, {max(ratios):.2f}]"


def markdown(rows: list[dict], train: dict, device: torch.device, args) -> str:
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else f"CPU, {torch.get_num_threads()} threads"
    lines = [
        f"Device: {name}; torch {torch.__version__}; {datetime.date.today().isoformat()}; "
        f"MLPDenoiser(width={WIDTH}); {args.repeats} interleaved rounds: median [min, max]; times in ms.",
        "",
        "| sampler | batch | diffusers | ours | ours, graph | floor | diffusers / ours | diffusers / ours, graph "
        "| ours / floor | ours, graph / floor | rel. diff |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        graph = r.get("ours, graph")
        lines.append(
            f"| {r['sampler']} | {r['batch']} | {ms(r['diffusers'])} | {ms(r['ours'])} | {ms(graph)} | {ms(r['floor'])} "
            f"| {ratio(r['diffusers'], r['ours'])} | {ratio(r['diffusers'], graph)} | {ratio(r['ours'], r['floor'])} "
            f"| {ratio(graph, r['floor'])} | {r['diff']:.1e} |"
        )
    lines += [
        "",
        "| training step | batch | eager | graph | eager / graph |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| eps-loss + backward + Adam | {TRAIN_BATCH} | {ms(train['eager'])} | {ms(train.get('graph'))} "
        f"| {ratio(train['eager'], train.get('graph'))} |",
    ]
    if device.type != "cuda":
        lines += ["", "No CUDA device: the graph columns are empty and the floor runs eagerly (nothing to capture on a CPU). "
                  + ("Freed memory stayed in the process (glibc mallopt)." if args.kept_freed_memory
                     else "Freed memory went back to the system (not glibc): page faults are in the times.")]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="CPU-sized run: batch 1024 and 3 repeats")
    parser.add_argument("--batch-sizes", type=int, nargs="+", help="sampling batch sizes (default 4096 65536; quick: 1024)")
    parser.add_argument("--repeats", type=int, help="timed rounds per variant (default 10; quick: 3)")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, help="CPU threads for torch (default: torch's choice)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    args.batch_sizes = args.batch_sizes or ([1024] if args.quick else [4096, 65536])
    args.repeats = args.repeats or (3 if args.quick else 10)
    device = torch.device(args.device)
    args.kept_freed_memory = device.type == "cpu" and keep_freed_memory()

    torch.manual_seed(0)
    model = MLPDenoiser(width=WIDTH).to(device).eval()
    schedule = schedules.make("linear")
    rows = []
    with torch.no_grad():
        for batch in args.batch_sizes:
            rows += sampler_cases(model, schedule, device, batch, args.repeats)
    train = training_case(device, args.repeats)
    print(markdown(rows, train, device, args))


if __name__ == "__main__":
    main()
