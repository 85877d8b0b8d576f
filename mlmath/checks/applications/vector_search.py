"""Checks for applications/06-vector-search."""

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import GLOBAL_RNG

SEED = 4006


# -- reference pieces (written for clarity, not speed) ----------------------------------------------


def _unit_rows(X):
    X = np.asarray(X, dtype=float)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return X / np.where(norms == 0, 1.0, norms)


def _top_k(queries, database, k):
    """The k most similar rows by cosine, ties to the smaller index (a full stable sort: slow but plain)."""
    similarity = _unit_rows(queries) @ _unit_rows(database).T
    return np.argsort(-similarity, axis=1, kind="stable")[:, :k]


def _codes(X, planes):
    above = np.einsum("tbd,nd->tbn", planes, np.asarray(X, dtype=float)) >= 0
    weights = np.array([1 << j for j in range(planes.shape[1])], dtype=np.int64)
    return np.sum(above * weights[None, :, None], axis=1, dtype=np.int64)


def _candidates(query_codes, database_codes):
    query_codes, database_codes = np.asarray(query_codes), np.asarray(database_codes)
    shared = (query_codes[:, :, None] == database_codes[:, None, :]).any(axis=0)  # (m, n)
    return [np.flatnonzero(row).astype(np.int64) for row in shared]


def _recall(approx, exact):
    hits = (approx[:, :, None] == exact[:, None, :]) & (approx[:, :, None] >= 0)
    return float(hits.any(axis=2).sum() / exact.size)


def _lsh_recall(database, queries, k, bits, tables, rng):
    planes = rng.normal(size=(tables, bits, database.shape[1]))
    exact = _top_k(queries, database, k)
    found = _candidates(_codes(queries, planes), _codes(database, planes))
    approx = np.full(exact.shape, -1, dtype=np.int64)
    for i, cand in enumerate(found):
        best = cand[_top_k(queries[i : i + 1], database[cand], min(k, cand.size))[0]]
        approx[i, : best.size] = best
    return _recall(approx, exact)


def _clustered(rng, n, d, clusters, m, spread=0.5, query_noise=0.3):
    """Unit rows in `clusters` tight groups, and m queries near randomly chosen rows (as on the page)."""
    centres = _unit_rows(rng.normal(size=(clusters, d)))
    labels = rng.integers(clusters, size=n)
    database = _unit_rows(centres[labels] + spread * rng.normal(size=(n, d)) / np.sqrt(d))
    near = rng.integers(n, size=m)
    queries = _unit_rows(database[near] + query_noise * rng.normal(size=(m, d)) / np.sqrt(d))
    return database, queries


# -- Exercise 1 ----------------------------------------------------------------------------------


def check_normalize_rows(normalize_rows):
    rng = np.random.default_rng(SEED)
    with Checker(normalize_rows) as c:
        c.close(c.call("X = [[3., 4.], [0., 2.]]", np.array([[3.0, 4.0], [0.0, 2.0]])), np.array([[0.6, 0.8], [0.0, 1.0]]))
        c.close(
            c.call("a zero row stays zero, X = [[0., 0.], [-1., 0.]]", np.array([[0.0, 0.0], [-1.0, 0.0]])),
            np.array([[0.0, 0.0], [-1.0, 0.0]]),
        )
        c.close(
            c.call(
                "negative entries, X = [[-3., 4.], [0., -2.], [1., 1.]] (3 rows, 2 columns)",
                np.array([[-3.0, 4.0], [0.0, -2.0], [1.0, 1.0]]),
            ),
            np.array([[-0.6, 0.8], [0.0, -1.0], [1 / np.sqrt(2), 1 / np.sqrt(2)]]),
        )
        got = c.array(c.call("integer input X = [[1, 1, 1, 1]]", np.array([[1, 1, 1, 1]])), (1, 4))
        c.close(got, np.full((1, 4), 0.5))
        c.require(got.dtype == np.float64, f"Integer input should give float64 rows; got dtype {got.dtype}.")
        c.close(c.call("no rows, X of shape (0, 3)", np.zeros((0, 3))), np.zeros((0, 3)))
        X = rng.normal(size=(6, 5)).astype(np.float32)
        got = c.array(c.call("6 seeded random float32 rows of length 5 (an embedding table)", X), (6, 5))
        c.require(
            got.dtype == np.float32,
            f"float32 embeddings must stay float32 (half the memory of float64); got dtype {got.dtype}. "
            "Divide by norms of the same dtype instead of converting to float64.",
        )
        c.close(got, (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32), rtol=1e-5)
        c.close(
            c.call(
                "rows of very different scales, X = [[3e200, 4e200], [3e-200, -4e-200], [0., 0.]] (a squared norm overflows or underflows)",
                np.array([[3e200, 4e200], [3e-200, -4e-200], [0.0, 0.0]]),
            ),
            np.array([[0.6, 0.8], [0.6, -0.8], [0.0, 0.0]]),
        )
        X = rng.normal(size=(40, 9))
        X[7] = 0.0
        got = c.call("40 seeded random rows of length 9, row 7 all zeros", X)
        c.close(got, _unit_rows(X))


