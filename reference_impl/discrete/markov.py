"""A toy language small enough to enumerate: a Markov chain over K words and L positions.

p(x) = pi(x^1) prod_{l>1} P(x^l | x^{l-1}). All K^L sentences and their probabilities are listed,
so the exact denoiser of masked diffusion is a sum over the sentences consistent with what is
unmasked (Bayes' rule), and distances between distributions over sentences are exact:

    p_theta*(x^l = v | z) = sum_{x consistent with z, x^l = v} p(x) / sum_{x consistent with z} p(x)

(independent of t, as for every absorbing-state process). Sentences are indexed as base-K numbers,
x^1 the most significant digit.
"""

from __future__ import annotations

import itertools

import torch

__all__ = ["MarkovLanguage", "total_variation"]

Tensor = torch.Tensor


def total_variation(p: Tensor, q: Tensor) -> float:
    """TV(p, q) = 1/2 sum |p - q| between two distributions over the same outcomes."""
    return 0.5 * (p - q).abs().sum().item()


class MarkovLanguage:
    """Sentences of ``length`` words from ``words`` (K of them), initial distribution ``initial`` [K],
    transition matrix ``transition`` [K, K] (rows sum to 1). The MASK token id is K.
    Raises ValueError for shapes that do not fit or rows that are not distributions."""

    def __init__(self, words: list[str], initial: Tensor, transition: Tensor, length: int):
        K = len(words)
        initial, transition = torch.as_tensor(initial, dtype=torch.float64), torch.as_tensor(transition, dtype=torch.float64)
        if initial.shape != (K,) or transition.shape != (K, K) or length < 1:
            raise ValueError(f"MarkovLanguage: need initial [{K}], transition [{K}, {K}] and length >= 1")
        rows = torch.cat([initial[None], transition])
        if bool((rows < 0).any()) or not torch.allclose(rows.sum(1), torch.ones(K + 1, dtype=torch.float64)):
            raise ValueError("MarkovLanguage: initial and every transition row must be probability distributions")
        self.words, self.K, self.L, self.mask_id = list(words), K, length, K
        self.sentences = torch.tensor(list(itertools.product(range(K), repeat=length)), dtype=torch.int64)  # [K^L, L]
        log_p = initial.log()[self.sentences[:, 0]]
        for l in range(1, length):
            log_p = log_p + transition.log()[self.sentences[:, l - 1], self.sentences[:, l]]
        self.probabilities = log_p.exp()  # [K^L], sums to 1
        self._table: Tensor | None = None

    def index(self, x: Tensor) -> Tensor:
        """The sentence number of each row of ``x`` [n, L] (base K)."""
        return (x.cpu() * self.K ** torch.arange(self.L - 1, -1, -1)).sum(1)

    def sample(self, n: int, generator: torch.Generator | None = None) -> Tensor:
        """n independent sentences, int64 [n, L]."""
        return self.sentences[torch.multinomial(self.probabilities, n, replacement=True, generator=generator)]

    def distribution(self, x: Tensor) -> Tensor:
        """The empirical distribution of the sentences ``x`` [n, L] over the K^L outcomes."""
        return torch.bincount(self.index(x), minlength=self.K**self.L).double() / x.shape[0]

    def product_of_marginals(self) -> Tensor:
        """prod_l p(x^l): what drawing every position at once from its marginal gives (one-step decoding)."""
        marginals = self.denoiser(torch.full((1, self.L), self.mask_id), torch.ones(1))[0].exp()  # [L, K]
        return marginals[torch.arange(self.L), self.sentences].prod(1)

    def entropy(self) -> float:
        """H(p) = -sum p log p in nats per sentence."""
        p = self.probabilities
        return -(p * p.log()).sum().item()

    def denoiser(self, z: Tensor, t: Tensor) -> Tensor:
        """The exact log p(x^l = v | z) [batch, L, K] for tokens ``z`` [batch, L] (MASK = K); ``t`` is not needed.

        Looked up in a table over all (K+1)^L masked sentences, made on first use.
        """
        if self._table is None:
            patterns = torch.tensor(list(itertools.product(range(self.K + 1), repeat=self.L)), dtype=torch.int64)
            consistent = ((self.sentences[None] == patterns[:, None]) | (patterns[:, None] == self.mask_id)).all(-1)
            weights = consistent * self.probabilities  # [(K+1)^L, K^L]
            onehot = torch.nn.functional.one_hot(self.sentences, self.K).double()  # [K^L, L, K]
            marginals = torch.einsum("ps,slk->plk", weights, onehot) / weights.sum(1)[:, None, None]
            self._table = marginals.clamp(min=1e-300).log().float()
        index = (z.cpu() * (self.K + 1) ** torch.arange(self.L - 1, -1, -1)).sum(1)
        return self._table[index].to(z.device)
