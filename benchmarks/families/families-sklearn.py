"""scikit-learn's side of the families parity table (run by families-parity.ts, one call per dataset).

Reads one JSON file:
  {"width": f, "train": {"x": [...], "y": [...]}, "validation": {...}, "test": {...},
   "models": [{"kind": "tree"|"forest"|"linear"|"gbt", "params": {...}, "seeds": [s, ...]}]}
where x is row-major float32 values of the split multihop prepared (standardised), and prints one
JSON line: per model, per seed, the test accuracy and the milliseconds of fit plus predict_proba on
train, validation and test (what multihop's wallMs covers). Run it with OMP_NUM_THREADS=1 (the
caller sets it) so that both sides use one thread.
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier


def make(kind, params, seed):
    if kind == "tree":
        return DecisionTreeClassifier(max_depth=params["max_depth"], min_samples_leaf=params["min_samples_leaf"], random_state=seed)
    if kind == "forest":
        return RandomForestClassifier(
            n_estimators=params["n_estimators"],
            max_depth=params["max_depth"],
            min_samples_leaf=params["min_samples_leaf"],
            max_features="sqrt",
            bootstrap=True,
            n_jobs=1,
            random_state=seed,
        )
    if kind == "linear":
        # The multinomial loss even for two classes, as multihop's softmax model uses.
        return LogisticRegression(C=params["C"], multi_class="multinomial", solver="lbfgs", max_iter=10000, tol=1e-8)
    if kind == "gbt":
        return HistGradientBoostingClassifier(
            max_iter=params["max_iter"],
            max_depth=params["max_depth"],
            learning_rate=params["learning_rate"],
            min_samples_leaf=params["min_samples_leaf"],
            l2_regularization=params["l2_regularization"],
            max_bins=params["max_bins"],
            max_leaf_nodes=None,
            early_stopping=False,
            random_state=seed,
        )
    raise ValueError(f"unknown model kind {kind!r}")


def part(job, name, dtype):
    x = np.asarray(job[name]["x"], dtype=np.float32).reshape(-1, job["width"]).astype(dtype)
    return x, np.asarray(job[name]["y"])


def main(path):
    with open(path) as f:
        job = json.load(f)
    out = []
    for spec in job["models"]:
        # Trees split float32 features (as multihop does); the linear solver works in float64.
        dtype = np.float64 if spec["kind"] == "linear" else np.float32
        (xt, yt), (xv, _), (xs, ys) = (part(job, name, dtype) for name in ("train", "validation", "test"))
        runs = []
        for seed in spec["seeds"]:
            start = time.perf_counter()
            model = make(spec["kind"], spec["params"], seed).fit(xt, yt)
            for x in (xt, xv, xs):
                model.predict_proba(x)
            ms = (time.perf_counter() - start) * 1000
            runs.append({"seed": seed, "accuracy": float(model.score(xs, ys)), "ms": ms})
        out.append(runs)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
