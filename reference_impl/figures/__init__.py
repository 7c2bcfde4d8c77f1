"""Figures made by the reference implementation, with provenance and cache keys.

    python -m reference_impl.figures [--only NAME ...] [--quick] [--device cpu|cuda] [--out DIR]

Modules (only ``build`` and the builders import torch):

    registry   every figure: name, caption, alt text, seed, full and quick configuration, builder
    cache      cache keys: the sources a figure depends on (derived from imports) and their hash
    manifest   the format of figures/manifest.json; reading (with errors) and atomic writing
    build      the all-or-nothing runner behind the command line
    plotting   shared look and the byte-for-byte reproducible PNG writer
    toy2d      the 2-D ring mixture, its trained denoisers, trajectories and distances
    builders/  one module per figure, ``build(config, *, device, seed) -> (figure, numbers)``
"""
