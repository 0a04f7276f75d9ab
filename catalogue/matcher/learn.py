"""A small learned model: multinomial logistic regression over the index's sparse TF-IDF features.

Trained on the catalogue's own examples every time the index is built (about half a second for 67 procedures and
two thousand examples), so a phrasing staff add is learned at the next rebuild, with no code change. Full-batch
gradient descent with Nesterov momentum; the rows are unit vectors, so one fixed step size works for any catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True)
class SoftmaxModel:
    """Weights (features x classes) and biases of a trained model, over the features it kept."""

    weights: np.ndarray
    bias: np.ndarray
    feature_map: np.ndarray  # index feature id -> row of ``weights``, or -1 for features the model dropped

    def logits(self, query: dict[int, float]) -> np.ndarray:
        """Class logits for one sparse query vector (index feature id -> value)."""
        z = self.bias.copy()
        rows = [(self.feature_map[f], v) for f, v in query.items() if self.feature_map[f] >= 0]
        if rows:
            idx = np.fromiter((r for r, _ in rows), dtype=np.int64, count=len(rows))
            vals = np.fromiter((v for _, v in rows), dtype=np.float64, count=len(rows))
            z = z + vals @ self.weights[idx]
        return z

    def probabilities_of(self, idx: np.ndarray, vals: np.ndarray) -> np.ndarray:
        """Class probabilities for a query given as index feature ids and their values."""
        rows = self.feature_map[idx]
        kept = rows >= 0
        z = self.bias + vals[kept] @ self.weights[rows[kept]]
        z -= z.max()
        p = np.exp(z)
        return p / p.sum()

    def probabilities(self, query: dict[int, float]) -> np.ndarray:
        """Class probabilities for one sparse query vector."""
        z = self.logits(query)
        z -= z.max()
        p = np.exp(z)
        return p / p.sum()


def train_softmax(
    matrix: sp.csr_matrix,
    labels: np.ndarray,
    n_classes: int,
    *,
    l2: float = 3e-5,
    iterations: int = 60,
    step: float = 30.0,
    min_df: int = 2,
) -> SoftmaxModel:
    """Fit the model. Features seen in fewer than ``min_df`` examples are dropped (they only memorise)."""
    n_rows, n_features = matrix.shape
    df = np.asarray((matrix > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero(df >= min_df)
    x = matrix[:, keep].astype(np.float32).tocsr()
    xt = x.T.tocsr()
    y = np.zeros((n_rows, n_classes), dtype=np.float32)
    y[np.arange(n_rows), labels] = 1.0

    w = np.zeros((len(keep), n_classes), dtype=np.float32)
    b = np.zeros(n_classes, dtype=np.float32)
    w_prev, b_prev = w, b
    for k in range(iterations):
        momentum = k / (k + 3)
        w_look = w + momentum * (w - w_prev)
        b_look = b + momentum * (b - b_prev)
        z = x @ w_look + b_look
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        d = (p - y) / n_rows
        w_prev, b_prev = w, b
        w = w_look - step * (xt @ d + 2.0 * l2 * w_look)
        b = b_look - step * d.sum(axis=0)

    feature_map = np.full(n_features, -1, dtype=np.int64)
    feature_map[keep] = np.arange(len(keep))
    # Trained in float32 (half the memory traffic); kept in float64, as the queries are, so no query converts them.
    return SoftmaxModel(weights=w.astype(np.float64), bias=b.astype(np.float64), feature_map=feature_map)
