"""Learner-like wrong answers to the applications/06-vector-search exercises: every check must reject each of them."""

from collections import defaultdict

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.applications.vector_search import (
    check_candidates,
    check_collision_rate,
    check_exact_top_k,
    check_hash_codes,
    check_lsh_recall,
    check_normalize_rows,
    check_random_hyperplanes,
    check_recall_at_k,
)

# -- Exercise 1: normalize_rows ------------------------------------------------------------------


def normalize_naive(X):
    X = np.asarray(X, dtype=float)
    with np.errstate(all="ignore"):
        return X / np.linalg.norm(X, axis=1, keepdims=True)  # NaN on a zero row, overflow at 1e200


def normalize_wrong_axis(X):
    X = np.asarray(X, dtype=float)
    norms = np.sqrt(np.sum(X * X, axis=0, keepdims=True))  # columns, not rows
    return X / np.where(norms == 0, 1, norms)


def normalize_to_float64(X):
    X = np.asarray(X, dtype=float)  # float32 comes back float64
    scale = np.max(np.abs(X), axis=1, keepdims=True)
    Y = X / np.where(scale == 0, 1, scale)
    norms = np.sqrt(np.sum(Y * Y, axis=1, keepdims=True))
    return Y / np.where(norms == 0, 1, norms)


def normalize_unscaled(X):
    X = np.asarray(X)
    X = X if X.dtype.kind == "f" else X.astype(float)
    with np.errstate(all="ignore"):
        norms = np.sqrt(np.sum(X * X, axis=1, keepdims=True))  # squares overflow or underflow
        return X / np.where(norms == 0, 1, norms).astype(X.dtype)


# -- Exercise 2: exact_top_k ---------------------------------------------------------------------


def _unit(X):
    X = np.asarray(X, dtype=float)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return X / np.where(norms == 0, 1, norms)


def _check_k(k, n):
    if not 1 <= k <= n:
        raise ValueError("k")


def top_k_unnormalised(queries, database, k):
    _check_k(k, len(database))
    S = np.asarray(queries, dtype=float) @ np.asarray(database, dtype=float).T  # dot products, not cosines
    return np.argsort(-S, axis=1, kind="stable")[:, :k]


def top_k_ascending(queries, database, k):
    _check_k(k, len(database))
    S = _unit(queries) @ _unit(database).T
    return np.argsort(S, axis=1, kind="stable")[:, -k:][:, ::-1]  # ties go to the larger index


