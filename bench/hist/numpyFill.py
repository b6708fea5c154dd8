"""numpy anchor for bench/hist: numpy.histogram / numpy.histogram2d fills on seeded generated data.

Usage: python3 numpyFill.py N SEED. Prints "ready <numpy version>" once the data exist and every fill ran once
(warm-up), then for each line read from stdin (fill_1d, fill_1d_weighted or fill_2d) runs that fill once and
prints the seconds it took (only the fill is timed) and the in-range sum, so the caller can interleave its runs
with ours.
"""
import sys
import time

import numpy as np

n, seed = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(seed)
x = rng.normal(0.0, 1.0, n)
y = rng.normal(0.0, 1.0, n)
w = rng.uniform(0.0, 2.0, n)

FILLS = {
    "fill_1d": lambda: np.histogram(x, bins=100, range=(-3.0, 3.0))[0],
    "fill_1d_weighted": lambda: np.histogram(x, bins=100, range=(-3.0, 3.0), weights=w)[0],
    "fill_2d": lambda: np.histogram2d(x, y, bins=100, range=[[-3.0, 3.0], [-3.0, 3.0]])[0],
}

# One untimed pass of every fill first. Cold, numpy's per-block temporaries come from fresh mmapped memory that
# glibc hands back to the system after each block, and page faults set the pace (45 ns/fill here against 9 warm);
# which fill ran before decided whether a timed run was cold or warm (histogram2d leaves malloc warm).
for fill in FILLS.values():
    fill()

print("ready", np.__version__, flush=True)
for line in sys.stdin:
    name = line.strip()
    if name not in FILLS:
        break
    start = time.perf_counter()
    counts = FILLS[name]()
    elapsed = time.perf_counter() - start
    print(elapsed, float(counts.sum()), flush=True)