# -- Exercise 2 ----------------------------------------------------------------------------------


def check_exact_top_k(exact_top_k):
    rng = np.random.default_rng(SEED)
    with Checker(exact_top_k) as c:
        database = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [1.0, 1.0]])
        queries = np.array([[2.0, 0.1]])
        got = c.array(c.call("one query [2., 0.1] against 4 rows of different lengths, k = 2", queries, database, 2), (1, 2))
        c.require(got.dtype.kind in "iu", f"Expected integer row indices, got dtype {got.dtype}.")
        c.equal(got, np.array([[0, 3]]))
        c.equal(c.call("the same query with k = 4 (every row, in order)", queries, database, 4), np.array([[0, 3, 1, 2]]))
        queries = np.array([[1.0, 0.0], [0.0, -1.0], [-1.0, 1.0]])
        c.equal(
            c.call("3 queries [[1, 0], [0, -1], [-1, 1]] against the same 4 rows, k = 3", queries, database, 3),
            _top_k(queries, database, 3),
        )
        # rows 1 and 3 point the same way: the tie must go to row 1 even where the boundary cuts between them
        database = np.array([[0.0, 1.0, 0.0], [3.0, 4.0, 0.0], [1.0, 0.0, 0.0], [0.6, 0.8, 0.0], [0.0, 0.0, 5.0]])
        queries = np.array([[3.0, 4.0, 0.0]])
        c.equal(
            c.call("rows 1 and 3 point the same way (a tie, to the smaller index), query [3, 4, 0], k = 1", queries, database, 1),
            np.array([[1]]),
        )
        c.equal(c.call("the same tie, k = 2", queries, database, 2), np.array([[1, 3]]))
        queries = np.array([[0.0, 0.0, -1.0]])
        c.equal(
            c.call(
                "query [0, 0, -1]: rows 0 to 3 tie at similarity 0, k = 3 (the three smallest indices of the tie)", queries, database, 3
            ),
            np.array([[0, 1, 2]]),
        )
        database = np.array([[1.0, 2.0], [0.0, 0.0], [-1.0, -1.0]])
        c.equal(
            c.call("a zero row in the database (similarity 0, no NaN), query [1, 0], k = 3", np.array([[1.0, 0.0]]), database, 3),
            np.array([[0, 1, 2]]),
        )
        c.equal(
            c.call(
                "integer input, query [[0, 3]], database [[1, 0], [2, 2], [0, 1]], k = 2",
                np.array([[0, 3]]),
                np.array([[1, 0], [2, 2], [0, 1]]),
                2,
            ),
            np.array([[2, 1]]),
        )
        c.call_raises("k = 0 (ask for at least one row)", ValueError, np.ones((1, 2)), np.eye(2), 0)
        c.call_raises("k = 3 with only 2 database rows", ValueError, np.ones((1, 2)), np.eye(2), 3)
        queries, database = rng.normal(size=(20, 16)), rng.normal(size=(300, 16))
        c.equal(
            c.call("20 seeded random queries, 300 database rows of length 16, k = 5", queries, database, 5), _top_k(queries, database, 5)
        )
        database = np.vstack([database, 2.0 * database[::3]])  # every third row again, twice as long
        got = c.call(
            "the same queries, the database with 100 of its rows repeated at twice the length (ties), k = 12", queries, database, 12
        )
        c.equal(got, _top_k(queries, database, 12))


# -- Exercise 3 ----------------------------------------------------------------------------------


