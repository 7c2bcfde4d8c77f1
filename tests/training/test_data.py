"""The data sets: generated from a seed, scaled as documented, and made without the network."""

from __future__ import annotations

import socket

import numpy as np
import pytest
import torch

from reference_impl import data


def seeded(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


@pytest.mark.parametrize("name", sorted(data.TOY_2D))
def test_toy_data_is_determined_by_the_seed(name):
    make = data.TOY_2D[name]
    first, again, other = make(500, seeded(0)), make(500, seeded(0)), make(500, seeded(1))
    assert first.x.shape == (500, 2) and first.x.dtype == torch.float32
    assert torch.equal(first.x, again.x)
    assert not torch.allclose(first.x, other.x)
    if first.y is not None:
        assert torch.equal(first.y, again.y)
        assert first.y.dtype == torch.int64 and set(first.y.unique().tolist()) == set(range(first.num_classes))


@pytest.mark.parametrize("name", sorted(data.TOY_2D))
def test_toy_data_has_about_unit_scale(name):
    """The noise schedules assume data of roughly unit variance (x_T is N(0, I))."""
    x = data.TOY_2D[name](20_000, seeded(0)).x
    assert x.mean(0).abs().max() < 0.35
    assert 0.6 < x.std(0).min() and x.std(0).max() < 1.3


def test_mixture_labels_are_the_components():
    """Points labelled k scatter around component k's mean with its spread (the exact joint law)."""
    mixture = data.ring_mixture()
    samples = data.gaussian_mixture(40_000, seeded(0), mixture)
    assert samples.num_classes == 8
    for k in range(8):
        x_k = samples.x[samples.y == k].double()
        assert abs(x_k.shape[0] / 40_000 - 1 / 8) < 0.01
        assert torch.allclose(x_k.mean(0), mixture.means[k], atol=0.02)
        assert torch.allclose(x_k.std(0), mixture.stds[k], atol=0.02)


def test_two_moons_labels_the_moons():
    moons = data.two_moons(4000, seeded(0), noise=0.0)
    x = moons.x * 0.7 + torch.tensor([0.5, 0.25])  # undo the documented centring and scaling
    upper, lower = x[moons.y == 0], x[moons.y == 1]
    assert torch.allclose(upper.norm(dim=1), torch.ones(len(upper)), atol=1e-5)
    assert torch.allclose((lower - torch.tensor([1.0, 0.5])).norm(dim=1), torch.ones(len(lower)), atol=1e-5)


def test_swiss_roll_is_the_documented_spiral():
    roll = data.swiss_roll(2000, seeded(0), noise=0.0)
    assert roll.y is None
    radius = (roll.x * 7).norm(dim=1)  # |(s cos s, s sin s)| = s
    assert radius.min() >= 1.5 * torch.pi - 1e-4 and radius.max() <= 4.5 * torch.pi + 1e-4


def test_digits_are_scikit_learns_scaled_to_plus_minus_one():
    from sklearn.datasets import load_digits

    digits = data.digits()
    images, labels = load_digits(return_X_y=True)
    assert digits.x.shape == (1797, 1, 8, 8) and digits.num_classes == 10
    assert digits.x.min() == -1 and digits.x.max() == 1
    np.testing.assert_allclose(((digits.x.reshape(1797, 64) + 1) * 8).numpy(), images, atol=1e-5)
    assert torch.equal(digits.y, torch.from_numpy(labels).long())


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the data module tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("name", data.IMAGES)
def test_bundled_images_load_without_the_network(name, no_network):
    import skimage.data

    picture = data.image(name)
    raw = torch.from_numpy(getattr(skimage.data, name)()).float()
    expected = raw[None] if raw.ndim == 2 else raw.permute(2, 0, 1)  # channels first
    assert picture.dtype == torch.float32 and picture.shape == expected.shape
    assert picture.min() == -1 and picture.max() == 1
    assert torch.allclose((picture + 1) * 127.5, expected, atol=1e-4)


def test_an_image_that_needs_a_download_is_refused():
    with pytest.raises(ValueError, match="choose one of camera, astronaut"):
        data.image("brain")
