"""Training loop for the denoisers, written to keep a GPU busy.

Objectives (one function, :func:`loss`):

* ``"eps"`` (and ``"x0"``, ``"v"``): the simplified diffusion loss of Ho et al. 2020, Eq. 14,
  || target - model(x_t, t) ||^2 with t ~ U{0..T-1}, x_t = q_sample(x_0, alphabar_t, eps) and
  the target from ``forward.training_target`` (eps; or x_0, or v of Salimans & Ho 2022).
* ``"flow"``: conditional flow matching (Lipman et al. 2023, Eq. 23) on the linear path of
  flow_matching.py, || (x_1 - x_0) - model(x_t, t) ||^2 with t ~ U(0, 1), x_1 ~ N(0, I).

Speed. The whole data set lives on the training device and every batch is drawn there
(random indices, noise, timesteps, label dropout: no DataLoader, no host-to-device copies). The
loop never reads a value back per step: each step adds its loss to a device tensor, and the host
reads that sum once every ``log_every`` steps. On CUDA, ``cuda_graph=True`` captures the whole
step -- forward, backward and Adam update (fused, ``capturable=True``) -- as one CUDA graph and replays
it, following PyTorch's "whole network capture" recipe (CUDA semantics notes): warm-up steps on
a side stream, gradients set to None before capture so that backward allocates them from the
graph's memory pool, and the random-number generator registered with the graph so that every
replay draws fresh batches. On the CPU the step runs eagerly.

Seeds. All of the loop's random draws come from one ``torch.Generator`` seeded with ``seed``;
the network's initial weights come from whatever seeded it (``torch.manual_seed`` before
building it).

Classifier-free guidance training (Ho & Salimans 2022, Algorithm 1): with ``class_dropout = p``
each label is replaced by the network's null class with probability p.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import torch
from tqdm.auto import tqdm

from .data import LabelledData
from .flow_matching import interpolate, velocity_target
from .forward import PREDICTIONS, alphabar_at, q_sample, training_target
from .schedules import Schedule

__all__ = ["OBJECTIVES", "TrainingRecord", "loss", "make_step", "capture_step", "train"]

Tensor = torch.Tensor
OBJECTIVES = PREDICTIONS + ("flow",)
WARMUP_STEPS = 3  # eager steps before capture (Adam's lazy state, cuBLAS workspaces); they train too


@dataclass
class TrainingRecord:
    """What a run did: ``losses`` holds (step, mean loss over the preceding ``log_every`` steps)."""

    steps: int
    final_loss: float
    seconds: float
    device: str
    cuda_graph: bool
    losses: list[tuple[int, float]] = field(default_factory=list)


def loss(
    model: torch.nn.Module,
    x0: Tensor,
    y: Tensor | None,
    *,
    objective: str,
    schedule: Schedule | None,
    generator: torch.Generator,
) -> Tensor:
    """The mean squared regression loss of ``objective`` on one batch of data ``x0`` (labels ``y``)."""
    shape = (x0.shape[0],) + (1,) * (x0.dim() - 1)
    noise = torch.randn(x0.shape, generator=generator, device=x0.device)
    if objective == "flow":
        t = torch.rand(x0.shape[0], generator=generator, device=x0.device)
        x_t = interpolate(x0, noise, t.reshape(shape))  # Lipman et al. 2023, Eq. 20 (x_1 = noise)
        target = velocity_target(x0, noise)  # Eq. 21-23
    else:
        t = torch.randint(schedule.T, (x0.shape[0],), generator=generator, device=x0.device)
        alphabar = alphabar_at(schedule, t, x0)
        x_t = q_sample(x0, alphabar, noise)  # Ho et al. 2020, Eq. 4
        target = training_target(objective, x0, noise, alphabar)  # Eq. 14 for eps
    prediction = model(x_t, t) if y is None else model(x_t, t, y)
    return torch.mean((prediction - target) ** 2)


def make_step(
    model: torch.nn.Module,
    data: LabelledData,
    loss_sum: Tensor,
    *,
    objective: str,
    schedule: Schedule | None,
    batch_size: int,
    lr: float,
    total_steps: int,
    class_dropout: float,
    generator: torch.Generator,
    capturable: bool = False,
) -> Callable[[], None]:
    """One Adam step on a batch drawn on the device; adds the batch loss to ``loss_sum``.

    The learning rate decays linearly from ``lr`` to 0 over ``total_steps`` steps (the last
    stretch of small steps settles the weights; without it the samples of the 2D models come out
    markedly worse). It is a device tensor updated by the step itself, so a captured graph
    follows it too. On CUDA, Adam is the fused kernel (no host synchronisation, and the same
    kernel eager or captured, so the two differ only by the graph); ``capturable=True`` is needed
    to capture the step (:func:`capture_step`). ``data``, ``schedule`` and ``loss_sum`` must
    already be on the model's device.
    """
    device = loss_sum.device
    lr_now = torch.full((), lr, device=device)
    steps_done = torch.zeros((), device=device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr_now, fused=device.type == "cuda", capturable=capturable)
    n = data.x.shape[0]
    null_class = getattr(model, "null_class", None)

    def step() -> None:
        lr_now.copy_(lr * (1 - steps_done / total_steps))
        optimizer.zero_grad(set_to_none=True)
        index = torch.randint(n, (batch_size,), generator=generator, device=device)
        y = None
        if data.y is not None and null_class is not None:
            y = data.y[index]
            if class_dropout > 0:
                drop = torch.rand(batch_size, generator=generator, device=device) < class_dropout
                y = torch.where(drop, null_class, y)  # Ho & Salimans 2022, Algorithm 1, line 3
        batch_loss = loss(model, data.x[index], y, objective=objective, schedule=schedule, generator=generator)
        batch_loss.backward()
        optimizer.step()
        steps_done.add_(1)
        loss_sum.add_(batch_loss.detach())

    return step


def capture_step(step: Callable[[], None], generator: torch.Generator) -> Callable[[], None]:
    """``step`` as one CUDA graph: runs WARMUP_STEPS eager steps, captures one, returns its replay.

    Written out here rather than with cuda_graph.graphed: a training step has no inputs to copy
    in and its state (parameters, gradients, Adam moments) must stay in place between replays.
    ``step`` must come from make_step(..., capturable=True).
    """
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(WARMUP_STEPS):
            step()
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    graph.register_generator_state(generator)
    with torch.cuda.graph(graph):
        step()  # recorded, not run; zero_grad(set_to_none=True) inside lets backward allocate grads in the graph pool
    return graph.replay


def train(
    model: torch.nn.Module,
    data: LabelledData,
    *,
    objective: str = "eps",
    schedule: Schedule | None = None,
    steps: int,
    batch_size: int = 1024,
    lr: float = 1e-3,
    seed: int = 0,
    class_dropout: float = 0.0,
    log_every: int = 100,
    cuda_graph: bool = False,
    progress: bool = True,
) -> tuple[torch.nn.Module, TrainingRecord]:
    """Train ``model`` (in place, on its own device) for ``steps`` Adam steps, the learning rate
    decaying linearly from ``lr`` to 0; returns the model (in eval mode) and a record.

    ``schedule`` is required for the diffusion objectives and unused for ``"flow"``. With
    ``class_dropout`` > 0 the data must have labels and the model a ``null_class``.
    ``cuda_graph=True`` needs a model on CUDA (and at least WARMUP_STEPS + 1 steps).
    """
    if objective not in OBJECTIVES:
        raise ValueError(f"train: unknown objective {objective!r}; choose one of {', '.join(OBJECTIVES)}")
    if objective != "flow" and schedule is None:
        raise ValueError(f"train: objective {objective!r} needs a schedule")
    if class_dropout and (data.y is None or getattr(model, "null_class", None) is None):
        raise ValueError("train: class_dropout needs labelled data and a model built with num_classes")
    device = next(model.parameters()).device
    if cuda_graph and (device.type != "cuda" or steps <= WARMUP_STEPS):
        raise ValueError(f"train: cuda_graph=True needs a CUDA model and more than {WARMUP_STEPS} steps")
    if steps < 1 or log_every < 1:
        raise ValueError(f"train: steps and log_every must be positive, got {steps} and {log_every}")

    start = time.perf_counter()
    model.train()
    generator = torch.Generator(device).manual_seed(seed)
    loss_sum = torch.zeros((), device=device)
    step = make_step(
        model,
        data.to(device),
        loss_sum,
        objective=objective,
        schedule=None if schedule is None else schedule.to(device),
        batch_size=batch_size,
        lr=lr,
        total_steps=steps,
        class_dropout=class_dropout,
        generator=generator,
        capturable=cuda_graph,
    )
    done = 0
    if cuda_graph:
        step = capture_step(step, generator)
        done = WARMUP_STEPS
    losses: list[tuple[int, float]] = []
    last_logged = 0
    with tqdm(total=steps, initial=done, desc=f"training ({objective})", disable=not progress, leave=False) as bar:
        while done < steps:
            step()
            done += 1
            bar.update(1)
            if done % log_every == 0 or done == steps:
                mean = loss_sum.item() / (done - last_logged)  # the one host sync per log_every steps
                loss_sum.zero_()
                losses.append((done, mean))
                last_logged = done
                bar.set_postfix(loss=f"{mean:.4f}")
    model.eval()
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    record = TrainingRecord(steps, losses[-1][1], time.perf_counter() - start, str(device), cuda_graph, losses)
    return model, record


def train_classifier(
    model: torch.nn.Module, data: LabelledData, schedule: Schedule, *, steps: int, batch_size: int = 512, lr: float = 1e-3, seed: int = 0
) -> list[float]:
    """Fit ``model(x_t, t)`` -> logits to p_t(y | x_t) (Dhariwal & Nichol 2021, Sec. 4): cross-entropy on
    labelled data noised by q(x_t | x_0) at uniform timesteps. Adam on the model's device; returns each step's loss."""
    device = next(model.parameters()).device
    data, schedule = data.to(device), schedule.to(device)
    generator = torch.Generator(device).manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    model.train()
    for _ in range(steps):
        index = torch.randint(0, data.x.shape[0], (batch_size,), generator=generator, device=device)
        t = torch.randint(0, schedule.T, (batch_size,), generator=generator, device=device)
        eps = torch.randn(batch_size, *data.x.shape[1:], generator=generator, device=device)
        x_t = q_sample(data.x[index], alphabar_at(schedule, t, data.x[index]), eps)
        loss = torch.nn.functional.cross_entropy(model(x_t, t), data.y[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    model.eval()
    return losses