def check_random_hyperplanes(random_hyperplanes):
    with Checker(random_hyperplanes, forbid=[*GLOBAL_RNG]) as c:
        for d, bits, tables in ((5, 3, 2), (2, 7, 1), (16, 12, 4)):
            got = c.call(
                f"d = {d}, bits = {bits}, tables = {tables}, rng = np.random.default_rng({SEED})",
                d,
                bits,
                tables,
                np.random.default_rng(SEED),
            )
            c.array(got, (tables, bits, d))
            c.close(got, np.random.default_rng(SEED).normal(size=(tables, bits, d)))
        got = c.call("bits = 0 (every vector in one bucket), d = 4, tables = 3", 4, 0, 3, np.random.default_rng(SEED))
        c.array(got, (3, 0, 4))
        rng = np.random.default_rng(SEED + 1)
        first = c.call("two calls on one generator: the first", 3, 2, 1, rng)
        second = c.call("two calls on one generator: the second (must continue the stream, not restart it)", 3, 2, 1, rng)
        expected = np.random.default_rng(SEED + 1).normal(size=(2, 1, 2, 3))
        c.close(first, expected[0])
        c.close(second, expected[1])
        c.call_raises("bits = 63 (a code would not fit in an int64)", ValueError, 8, 63, 1, np.random.default_rng(SEED))
        c.call_raises("bits = -1", ValueError, 8, -1, 1, np.random.default_rng(SEED))


# -- Exercise 4 ----------------------------------------------------------------------------------


def check_hash_codes(hash_codes):
    rng = np.random.default_rng(SEED)
    with Checker(hash_codes, forbid=["loop"]) as c:
        X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 0.0], [2.0, -3.0]])
        planes = np.array([[[1.0, 0.0], [0.0, 1.0]]])
        got = c.array(
            c.call("1 table of 2 planes [[1, 0], [0, 1]], X = [[1, 2], [-1, 0.5], [0, 0], [2, -3]] (a zero row: 0 >= 0)", X, planes), (1, 4)
        )
        c.require(got.dtype.kind in "iu", f"Expected integer codes, got dtype {got.dtype}.")
        c.equal(got, np.array([[3, 2, 3, 1]]))
        planes = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, -1.0], [1.0, 1.0]], [[-1.0, 0.0], [-1.0, 0.0]]])
        c.equal(
            c.call("3 tables of 2 planes, the same 4 rows", X, planes),
            np.array([[3, 2, 3, 1], [2, 0, 3, 1], [0, 3, 3, 0]]),
        )
        planes = rng.normal(size=(2, 5, 3))
        X = rng.integers(-5, 6, size=(7, 3))
        c.equal(c.call("integer rows X of shape (7, 3), 2 tables of 5 planes", X, planes), _codes(X, planes))
        c.equal(c.call("no planes (bits = 0): every code is 0, 2 tables", X, np.zeros((2, 0, 3))), np.zeros((2, 7), dtype=np.int64))
        c.equal(c.call("no rows, X of shape (0, 3)", np.zeros((0, 3)), planes), np.zeros((2, 0), dtype=np.int64))
        planes = rng.normal(size=(1, 40, 6))
        X = rng.normal(size=(9, 6))
        c.equal(c.call("40 bits (codes above 2**31: int64, not int32), 9 rows", X, planes), _codes(X, planes))
        c.equal(
            c.call(
                "the same rows scaled by 1e-3 and 1e3 (a sign does not depend on length)",
                X * np.array([1e-3, 1e3, 1, 1, 1, 1, 1, 1, 2])[:, None],
                planes,
            ),
            _codes(X, planes),
        )
        planes = rng.normal(size=(3, 10, 7))
        X = rng.normal(size=(30, 7))
        c.equal(c.call("30 seeded random rows of length 7, 3 tables of 10 planes", X, planes), _codes(X, planes))


# -- Exercise 5 ----------------------------------------------------------------------------------


