"""scikit-learn reference for the accuracy benchmark's target model (run by sklearn-baseline.ts).

Reads one JSON file: {"hidden": [...], "seed": s, "numFeatures": f,
"train"|"validation"|"test": {"x": [row-major floats], "y": [labels]}} holding the very split
(standardised as multihop standardises it) that the multihop run used. Fits LogisticRegression
(hidden == []) or MLPClassifier(hidden_layer_sizes=hidden, relu, adam) of the same size, tunes
its regularisation / learning rate on the validation part, and prints one JSON line with the
chosen setting and the validation and test accuracy.
"""
import json
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier


def part(spec, width):
    x = np.asarray(spec["x"], dtype=np.float64).reshape(-1, width)
    return x, np.asarray(spec["y"], dtype=np.int64)


def main(path):
    with open(path) as f:
        job = json.load(f)
    width = job["numFeatures"]
    (xt, yt), (xv, yv), (xs, ys) = (part(job[k], width) for k in ("train", "validation", "test"))
    hidden, seed = tuple(job["hidden"]), job["seed"]
    if hidden:
        grid = [{"alpha": a, "learning_rate_init": lr} for a in (1e-4, 1e-2) for lr in (1e-3, 1e-2)]
        make = lambda p: MLPClassifier(hidden_layer_sizes=hidden, activation="relu", solver="adam",
                                       max_iter=500, random_state=seed, **p)
        name = f"MLPClassifier{list(hidden)}"
    else:
        grid = [{"C": c} for c in (0.1, 1.0, 10.0)]
        make = lambda p: LogisticRegression(max_iter=2000, **p)
        name = "LogisticRegression"
    best = None
    warnings.simplefilter("ignore", ConvergenceWarning)
    for params in grid:
        model = make(params).fit(xt, yt)
        val = float(model.score(xv, yv))
        if best is None or val > best[0]:
            best = (val, params, model)
    val, params, model = best
    print(json.dumps({"model": name, "params": params, "validation": val, "test": float(model.score(xs, ys))}))


if __name__ == "__main__":
    main(sys.argv[1])
