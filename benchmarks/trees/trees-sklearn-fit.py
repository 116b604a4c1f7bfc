"""scikit-learn's side of the tree fit-time table (run by trees-fit-time.ts).

Reads one JSON file {"width": f, "classes": c, "train": {"x", "y"}, "test": {"x", "y"}, "models":
[{"kind": "tree"|"forest", "maxDepth": d, "trees": t}]}, fits DecisionTreeClassifier /
RandomForestClassifier (n_jobs=1, max_features='sqrt') on float32 features, and prints one JSON
line per model: best-of-3 fit milliseconds and test accuracy.
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier


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
        if spec["kind"] == "tree":
            make = lambda: DecisionTreeClassifier(max_depth=spec["maxDepth"], random_state=0)
        else:
            make = lambda: RandomForestClassifier(n_estimators=spec["trees"], max_depth=spec["maxDepth"], max_features="sqrt", n_jobs=1, random_state=0)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            model = make().fit(xt, yt)
            best = min(best, (time.perf_counter() - start) * 1000)
        out.append({"ms": best, "accuracy": float(model.score(xs, ys))})
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