def check_candidates(candidates):
    rng = np.random.default_rng(SEED)
    with Checker(candidates) as c:

        def expect(case, query_codes, database_codes):
            got = c.call(case, query_codes, database_codes)
            expected = _candidates(query_codes, database_codes)
            if not isinstance(got, (list, tuple)) or len(got) != len(expected):
                c.fail(f"Expected a list of {len(expected)} arrays (one per query), got {type(got).__name__} {got!r:.200}.")
            for i, (row, want) in enumerate(zip(got, expected)):
                c.array(row, (None,), what=f"the candidates of query {i}")
                c.close(row, want, what=f"the candidates of query {i} (sorted row indices, each once)")

        database_codes = np.array([[3, 1, 3, 0], [2, 2, 0, 1]])
        expect(
            "2 tables, database codes [[3, 1, 3, 0], [2, 2, 0, 1]], queries with codes [[3, 0], [1, 5]]",
            np.array([[3, 0], [1, 5]]),
            database_codes,
        )
        expect("a query that shares no bucket, query codes [[7], [7]]", np.array([[7], [7]]), database_codes)
        expect("a query that shares both buckets with row 2, query codes [[3], [0]]", np.array([[3], [0]]), database_codes)
        expect("one table, database codes [[5, 5, 5]], query codes [[5, 4]]", np.array([[5, 4]]), np.array([[5, 5, 5]]))
        expect("no queries, query codes of shape (2, 0)", np.zeros((2, 0), dtype=np.int64), database_codes)
        database_codes = rng.integers(8, size=(3, 200))
        query_codes = rng.integers(8, size=(3, 10))
        expect("3 tables, 200 seeded random database codes in 0..7, 10 queries", query_codes, database_codes)
        database_codes = rng.integers(2**40, 2**40 + 4, size=(4, 50))
        query_codes = rng.integers(2**40, 2**40 + 4, size=(4, 6))
        expect("4 tables, 50 codes near 2**40 (int64), 6 queries", query_codes, database_codes)


# -- Exercise 6 ----------------------------------------------------------------------------------


def check_recall_at_k(recall_at_k):
    rng = np.random.default_rng(SEED)
    with Checker(recall_at_k) as c:
        approx, exact = np.array([[1, 2, 3], [4, 5, -1]]), np.array([[3, 1, 9], [5, 6, 7]])
        c.close(c.call("approx [[1, 2, 3], [4, 5, -1]], exact [[3, 1, 9], [5, 6, 7]] (3 of 6 found)", approx, exact), 0.5)
        exact = np.array([[4, 8, 2, 6]])
        c.close(c.call("the same indices in another order, exact [[4, 8, 2, 6]]", np.array([[6, 2, 8, 4]]), exact), 1.0)
        c.close(c.call("two found and two slots padded with -1, approx [[8, -1, 4, -1]]", np.array([[8, -1, 4, -1]]), exact), 0.5)
        c.close(c.call("nothing found, approx [[-1, -1, -1, -1]]", np.full((1, 4), -1), exact), 0.0)
        c.close(c.call("k = 1, one query, found", np.array([[7]]), np.array([[7]])), 1.0)
        approx, exact = np.array([[0, 1], [2, 3], [4, 5]]), np.array([[1, 9], [9, 8], [5, 4]])
        c.close(c.call("3 queries, k = 2, found 1, 0 and 2 of 2", approx, exact), 0.5)
        c.call_raises(
            "approx of shape (2, 3) against exact of shape (2, 4)", ValueError, np.zeros((2, 3), dtype=int), np.zeros((2, 4), dtype=int)
        )
        c.call_raises(
            "approx of shape (3, 2) against exact of shape (2, 3)", ValueError, np.zeros((3, 2), dtype=int), np.zeros((2, 3), dtype=int)
        )
        exact = np.array([rng.permutation(50)[:10] for _ in range(25)])
        approx = np.where(rng.random((25, 10)) < 0.7, exact, rng.integers(50, 60, size=(25, 10)))
        approx = np.where(rng.random((25, 10)) < 0.1, -1, approx)
        approx = rng.permuted(approx, axis=1)
        c.close(
            c.call("25 seeded random queries, k = 10, some found, some padded with -1, in any order", approx, exact), _recall(approx, exact)
        )


# -- Exercise 7 ----------------------------------------------------------------------------------


