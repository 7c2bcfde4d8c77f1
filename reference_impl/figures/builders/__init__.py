"""One module per figure; each has ``build(config, *, device, seed) -> (matplotlib Figure, numbers)``."""
