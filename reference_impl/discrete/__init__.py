"""Masked (absorbing-state) discrete diffusion for token sequences, the sibling of the continuous code.

Austin et al. 2021 ("D3PM", absorbing state), Sahoo et al. 2024 ("MDLM"), Shi et al. 2024 ("MD4").
A sequence x of L tokens from a vocabulary of K symbols is destroyed by replacing tokens with a
MASK symbol (id K); time runs from t = 0 (clean) to t = 1 (all masked).

    schedule   alpha_t, the probability that a token is still unmasked at time t
    forward    q(z_t | x): mask each token independently with probability 1 - alpha_t
    loss       the MDLM / MD4 continuous-time negative ELBO
    sampler    ancestral unmasking from t = 1 to 0, with the unmasking order as a choice
    markov     a toy language (a Markov chain) small enough to enumerate, with its exact denoiser

Calling convention: ``model(z, t)`` takes int64 tokens z [batch, L] (MASK = K) and times t
[batch] (float in [0, 1]) and returns log-probabilities [batch, L, K] of the clean token at every
position. The exact denoiser of absorbing-state diffusion does not depend on t (MDLM, Sec. 3.2;
Ou et al. 2024): what is masked says everything about the noise level.
"""