def top_k_argpartition_ties(queries, database, k):
    _check_k(k, len(database))
    S = _unit(queries) @ _unit(database).T
    part = np.argpartition(-S, k - 1, axis=1)[:, :k]  # the boundary tie is not broken by index
    order = np.argsort(-np.take_along_axis(S, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def top_k_off_by_one(queries, database, k):
    _check_k(k, len(database))
    S = _unit(queries) @ _unit(database).T
    return np.argsort(-S, axis=1, kind="stable")[:, 1 : k + 1] if k < S.shape[1] else np.argsort(-S, axis=1, kind="stable")


def top_k_no_validation(queries, database, k):
    S = _unit(queries) @ _unit(database).T
    return np.argsort(-S, axis=1, kind="stable")[:, :k]


# -- Exercise 3: random_hyperplanes --------------------------------------------------------------


def _check_bits(bits):
    if not 0 <= bits <= 62:
        raise ValueError("bits")


def hyperplanes_global_rng(d, bits, tables, rng):
    _check_bits(bits)
    return np.random.normal(size=(tables, bits, d))  # noqa: NPY002


def hyperplanes_wrong_order(d, bits, tables, rng):
    _check_bits(bits)
    return rng.normal(size=(d, bits, tables)).transpose(2, 1, 0)  # right shape, wrong draws


def hyperplanes_uniform(d, bits, tables, rng):
    _check_bits(bits)
    return rng.uniform(-1, 1, size=(tables, bits, d))


def hyperplanes_fresh_generator(d, bits, tables, rng):
    _check_bits(bits)
    return np.random.default_rng(4006).normal(size=(tables, bits, d))  # ignores rng


def hyperplanes_no_validation(d, bits, tables, rng):
    return rng.normal(size=(tables, max(bits, 0), d))


# -- Exercise 4: hash_codes ----------------------------------------------------------------------


def codes_strict(X, planes):
    above = np.einsum("tbd,nd->tbn", planes, np.asarray(X, dtype=float)) > 0  # 0 counts as below
    weights = 2 ** np.arange(planes.shape[1], dtype=np.int64)
    return np.sum(above * weights[None, :, None], axis=1, dtype=np.int64)


def codes_reversed_bits(X, planes):
    above = np.einsum("tbd,nd->tbn", planes, np.asarray(X, dtype=float)) >= 0
    weights = 2 ** np.arange(planes.shape[1], dtype=np.int64)[::-1]  # bit 0 weighs the most
    return np.sum(above * weights[None, :, None], axis=1, dtype=np.int64)


def codes_int32(X, planes):
    above = np.einsum("tbd,nd->tbn", planes, np.asarray(X, dtype=float)) >= 0
    weights = (2 ** np.arange(planes.shape[1], dtype=np.int64)).astype(np.int32)  # overflows past 31 bits
    return np.sum(above * weights[None, :, None], axis=1).astype(np.int64)


def codes_with_loop(X, planes):
    X = np.asarray(X, dtype=float)
    rows = []
    for table in planes:
        above = (X @ table.T >= 0).astype(np.int64)
        rows.append(above @ (2 ** np.arange(table.shape[0], dtype=np.int64)))
    return np.array(rows, dtype=np.int64).reshape(planes.shape[0], X.shape[0])


def codes_transposed(X, planes):
    above = np.einsum("tbd,nd->tbn", planes, np.asarray(X, dtype=float)) >= 0
    weights = 2 ** np.arange(planes.shape[1], dtype=np.int64)
    return np.sum(above * weights[None, :, None], axis=1, dtype=np.int64).T  # (n, tables)


# -- Exercise 5: candidates ----------------------------------------------------------------------


def candidates_intersection(query_codes, database_codes):
    shared = (np.asarray(query_codes)[:, :, None] == np.asarray(database_codes)[:, None, :]).all(axis=0)  # every table
    return [np.flatnonzero(row).astype(np.int64) for row in shared]


def candidates_first_table(query_codes, database_codes):
    return [np.flatnonzero(database_codes[0] == code).astype(np.int64) for code in query_codes[0]]


def candidates_with_repeats(query_codes, database_codes):
    result = []
    for codes in np.asarray(query_codes).T:
        found = [np.flatnonzero(table == code) for table, code in zip(database_codes, codes)]
        result.append(np.sort(np.concatenate(found)).astype(np.int64))  # a row in two buckets twice
    return result


def candidates_float_empty(query_codes, database_codes):
    buckets = []
    for table in database_codes:
        bucket = defaultdict(list)
        for index, code in enumerate(table.tolist()):
            bucket[code].append(index)
        buckets.append(bucket)
    return [np.unique(sum((b.get(code, []) for b, code in zip(buckets, codes.tolist())), [])) for codes in np.asarray(query_codes).T]


# -- Exercise 6: recall_at_k ---------------------------------------------------------------------


def _same_shape(approx, exact):
    approx, exact = np.asarray(approx), np.asarray(exact)
    if approx.shape != exact.shape:
        raise ValueError("shape")
    return approx, exact


def recall_counts_padding(approx, exact):
    approx, exact = _same_shape(approx, exact)
    hits = (approx[:, :, None] == exact[:, None, :]).any(axis=2) | (approx == -1)  # -1 counted as found
    return float(hits.mean())


def recall_by_position(approx, exact):
    approx, exact = _same_shape(approx, exact)
    return float(np.mean(approx == exact))  # order should not matter


def recall_over_returned(approx, exact):
    approx, exact = _same_shape(approx, exact)
    hits = (approx[:, :, None] == exact[:, None, :]).any(axis=2).sum()
    return float(hits / max((approx >= 0).sum(), 1))  # precision among returned, not recall


def recall_no_validation(approx, exact):
    approx, exact = np.asarray(approx), np.asarray(exact)
    return float(np.mean([np.isin(e, a).mean() for a, e in zip(approx, exact)]))


# -- Exercise 7: collision_rate ------------------------------------------------------------------


def collision_unclipped(x, y, bits, rng):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    planes = rng.normal(size=(bits, x.size))
    same = (planes @ x >= 0) == (planes @ y >= 0)
    with np.errstate(all="ignore"):
        cosine = x @ y / (np.linalg.norm(x) * np.linalg.norm(y))
        return float(np.mean(same)), float(1 - np.arccos(cosine) / np.pi)


def collision_half_angle(x, y, bits, rng):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    planes = rng.normal(size=(bits, x.size))
    same = (planes @ x >= 0) == (planes @ y >= 0)
    u, v = x / np.max(np.abs(x)), y / np.max(np.abs(y))
    cosine = np.clip(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)), -1, 1)
    return float(np.mean(same)), float(1 - np.arccos(cosine) / (2 * np.pi))  # 2 pi, not pi


