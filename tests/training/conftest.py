"""Settings for the training tests."""

from __future__ import annotations

import pytest
import torch


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """Train the small test models on one thread.

    They are too small to gain from a second one, and when another process holds the other core,
    PyTorch's two threads wait on each other at every operation: the same test then runs ten to
    fifty times slower. Module scope, so module-scoped fixtures that train run under it too.
    """
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
