"""One-off conversion of the CSVs shipped in Debian's python3-sklearn into clean CSVs with a header.

The sklearn files open with a line of counts and class names instead of a header, and their last
column is a class index. This writes a header (sklearn's feature names) and a `label` column holding
the class name. Standard library only; run from the repository root:

    /usr/bin/python3 datasets/convert-sklearn.py
"""
import csv
import gzip
import io
import os

SRC = "/usr/lib/python3/dist-packages/sklearn/datasets/data"
OUT = os.path.dirname(os.path.abspath(__file__))

_WDBC = ("radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
         "concave points", "symmetry", "fractal dimension")
# sklearn's names: "mean radius" ... "radius error" ... "worst radius" ...
BREAST_CANCER_FEATURES = ([f"mean {n}" for n in _WDBC] + [f"{n} error" for n in _WDBC]
                          + [f"worst {n}" for n in _WDBC])
WINE_FEATURES = ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols",
                 "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue",
                 "od280/od315_of_diluted_wines", "proline"]
IRIS_FEATURES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
DIGITS_FEATURES = [f"pixel_{r}_{c}" for r in range(8) for c in range(8)]


def convert(src_name, out_name, features, has_counts_line, class_names=None):
    opener = gzip.open if src_name.endswith(".gz") else open
    with opener(os.path.join(SRC, src_name), "rt") as f:
        rows = list(csv.reader(f))
    if has_counts_line:
        first, rows = rows[0], rows[1:]
        n, d = int(first[0]), int(first[1])
        class_names = first[2:]
        assert len(rows) == n and all(len(r) == d + 1 for r in rows), src_name
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(features + ["label"])
    for r in rows:
        w.writerow(r[:-1] + [class_names[int(float(r[-1]))]])
    data = buf.getvalue().encode()
    path = os.path.join(OUT, out_name)
    if out_name.endswith(".gz"):
        with gzip.GzipFile(path, "wb", mtime=0) as g:
            g.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)
    print(out_name, len(rows), "rows", os.path.getsize(path), "bytes")


convert("breast_cancer.csv", "breast-cancer.csv", BREAST_CANCER_FEATURES, True)
convert("wine_data.csv", "wine.csv", WINE_FEATURES, True)
convert("iris.csv", "iris.csv", IRIS_FEATURES, True)
convert("digits.csv.gz", "digits.csv.gz", DIGITS_FEATURES, False, [str(i) for i in range(10)])