def collision_cosine_as_probability(x, y, bits, rng):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    planes = rng.normal(size=(bits, x.size))
    same = (planes @ x >= 0) == (planes @ y >= 0)
    u, v = x / np.max(np.abs(x)), y / np.max(np.abs(y))
    cosine = np.clip(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)), -1, 1)
    return float(np.mean(same)), float((1 + cosine) / 2)  # right at 0, 90 and 180 degrees only


def collision_global_rng(x, y, bits, rng):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    planes = np.random.standard_normal(size=(bits, x.size))  # noqa: NPY002
    same = (planes @ x >= 0) == (planes @ y >= 0)
    u, v = x / np.max(np.abs(x)), y / np.max(np.abs(y))
    cosine = np.clip(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)), -1, 1)
    return float(np.mean(same)), float(1 - np.arccos(cosine) / np.pi)


# -- Exercise 8: lsh_recall ----------------------------------------------------------------------


def _pipeline(database, queries, k, bits, tables, rng, rerank=True, normalise=True, planes=None):
    D, Q = (_unit(database), _unit(queries)) if normalise else (np.asarray(database, float), np.asarray(queries, float))
    if planes is None:
        planes = rng.normal(size=(tables, bits, D.shape[1]))
    exact = np.argsort(-(Q @ D.T), axis=1, kind="stable")[:, :k]
    codes_d, codes_q = codes_transposed(D, planes).T, codes_transposed(Q, planes).T
    approx = np.full(exact.shape, -1)
    for i in range(len(Q)):
        cand = np.flatnonzero((codes_d == codes_q[:, i : i + 1]).any(axis=0))
        if not rerank:
            best = cand[:k]  # the first candidates by index, not the most similar
        else:
            best = cand[np.argsort(-(D[cand] @ Q[i]), kind="stable")[:k]]
        approx[i, : best.size] = best
    hits = (approx[:, :, None] == exact[:, None, :]).any(axis=2)
    return float(hits.mean())


def lsh_no_rerank(database, queries, k, bits, tables, rng):
    return _pipeline(database, queries, k, bits, tables, rng, rerank=False)


def lsh_fresh_seed(database, queries, k, bits, tables, rng):
    own = np.random.default_rng(int(rng.integers(1 << 30)))  # a new generator seeded from rng: other planes
    return _pipeline(database, queries, k, bits, tables, own)


def lsh_queries_drawn_first(database, queries, k, bits, tables, rng):
    rng.normal(size=3)  # something else drew from rng before the planes
    return _pipeline(database, queries, k, bits, tables, rng)


def lsh_unnormalised(database, queries, k, bits, tables, rng):
    return _pipeline(database, queries, k, bits, tables, rng, normalise=False)


def lsh_global_rng(database, queries, k, bits, tables, rng):
    np.random.seed(0)  # noqa: NPY002
    return _pipeline(database, queries, k, bits, tables, rng)


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (check_normalize_rows, normalize_naive),
    (check_normalize_rows, normalize_wrong_axis),
    (check_normalize_rows, normalize_to_float64),
    (check_normalize_rows, normalize_unscaled),
    (check_exact_top_k, top_k_unnormalised),
    (check_exact_top_k, top_k_ascending),
    (check_exact_top_k, top_k_argpartition_ties),
    (check_exact_top_k, top_k_off_by_one),
    (check_exact_top_k, top_k_no_validation),
    (check_random_hyperplanes, hyperplanes_global_rng),
    (check_random_hyperplanes, hyperplanes_wrong_order),
    (check_random_hyperplanes, hyperplanes_uniform),
    (check_random_hyperplanes, hyperplanes_fresh_generator),
    (check_random_hyperplanes, hyperplanes_no_validation),
    (check_hash_codes, codes_strict),
    (check_hash_codes, codes_reversed_bits),
    (check_hash_codes, codes_int32),
    (check_hash_codes, codes_with_loop),
    (check_hash_codes, codes_transposed),
    (check_candidates, candidates_intersection),
    (check_candidates, candidates_first_table),
    (check_candidates, candidates_with_repeats),
    (check_candidates, candidates_float_empty),
    (check_recall_at_k, recall_counts_padding),
    (check_recall_at_k, recall_by_position),
    (check_recall_at_k, recall_over_returned),
    (check_recall_at_k, recall_no_validation),
    (check_collision_rate, collision_unclipped),
    (check_collision_rate, collision_half_angle),
    (check_collision_rate, collision_cosine_as_probability),
    (check_collision_rate, collision_global_rng),
    (check_lsh_recall, lsh_no_rerank),
    (check_lsh_recall, lsh_fresh_seed),
    (check_lsh_recall, lsh_queries_drawn_first),
    (check_lsh_recall, lsh_unnormalised),
    (check_lsh_recall, lsh_global_rng),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    assert_rejects(check, wrong)
