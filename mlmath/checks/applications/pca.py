"""Checks for applications/02-pca."""

import matplotlib.cbook
import matplotlib.image
import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import orthonormal_columns

SEED = 4002

EPS = np.finfo(np.float64).eps
#: "do not use np.cov or an eigendecomposition"
NO_EIGEN = ["np.cov", "np.linalg.eig", "np.linalg.eigh", "np.linalg.eigvals", "np.linalg.eigvalsh"]


# -- reference answers -------------------------------------------------------


def _fix_signs(Vt):
    """Flip each row so that its largest-magnitude entry is positive."""
    biggest = np.abs(Vt).argmax(axis=1)
    signs = np.sign(Vt[np.arange(Vt.shape[0]), biggest])
    signs[signs == 0] = 1.0
    return Vt * signs[:, None]


def _pca(X):
    """(mean, components with fixed signs, explained variance, singular values) of X in float64."""
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    _, s, Vt = np.linalg.svd(X - mean, full_matrices=False)
    return mean, _fix_signs(Vt), s**2 / (X.shape[0] - 1), s


def _patches(image, size):
    """Non-overlapping size x size patches of a 2-D image (cropped), one flattened patch per row."""
    rows, cols = image.shape[0] // size, image.shape[1] // size
    blocks = image[: rows * size, : cols * size].reshape(rows, size, cols, size).swapaxes(1, 2)
    return blocks.reshape(rows * cols, size * size)


def grace_hopper_gray():
    """matplotlib's sample photograph as a float64 grayscale image in [0, 1], shape (600, 512)."""
    path = matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)
    return matplotlib.image.imread(path).astype(np.float64).mean(axis=2) / 255.0


def _align_rows(got, expected):
    """`got` with each row's sign flipped to agree with the same row of `expected` (for sign-free answers)."""
    signs = np.sign(np.sum(got * expected, axis=1, keepdims=True))
    signs[signs == 0] = 1.0
    return got * signs


def _random_data(rng, n, d, offset=1000.0):
    """n samples of d features: a random rotation of spreads from 5 down to 0.2, mean far from 0."""
    rotation = orthonormal_columns(rng, d, d)
    return (rng.normal(size=(n, d)) * np.geomspace(5.0, 0.2, d)) @ rotation.T + rng.uniform(-offset, offset, size=d)


# -- checks ------------------------------------------------------------------


def check_centre(centre):
    rng = np.random.default_rng(SEED)
    with Checker(centre) as c:

        def expect(case, X):
            centred, mean = c.unpack(c.call(case, X), ("centred", "mean"))
            Xf = np.asarray(X, dtype=float)
            c.array(mean, (Xf.shape[1],), what="the column means, one per feature")
            c.close(mean, Xf.mean(axis=0), what="the column means, one per feature")
            c.array(centred, Xf.shape, what="the centred data")
            c.close(centred, Xf - Xf.mean(axis=0), atol=1e-12 * max(1.0, float(np.abs(Xf).max())), what="the centred data")

        expect("X = [[1., 10.], [3., 20.], [5., 60.]] (3 samples, 2 features)", np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 60.0]]))
        expect("two samples, three features, X = [[1., -2., 4.], [3., 2., -4.]]", np.array([[1.0, -2.0, 4.0], [3.0, 2.0, -4.0]]))
        expect("integer input X = [[1, 2], [2, 4], [6, 3]] (the means are not integers)", np.array([[1, 2], [2, 4], [6, 3]]))
        expect("one sample, X = [[7., -1., 2.]] (centres to zeros)", np.array([[7.0, -1.0, 2.0]]))
        expect("one feature, X = [[1.], [2.], [6.]]", np.array([[1.0], [2.0], [6.0]]))
        expect("a square X = [[1., 2.], [5., 10.]] (the row means differ from the column means)", np.array([[1.0, 2.0], [5.0, 10.0]]))
        X = _random_data(rng, 40, 5)
        expect("40 seeded random samples of 5 features, means up to 1000", X)
        got, _ = c.unpack(c.call("a float32 array of 10 x 3 seeded values", X[:10, :3].astype(np.float32)), ("centred", "mean"))
        c.require(np.asarray(got).dtype.kind == "f", f"The centred data must be floating point; got dtype {np.asarray(got).dtype}.")