def check_collision_rate(collision_rate):
    rng = np.random.default_rng(SEED)
    with Checker(collision_rate, forbid=[*GLOBAL_RNG]) as c:

        def expect(case, x, y, bits, predicted):
            got = c.call(case, x, y, bits, np.random.default_rng(SEED))
            simulated, theory = c.unpack(got, ("simulated", "predicted"))
            reference = np.random.default_rng(SEED).normal(size=(bits, np.size(x)))
            same = (reference @ np.asarray(x, dtype=float) >= 0) == (reference @ np.asarray(y, dtype=float) >= 0)
            c.close(theory, predicted, what="predicted, 1 - theta / pi")
            c.close(
                simulated,
                float(np.mean(same)),
                what=f"simulated: the fraction of the {bits} planes drawn with rng.normal(size=(bits, d)) that x and y agree on",
            )
            return simulated, theory

        x = np.array([1.0, 0.0, 0.0])
        expect("x = y = [1, 0, 0], 100 planes", x, x, 100, 1.0)
        expect("y = -x, x = [1, 0, 0], 100 planes", x, -x, 100, 0.0)
        expect("orthogonal x = [1, 0], y = [0, 1], 1000 planes", np.array([1.0, 0.0]), np.array([0.0, 1.0]), 1000, 0.5)
        expect("45 degrees, x = [1, 0, 0], y = [1, 1, 0], 1000 planes", x, np.array([1.0, 1.0, 0.0]), 1000, 0.75)
        v = np.full(3, 1 / 3)
        expect("parallel, x = [1/3, 1/3, 1/3], y = 3 * x (rounding puts the cosine above 1)", v, 3 * v, 50, 1.0)
        expect(
            "huge entries, x = [1e200, 1e200], y = [1e200, 0.] (x @ y overflows)",
            np.array([1e200, 1e200]),
            np.array([1e200, 0.0]),
            400,
            0.75,
        )
        expect("integer input x = [2, 0], y = [-1, 1] (135 degrees)", np.array([2, 0]), np.array([-1, 1]), 400, 0.25)
        bits = 20_000
        for trial in range(4):
            x, y = rng.normal(size=(2, 16))
            y = x + rng.uniform(0.2, 3.0) * y
            cosine = x @ y / (np.linalg.norm(x) * np.linalg.norm(y))
            p = 1 - np.arccos(cosine) / np.pi
            simulated, _ = expect(f"seeded random pair {trial + 1} in 16 dimensions, {bits} planes", x, y, bits, p)
            # the property: the simulated rate is a binomial proportion around p; 4 standard errors miss about once in 16,000 runs
            tolerance = 4 * np.sqrt(p * (1 - p) / bits) + 1 / bits
            c.require(
                abs(simulated - p) <= tolerance,
                f"The simulated rate {simulated:.4f} is more than 4 standard errors ({tolerance:.4f}) from 1 - theta / pi = {p:.4f}.",
            )


# -- Exercise 8 ----------------------------------------------------------------------------------


def check_lsh_recall(lsh_recall):
    rng = np.random.default_rng(SEED)
    with Checker(lsh_recall, forbid=[*GLOBAL_RNG]) as c:
        database, queries = _clustered(rng, n=1000, d=32, clusters=40, m=30)
        m, k = queries.shape[0], 10
        # a recall is a count of hits over m * k: two answers that differ in one hit differ by 1 / (m k)
        resolution = 1 / (m * k)

        def expect(case, database, queries, k, bits, tables, seed):
            got = c.call(case, database, queries, k, bits, tables, np.random.default_rng(seed))
            expected = _lsh_recall(database, queries, k, bits, tables, np.random.default_rng(seed))
            c.close(got, expected, rtol=0, atol=0.5 * resolution)
            return got

        got = expect("bits = 0 (one bucket holds every row: exact search), 1 table, k = 10", database, queries, k, 0, 1, SEED)
        c.require(got == 1.0, f"With no bits every row is a candidate, so recall@10 must be 1.0; got {got!r}.")
        by_tables = [
            expect(
                f"1000 clustered rows of length 32, 30 queries, k = 10, 10 bits, {tables} table(s), rng seed {SEED}",
                database,
                queries,
                k,
                10,
                tables,
                SEED,
            )
            for tables in (1, 2, 4, 8)
        ]
        c.require(
            all(a <= b for a, b in zip(by_tables, by_tables[1:])),
            f"With the same generator, more tables only add candidates, so recall cannot drop; got {by_tables} for 1, 2, 4, 8 tables.",
        )
        expect("the same data, 16 bits, 4 tables, rng seed 7", database, queries, k, 16, 4, 7)
        expect("the same data, k = 1, 6 bits, 3 tables", database, queries, 1, 6, 3, SEED)
        scale = rng.uniform(0.1, 10.0, size=(database.shape[0], 1))
        expect(
            "the database rows rescaled by random lengths (cosine ignores length), 8 bits, 4 tables",
            database * scale,
            queries,
            k,
            8,
            4,
            SEED,
        )
