#!/usr/bin/python3
"""Fill a histogram on a Dask cluster and watch it grow live in afkit's Histograms panel.

Each Dask task histograms one chunk of data with numpy and publishes it to the facility as a partial; the
facility adds the partials up exactly, and every open Histograms view redraws as they arrive.

    # in a terminal of the JupyterLab that `npm start` opened (AFKIT_FACILITY_URL/TOKEN are set there),
    # or with those two variables set by hand:
    /usr/bin/python3 examples/dask_live_histogram.py --scheduler tcp://127.0.0.1:PORT   # a cluster from the Clusters panel
    /usr/bin/python3 examples/dask_live_histogram.py                                    # or a throw-away local cluster

The publisher is one standard-library file, packages/hist-viewer/python/afkit_hist.py: `client.upload_file`
ships it to the workers, so nothing has to be installed on them.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
from dask.distributed import Client, LocalCluster

HELPER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "packages", "hist-viewer", "python", "afkit_hist.py")


def chunk_values(seed, size):
    """A Z-boson-like dimuon mass peak on a falling background; the same seed always gives the same chunk."""
    rng = np.random.default_rng(seed)
    peak = rng.normal(91.19, 2.5, size=int(size * 0.7))
    background = 60 + rng.exponential(25.0, size=size - peak.size)
    return np.concatenate([peak, background])


def fill_and_publish(seed, args):
    import afkit_hist  # shipped to the worker by client.upload_file

    counts, edges = np.histogram(chunk_values(seed, args["size"]), bins=args["bins"], range=(args["lower"], args["upper"]))
    time.sleep(args["delay"])  # stands for the rest of an analysis task, so the view has time to show each step
    afkit_hist.publish(args["name"], afkit_hist.from_numpy(counts, edges, labels=["m_μμ [GeV]"]), url=args["url"], token=args["token"])
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scheduler", help="address of a running Dask scheduler; a local cluster by default")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunks", type=int, default=12)
    parser.add_argument("--size", type=int, default=200_000, help="values per chunk")
    parser.add_argument("--bins", type=int, default=60)
    parser.add_argument("--lower", type=float, default=60.0)
    parser.add_argument("--upper", type=float, default=120.0)
    parser.add_argument("--delay", type=float, default=0.3, help="seconds each task waits before publishing")
    parser.add_argument("--name", default="dimuon_mass")
    parser.add_argument("--print-total", action="store_true", help="print the single-pass total as JSON (for tests)")
    options = parser.parse_args()

    url, token = os.environ.get("AFKIT_FACILITY_URL"), os.environ.get("AFKIT_FACILITY_TOKEN")
    if not url or not token:
        sys.exit("Set AFKIT_FACILITY_URL and AFKIT_FACILITY_TOKEN (the terminals of afkit's JupyterLab have them).")
    args = {k: getattr(options, k) for k in ("size", "bins", "lower", "upper", "delay", "name")}
    args.update(url=url, token=token)

    cluster = None if options.scheduler else LocalCluster(n_workers=options.workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None)
    with Client(options.scheduler or cluster) as client:
        client.upload_file(os.path.normpath(HELPER))
        futures = client.map(fill_and_publish, range(options.chunks), args=args, pure=False)
        partial_sum = sum(f.result() for f in futures)
    if cluster is not None:
        cluster.close()

    total, _ = np.histogram(np.concatenate([chunk_values(s, options.size) for s in range(options.chunks)]), bins=options.bins, range=(options.lower, options.upper))
    assert (partial_sum == total).all(), "the partials do not add up to the single-pass histogram"
    if options.print_total:
        print(json.dumps({"total": total.tolist()}))
    else:
        print(f"published {options.chunks} partials of '{options.name}' ({int(total.sum())} entries in range)")


if __name__ == "__main__":
    main()
