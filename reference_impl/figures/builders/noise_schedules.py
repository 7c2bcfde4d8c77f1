"""noise-schedules: alphabar_t and log-SNR over t for the linear and the cosine schedule."""

from __future__ import annotations

import torch

from reference_impl import schedules
from reference_impl.figures import plotting


def build(config: dict, *, device: torch.device, seed: int):
    figure, (ax_abar, ax_snr) = plotting.new_figure(9, 3.4, 1, 2)
    numbers = {}
    T = config["T"]
    for color, name in zip(plotting.COLORS, ("linear", "cosine")):
        schedule = schedules.make(name, T=T)
        t = torch.arange(T).numpy()
        ax_abar.plot(t, schedule.alphas_cumprod.numpy(), color=color, label=name)
        ax_snr.plot(t, schedule.log_snr.numpy(), color=color, label=name)
        half = int(torch.searchsorted(-schedule.alphas_cumprod, torch.tensor(-0.5)))  # first t with alphabar <= 1/2
        numbers[f"{name}: alphabar at t = {T - 1}"] = schedule.alphas_cumprod[-1].item()
        numbers[f"{name}: log-SNR at t = 0"] = schedule.log_snr[0].item()
        numbers[f"{name}: log-SNR at t = {T - 1}"] = schedule.log_snr[-1].item()
        numbers[f"{name}: first t with alphabar <= 0.5"] = half
    ax_abar.set(xlabel="timestep t", ylabel=r"$\bar\alpha_t$", title=r"signal fraction $\bar\alpha_t$", xlim=(0, T - 1), ylim=(0, 1.02))
    ax_snr.axhline(0, color="0.7", lw=0.8)
    ax_snr.set(xlabel="timestep t", ylabel=r"$\log(\bar\alpha_t / (1 - \bar\alpha_t))$", title="log signal-to-noise ratio", xlim=(0, T - 1))
    for ax in (ax_abar, ax_snr):
        ax.legend(frameon=False)
    return figure, numbers
