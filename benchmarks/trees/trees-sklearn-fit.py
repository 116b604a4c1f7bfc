"""scikit-learn's side of the tree fit-time table (run by trees-fit-time.ts).

Reads one JSON file {"width": f, "rounds": r, "train": {"x", "y"}, "test": {"x", "y"}, "models":
[{"kind": "tree"|"forest"|"gbt", ...the arch's fields}]}, fits DecisionTreeClassifier /
RandomForestClassifier (n_jobs=1, max_features='sqrt') / HistGradientBoostingClassifier (the
caller sets OMP_NUM_THREADS=1; no early stopping, no leaf limit: trees grow by depth as gbt's do)
on float32 features, and prints one JSON line: per model the best fit milliseconds of at least r
runs and as many more as fit in a second, and the test accuracy.
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier


def estimator(spec):
    if spec["kind"] == "tree":
        return lambda: DecisionTreeClassifier(max_depth=spec["maxDepth"], random_state=0)
    if spec["kind"] == "forest":
        return lambda: RandomForestClassifier(n_estimators=spec["trees"], max_depth=spec["maxDepth"], max_features="sqrt", n_jobs=1, random_state=0)
    return lambda: HistGradientBoostingClassifier(
        max_iter=spec["rounds"], max_depth=spec["maxDepth"], learning_rate=spec.get("learningRate", 0.1),
        max_bins=spec.get("bins", 255), min_samples_leaf=spec.get("minSamplesLeaf", 20), l2_regularization=spec["l2"],
        max_leaf_nodes=None, early_stopping=False, random_state=0)


def main(path):
    with open(path) as f:
        job = json.load(f)
    w = job["width"]
    xt = np.asarray(job["train"]["x"], dtype=np.float32).reshape(-1, w)
    yt = np.asarray(job["train"]["y"])
    xs = np.asarray(job["test"]["x"], dtype=np.float32).reshape(-1, w)
    ys = np.asarray(job["test"]["y"])
    out = []
    for spec in job["models"]:
        make = estimator(spec)
        best = float("inf")
        began = time.perf_counter()
        runs = 0
        while runs < 25 and (runs < job.get("rounds", 3) or time.perf_counter() - began < 1.0):
            start = time.perf_counter()
            model = make().fit(xt, yt)
            best = min(best, (time.perf_counter() - start) * 1000)
            runs += 1
        out.append({"ms": best, "accuracy": float(model.score(xs, ys))})
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
