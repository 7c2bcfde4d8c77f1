"""The networks: shapes, the time argument the samplers pass, and class conditioning with a null class."""

from __future__ import annotations

import pytest
import torch

from reference_impl.networks import DigitsUNet, MLPDenoiser, SinusoidalEmbedding


@pytest.fixture
def mlp() -> MLPDenoiser:
    torch.manual_seed(0)
    return MLPDenoiser(width=32, num_classes=3).eval()


def test_sinusoidal_embedding_is_cos_then_sin_of_geometric_frequencies():
    embedding = SinusoidalEmbedding(8)
    out = embedding(torch.tensor([0.0, 2.0]))
    assert torch.equal(out[0], torch.tensor([1.0] * 4 + [0.0] * 4))
    frequencies = 10_000 ** (-torch.arange(4) / 4)
    assert torch.allclose(out[1], torch.cat([torch.cos(2 * frequencies), torch.sin(2 * frequencies)]))
    with pytest.raises(ValueError, match="even"):
        SinusoidalEmbedding(7)


def test_mlp_takes_timesteps_per_sample_or_one_for_all(mlp):
    x = torch.randn(5, 2)
    per_sample = mlp(x, torch.full((5,), 17))
    assert per_sample.shape == (5, 2)
    assert torch.allclose(mlp(x, torch.tensor(17)), per_sample)
    assert not torch.allclose(mlp(x, torch.full((5,), 900)), per_sample)


def test_flow_time_scale_maps_unit_time_onto_timesteps():
    torch.manual_seed(0)
    discrete = MLPDenoiser(width=32)
    flow = MLPDenoiser(width=32, time_scale=1000.0)
    flow.load_state_dict(discrete.state_dict())
    x = torch.randn(4, 2)
    assert torch.allclose(flow(x, torch.full((4,), 0.25)), discrete(x, torch.full((4,), 250)), atol=1e-5)


def test_labels_condition_the_output_and_none_means_the_null_class(mlp):
    x, t = torch.randn(6, 2), torch.full((6,), 300)
    assert mlp.null_class == 3
    y0, y1 = torch.zeros(6, dtype=torch.long), torch.ones(6, dtype=torch.long)
    assert not torch.allclose(mlp(x, t, y0), mlp(x, t, y1))
    assert torch.equal(mlp(x, t), mlp(x, t, torch.full((6,), 3)))


def test_unconditional_model_refuses_labels():
    with pytest.raises(ValueError, match="without num_classes"):
        MLPDenoiser(width=32)(torch.randn(2, 2), torch.zeros(2, dtype=torch.long), torch.zeros(2, dtype=torch.long))


def test_digits_unet_maps_images_to_images_with_conditioning():
    torch.manual_seed(0)
    unet = DigitsUNet(channels=16, num_classes=10).eval()
    x, t = torch.randn(3, 1, 8, 8), torch.tensor([5, 500, 999])
    out = unet(x, t, torch.tensor([1, 2, 3]))
    assert out.shape == x.shape
    assert not torch.allclose(out, unet(x, t, torch.tensor([4, 5, 6])))
    assert torch.equal(unet(x, t), unet(x, t, torch.full((3,), 10)))
    with pytest.raises(ValueError, match=r"\[batch, 1, H, W\]"):
        unet(torch.randn(3, 64), t)