def _check_components_case(c, case, X, full_rank=None, rtol=1e-7):
    components, variance = c.unpack(c.call(case, X), ("components", "explained_variance"))
    n, d = np.shape(X)
    r = min(n, d)
    _, expected, expected_variance, s = _pca(X)
    c.array(components, (r, d), what="the components, one per row (min(n, d) rows)")
    c.array(variance, (r,), what="the explained variances, one per component")
    c.close(variance, expected_variance, rtol=rtol, what="the explained variances, largest first (sample variance, dividing by n - 1)")
    # components whose variance is (numerically) zero can point anywhere in the leftover space
    kept = int(np.sum(s > 1e-10 * s[0])) if full_rank is None else full_rank
    c.close(
        components[:kept],
        expected[:kept],
        rtol=0,
        atol=rtol * 10,
        what="the components with non-zero variance, largest-magnitude entry of each positive",
    )
    c.close(
        components @ components.T,
        np.eye(r),
        rtol=0,
        atol=rtol * 10 * max(1, r),
        what="components @ components.T (the rows must be orthonormal)",
    )
    return components, variance


def check_principal_components(principal_components):
    rng = np.random.default_rng(SEED)
    with Checker(principal_components, forbid=NO_EIGEN) as c:
        t = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
        line = np.column_stack([10 + t, 20 + 2 * t])
        _check_components_case(c, "five points on the line through (10, 20) along (1, 2)", line, full_rank=2)
        down = np.column_stack([5 - 3 * t, 1 + t + 0.1 * t**2])
        _check_components_case(c, "points spread mostly along (-3, 1): the first component must be flipped to (3, -1)/|.|", down)
        _check_components_case(c, "integer input X = [[0, 0], [4, 0], [0, 2], [4, 2]]", np.array([[0, 0], [4, 0], [0, 2], [4, 2]]))
        _check_components_case(c, "one feature, X = [[1.], [2.], [4.]]", np.array([[1.0], [2.0], [4.0]]))
        _check_components_case(c, "more features than samples: 3 samples of 5 (seeded)", _random_data(rng, 3, 5))
        for trial, (n, d) in enumerate([(200, 5), (50, 3), (12, 8)]):
            X = _random_data(rng, n, d)
            _check_components_case(c, f"seeded random data {trial + 1}: {n} samples, {d} features, means up to 1000", X)
        X = _random_data(rng, 30, 4, offset=1.0)
        _check_components_case(c, "huge values: 30 x 4 seeded data times 1e100", X * 1e100)
        _check_components_case(c, "tiny values: 30 x 4 seeded data times 1e-100", X * 1e-100)
        X32 = _random_data(rng, 100, 4, offset=3.0).astype(np.float32)
        components, variance = _check_components_case(c, "float32 input, 100 x 4 seeded values (float32 precision)", X32, rtol=1e-4)
        for what, array in [("components", components), ("explained variances", variance)]:
            c.require(
                array.dtype == np.float32,
                f"float32 input must give float32 {what} (half the memory, and the SVD runs in float32); got {array.dtype}.",
            )
        components, variance = c.unpack(c.call("float64 input again: 30 x 4 seeded values", X), ("components", "explained_variance"))
        c.require(components.dtype == np.float64, f"float64 input must give float64 components; got {components.dtype}.")


