"""scikit-learn's model of the same family and size as a multihop target, on the very split the run
used, tuned on its validation part (run by sklearn-same-size.ts, one call per split).

Reads one JSON file:
  {"width": f, "seed": s, "train": {"x": [...], "y": [...]}, "validation": {...}, "test": {...},
   "targets": [{"key": "...", "kind": "tree"|"mlp"|"linear"|"forest"|"gbt", "params": {...}}]}
where x is the row-major split multihop prepared (one-hot, missing values filled, standardised),
and prints one JSON line: per target, the chosen setting and the validation and test accuracy.
Selection reads validation accuracy only; ties keep the first setting of the grid. The size (depth,
hidden widths, trees, rounds) is the target's; only what does not change the size is tuned.
"""
import itertools
import json
import sys
import warnings

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.tree import DecisionTreeClassifier


def grid(**axes):
    keys = list(axes)
    return [dict(zip(keys, values)) for values in itertools.product(*(axes[k] for k in keys))]


def candidates(kind, params, seed):
    if kind == "tree":
        return [
            (p, lambda p=p: DecisionTreeClassifier(max_depth=params["max_depth"], random_state=seed, **p))
            for p in grid(min_samples_leaf=[1, 5, 20], criterion=["gini", "entropy"])
        ]
    if kind == "mlp":
        hidden = tuple(params["hidden"])
        return [
            (p, lambda p=p: MLPClassifier(hidden_layer_sizes=hidden, activation="relu", solver="adam", max_iter=500, random_state=seed, **p))
            for p in grid(alpha=[1e-4, 1e-2], learning_rate_init=[1e-3, 1e-2])
        ]
    if kind == "linear":
        return [(p, lambda p=p: LogisticRegression(max_iter=5000, **p)) for p in grid(C=[0.01, 0.1, 1.0, 10.0, 100.0])]
    if kind == "forest":
        return [
            (p, lambda p=p: RandomForestClassifier(n_estimators=params["n_estimators"], max_depth=params["max_depth"], n_jobs=1, random_state=seed, **p))
            for p in grid(min_samples_leaf=[1, 5], max_features=["sqrt", None])
        ]
    if kind == "gbt":
        return [
            (p, lambda p=p: HistGradientBoostingClassifier(max_iter=params["max_iter"], max_depth=params["max_depth"], early_stopping=False, random_state=seed, **p))
            for p in grid(learning_rate=[0.05, 0.1, 0.3], min_samples_leaf=[5, 20])
        ]
    raise ValueError(f"unknown model kind {kind!r}")


def part(job, name):
    return np.asarray(job[name]["x"], dtype=np.float64).reshape(-1, job["width"]), np.asarray(job[name]["y"])


def main(path):
    with open(path) as f:
        job = json.load(f)
    (xt, yt), (xv, yv), (xs, ys) = (part(job, name) for name in ("train", "validation", "test"))
    warnings.simplefilter("ignore", ConvergenceWarning)
    out = []
    for target in job["targets"]:
        best = None
        for params, make in candidates(target["kind"], target["params"], job["seed"]):
            model = make().fit(xt, yt)
            val = float(model.score(xv, yv))
            if best is None or val > best[0]:
                best = (val, params, model)
        val, params, model = best
        out.append({"key": target["key"], "params": params, "validation": val, "test": float(model.score(xs, ys))})
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
