"""Run a whole function of fixed-shape tensors -- a sampling loop, a training step -- as one CUDA graph.

A sampling loop of N steps launches N x (model + a few elementwise) kernels; for small models
the GPU waits on Python and on launch overhead. ``torch.cuda.CUDAGraph`` records the kernels of
one call and replays them with a single launch. This works because the samplers keep their
coefficients as Python numbers fixed before the loop and never read tensor values back to the
host (see samplers.py). Replay reuses the recorded memory: inputs are copied into the tensors
captured with, and the output is that recorded tensor, cloned so a later replay does not
overwrite what the caller holds. Random numbers drawn inside the function come out fresh on
every replay: the default CUDA generator is graph-safe, and an explicit ``torch.Generator`` is
registered with the graph when passed as ``generator``.

On the CPU there is nothing to capture and the function is returned unchanged.
"""

from __future__ import annotations

from typing import Callable

import torch

__all__ = ["graphed"]

Tensor = torch.Tensor


def graphed(fn: Callable[..., Tensor], *example_inputs: Tensor, generator: torch.Generator | None = None) -> Callable[..., Tensor]:
    """``fn`` captured for inputs shaped like ``example_inputs``; returns ``replay(*inputs) -> fn(*inputs)``.

    On CUDA, ``fn`` runs once on a side stream first (lazy initialisation, cuBLAS workspaces, must
    not happen during capture) and then once under capture. On CPU, ``fn`` itself is returned.
    """
    if not example_inputs or not all(isinstance(x, Tensor) for x in example_inputs):
        raise ValueError("graphed: pass the example input tensors the function is called with")
    if not example_inputs[0].is_cuda:
        return fn
    static_inputs = [x.clone() for x in example_inputs]
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        fn(*static_inputs)  # warm-up outside the capture
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    if generator is not None:
        graph.register_generator_state(generator)
    with torch.cuda.graph(graph):
        static_output = fn(*static_inputs)

    def replay(*inputs: Tensor) -> Tensor:
        if len(inputs) != len(static_inputs):
            raise ValueError(f"graphed: captured with {len(static_inputs)} inputs, called with {len(inputs)}")
        for static, x in zip(static_inputs, inputs):
            if x.shape != static.shape:
                raise ValueError(f"graphed: captured for shape {tuple(static.shape)}, called with {tuple(x.shape)}")
            static.copy_(x)
        graph.replay()
        return static_output.clone()

    return replay