def check_project(project):
    rng = np.random.default_rng(SEED)
    with Checker(project) as c:
        components = np.array([[0.6, 0.8], [-0.8, 0.6]])
        mean = np.array([1.0, 2.0])
        X = np.array([[1.0, 2.0], [4.0, 6.0], [-2.0, -2.0]])
        c.close(
            c.call("X = [[1., 2.], [4., 6.], [-2., -2.]], mean [1., 2.], 2 components, k = 2", X, mean, components, 2),
            np.array([[0.0, 0.0], [5.0, 0.0], [-5.0, 0.0]]),
            atol=1e-12,
        )
        got = c.call("the same, k = 1 (shape (3, 1), not (3,))", X, mean, components, 1)
        c.array(got, (3, 1))
        c.close(got, np.array([[0.0], [5.0], [-5.0]]), atol=1e-12)
        c.close(c.call("integer X = [[3, 2]], mean [1., 2.], k = 2", np.array([[3, 2]]), mean, components, 2), np.array([[1.2, -1.6]]))
        train = _random_data(rng, 60, 6)
        mean, comps, _, _ = _pca(train)
        new = _random_data(rng, 9, 6) + 50.0
        c.close(
            c.call("9 new samples whose own mean differs from the training mean you are given, k = 3", new, mean, comps, 3),
            (new - mean) @ comps[:3].T,
        )
        one = new[:1]
        c.close(
            c.call("a single new sample (centring it with its own mean would give zeros), k = 2", one, mean, comps, 2),
            (one - mean) @ comps[:2].T,
        )
        thin = comps[:4]
        c.close(c.call("4 components of 6 features (components has shape (4, 6)), k = 4", new, mean, thin, 4), (new - mean) @ thin.T)
        got = c.call("k = 0 (no components: scores of shape (9, 0))", new, mean, comps, 0)
        c.array(got, (9, 0))
        c.call_raises("k = -1", ValueError, new, mean, comps, -1)
        c.call_raises("k = 7, more than the 6 components", ValueError, new, mean, comps, 7)


def check_reconstruct(reconstruct):
    rng = np.random.default_rng(SEED)
    with Checker(reconstruct) as c:
        components = np.array([[0.6, 0.8], [-0.8, 0.6]])
        mean = np.array([1.0, 2.0])
        c.close(
            c.call("scores [[5.], [-5.]] (k = 1), mean [1., 2.]", np.array([[5.0], [-5.0]]), mean, components),
            np.array([[4.0, 6.0], [-2.0, -2.0]]),
        )
        c.close(
            c.call("scores [[1., 2.]] (k = 2), mean [1., 2.]", np.array([[1.0, 2.0]]), mean, components),
            np.array([[1.0 + 0.6 - 1.6, 2.0 + 0.8 + 1.2]]),
        )
        c.close(c.call("integer scores [[2, -1]], mean [1., 2.]", np.array([[2, -1]]), mean, components), np.array([[3.0, 3.0]]))
        c.close(
            c.call("no components kept: scores of shape (3, 0) give the mean for every sample", np.zeros((3, 0)), mean, components),
            np.tile(mean, (3, 1)),
        )
        train = _random_data(rng, 80, 5)
        mean, comps, _, _ = _pca(train)
        for k in (2, 5):
            scores = (train - mean) @ comps[:k].T
            expected = scores @ comps[:k] + mean
            got = c.call(f"80 seeded samples of 5 features projected on {k} of 5 components", scores, mean, comps)
            c.close(got, expected)
        c.close(got, train, rtol=1e-10, what="all 5 components keep everything: the reconstruction must equal the data")
        thin = comps[:3]
        scores = rng.normal(size=(4, 2))
        c.close(c.call("components of shape (3, 5), scores of shape (4, 2)", scores, mean, thin), scores @ thin[:2] + mean)
        c.call_raises("scores with 6 columns but only 5 components", ValueError, rng.normal(size=(2, 6)), mean, comps)


def check_choose_k(choose_k):
    rng = np.random.default_rng(SEED)
    with Checker(choose_k) as c:

        def expect(case, variance, fraction, ratio, k):
            got_ratio, got_k = c.unpack(c.call(case, variance, fraction), ("ratio", "k"))
            c.array(got_ratio, np.shape(variance), what="the explained variance ratio")
            c.close(got_ratio, np.asarray(ratio, dtype=float), what="the explained variance ratio")
            c.equal(got_k, k, what="k, the smallest number of components that reaches the fraction")

        expect(
            "variances [2., 1., 1.], fraction 0.5 (reached exactly by one component)", np.array([2.0, 1.0, 1.0]), 0.5, [0.5, 0.25, 0.25], 1
        )
        expect("variances [2., 1., 1.], fraction 0.51", np.array([2.0, 1.0, 1.0]), 0.51, [0.5, 0.25, 0.25], 2)
        expect("integer variances [5, 3, 2], fraction 0.8", np.array([5, 3, 2]), 0.8, [0.5, 0.3, 0.2], 2)
        expect(
            "variances [3., 1., 0., 0.], fraction 1.0 (the zero variances are not needed)",
            np.array([3.0, 1.0, 0.0, 0.0]),
            1.0,
            [0.75, 0.25, 0.0, 0.0],
            2,
        )
        expect("one component, variance [4.], fraction 0.3", np.array([4.0]), 0.3, [1.0], 1)
        expect("huge variances [3e300, 1e300], fraction 0.9", np.array([3e300, 1e300]), 0.9, [0.75, 0.25], 2)
        variance = np.sort(rng.exponential(size=1000))[::-1] + 1e-3
        ratio = variance / variance.sum()
        cumulative = np.cumsum(variance) / np.cumsum(variance)[-1]
        for fraction in (0.9, 0.99):
            expect(
                f"1000 seeded decreasing variances, fraction {fraction}",
                variance,
                fraction,
                ratio,
                int(np.searchsorted(cumulative, fraction) + 1),
            )
        # a draw whose running total ends below np.sum's total (which adds in another order): dividing the
        # running totals by np.sum then never reaches 1.0
        while not np.cumsum(variance)[-1] < np.sum(variance):
            variance = np.sort(rng.exponential(size=1000))[::-1] + 1e-3
        expect(
            "1000 seeded variances, fraction 1.0 (every one is needed: rounding must not push k past 1000)",
            variance,
            1.0,
            variance / variance.sum(),
            1000,
        )
        for fraction in (0.0, -0.1, 1.5):
            c.call_raises(f"fraction {fraction} (outside (0, 1])", ValueError, np.array([2.0, 1.0]), fraction)
        c.call_raises("all variances zero (no direction explains anything)", ValueError, np.zeros(3), 0.5)


def check_reconstruction_errors(reconstruction_errors):
    rng = np.random.default_rng(SEED)
    with Checker(reconstruction_errors) as c:

        def expect(case, X):
            measured, formula = c.unpack(c.call(case, X), ("measured", "formula"))
            n, d = np.shape(X)
            _, _, _, s = _pca(X)
            expected = np.concatenate([np.cumsum((s**2)[::-1])[::-1], [0.0]])
            # rounding in a squared residual of n*d entries: about n*d*eps times the total squared size
            atol = 16 * n * d * EPS * expected[0]
            for name, got in [("measured", measured), ("formula", formula)]:
                c.array(got, (min(n, d) + 1,), what=f"the {name} errors for k = 0, 1, ..., min(n, d)")
                c.close(got, expected, atol=atol, what=f"the {name} squared errors for k = 0, 1, ..., min(n, d)")
            c.require(
                np.all(np.diff(measured) <= atol),
                "The measured error must never grow when a component is added; got " + np.array2string(measured, precision=4),
            )

        expect("X = [[0., 0.], [4., 0.], [0., 2.], [4., 2.]]", np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 2.0], [4.0, 2.0]]))
        expect("integer input X = [[1, 2, 0], [3, 1, 1], [0, 0, 5], [2, 2, 2]]", np.array([[1, 2, 0], [3, 1, 1], [0, 0, 5], [2, 2, 2]]))
        expect("30 seeded samples of 5 features, means up to 1000", _random_data(rng, 30, 5))
        expect("4 seeded samples of 7 features (more features than samples)", _random_data(rng, 4, 7))
        expect("60 seeded samples of 3 features times 1e-80", _random_data(rng, 60, 3, offset=1.0) * 1e-80)


def check_whiten(whiten):
    rng = np.random.default_rng(SEED)
    with Checker(whiten, forbid=NO_EIGEN) as c:

        def expect(case, X, k):
            got = c.array(c.call(case, X, k), (np.shape(X)[0], k), what="the whitened scores, one column per component")
            X = np.asarray(X, dtype=float)
            mean, comps, variance, _ = _pca(X)
            expected = (X - mean) @ comps[:k].T / np.sqrt(variance[:k])
            n = X.shape[0]
            c.close(got.T @ got / (n - 1), np.eye(k), rtol=0, atol=1e-8, what="the sample covariance of the result (must be the identity)")
            c.close(
                _align_rows(got.T, expected.T).T,
                expected,
                rtol=0,
                atol=1e-8,
                what="the whitened scores (compared column by column up to sign)",
            )

        t = np.array([-2.0, -1.0, 1.0, 2.0])
        expect("X = [[-2., 0.], [-1., 1.], [1., -1.], [2., 0.]] + 10, k = 2", np.column_stack([t, [0.0, 1.0, -1.0, 0.0]]) + 10, 2)
        expect("integer input X = [[0, 0], [4, 0], [0, 2], [4, 2], [2, 1]], k = 2", np.array([[0, 0], [4, 0], [0, 2], [4, 2], [2, 1]]), 2)
        for trial, (n, d, k) in enumerate([(200, 5, 2), (50, 3, 3), (40, 6, 1)]):
            expect(f"seeded random data {trial + 1}: {n} samples, {d} features, means up to 1000, k = {k}", _random_data(rng, n, d), k)
        X = _random_data(rng, 50, 3, offset=1.0)
        twin = np.column_stack([X, X[:, 0]])
        c.call_raises("a duplicated feature, k = 4: the last component has zero variance", ValueError, twin, 4)
        expect("the same duplicated feature, k = 3 (all three kept variances are positive)", twin, 3)
        c.call_raises("k = 0", ValueError, X, 0)
        c.call_raises("k = 4 for 3 features", ValueError, X, 4)


def check_patch_pca_error(patch_pca_error):
    rng = np.random.default_rng(SEED)
    with Checker(patch_pca_error, forbid=[*NO_EIGEN, "loop"]) as c:

        def expected_error(train, test, size, k):
            mean, comps, _, s = _pca(_patches(train, size))
            X = _patches(test, size)
            scores = (X - mean) @ comps[:k].T
            rmse = float(np.sqrt(np.mean((X - (scores @ comps[:k] + mean)) ** 2)))
            # Two correct answers differ by rounding in the SVD: about eps * sigma_1 per entry, amplified by
            # sigma_1 / (sigma_k - sigma_{k+1}) when the k-th and next components are close (the subspace is shaky).
            gap = s[k - 1] - s[k] if k < s.size else s[0]
            atol = 1e3 * EPS * np.sqrt(np.mean((X - mean) ** 2)) * s[0] / max(gap, 1e-300 + EPS * s[0])
            return rmse, atol

        def expect(case, train, test, size, k):
            rmse, atol = expected_error(train, test, size, k)
            c.close(c.call(case, train, test, size, k), rmse, rtol=0, atol=atol)

        yy, xx = np.mgrid[0:6, 0:8]
        train = np.sin(xx / 2.0) + 0.3 * yy + 0.05 * rng.normal(size=(6, 8))
        test = np.cos(yy / 1.5) * xx / 8 + 0.05 * rng.normal(size=(6, 8))
        expect("a 6 x 8 seeded train image and 6 x 8 test image, 2 x 2 patches, k = 1", train, test, 2, 1)
        expect("the same images, 2 x 2 patches, k = 3", train, test, 2, 3)
        expect("the same images, 2 x 2 patches, k = 4 (all components: error 0)", train, test, 2, 4)
        wide = rng.normal(size=(10, 25)).cumsum(axis=1) / 5
        other = rng.normal(size=(13, 14)).cumsum(axis=0) / 5 + 3.0
        expect("train 10 x 25, test 13 x 14 (crop to whole 3 x 3 patches), k = 2; the test mean is 3 higher", wide, other, 3, 2)
        expect(
            "integer images (0 to 255), 2 x 2 patches, k = 2", (train * 40 + 100).astype(np.int64), (test * 40 + 100).astype(np.int64), 2, 2
        )
        c.call_raises("k = 5 for 2 x 2 patches (only 4 pixels)", ValueError, train, test, 2, 5)
        c.call_raises("k = 0", ValueError, train, test, 2, 0)
        photo = grace_hopper_gray()
        expect(
            "Grace Hopper: left half to fit, right half to test, 8 x 8 patches, k = 8 (the page's result)",
            photo[:, :256],
            photo[:, 256:],
            8,
            8,
        )
        expect("Grace Hopper: top half to fit, bottom half to test, 4 x 4 patches, k = 3", photo[:300], photo[300:], 4, 3)
