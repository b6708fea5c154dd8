"""Publish histograms to an afkit facility from anywhere: a Dask task, a batch job, a notebook.

One file, standard library only (copy it next to your code; no pip install). Histograms travel as UHI
JSON (https://uhi.readthedocs.io), the format hist and boost-histogram write, so the facility's live
views merge partial histograms from many producers exactly.

    import numpy as np
    from afkit_hist import from_numpy, publish

    counts, edges = np.histogram(chunk, bins=100, range=(0, 200))
    publish("jet_pt", from_numpy(counts, edges, label="p_T [GeV]"))   # mode="partial": added to the total

URL and token come from the arguments or from AFKIT_FACILITY_URL / AFKIT_FACILITY_TOKEN; requests
carry ``Authorization: token <token>`` and go to ``POST {url}/api/afkit/hists/{name}`` with the body
``{"mode": "partial" | "replace", "histogram": <UHI>}``.
"""

import json
import math
import os
import urllib.error
import urllib.parse
import urllib.request

__all__ = [
    "PublishError",
    "regular_axis",
    "variable_axis",
    "integer_axis",
    "category_axis",
    "boolean_axis",
    "histogram",
    "fill",
    "from_numpy",
    "to_uhi",
    "publish",
]

_STORAGE_FIELDS = {
    "int": ("values",),
    "double": ("values",),
    "weighted": ("values", "variances"),
    "mean": ("counts", "values", "variances"),
    "weighted_mean": ("sum_of_weights", "sum_of_weights_squared", "values", "variances"),
}


class PublishError(Exception):
    """A publish the facility refused or could not receive; ``status`` is the HTTP status (None if unreachable)."""

    def __init__(self, message, status=None, body=None):
        super().__init__(message)
        self.status = status
        self.body = body


def _extras(name, label, metadata):
    meta = dict(metadata or {})
    if name is not None:
        meta["name"] = name
    if label is not None:
        meta["label"] = label
    return {"metadata": meta} if meta else {}


def regular_axis(bins, lower, upper, underflow=True, overflow=True, circular=False, name=None, label=None, metadata=None):
    """A UHI regular axis: ``bins`` equal bins over [lower, upper); label with units, e.g. "p_T [GeV]"."""
    return {
        "type": "regular", "lower": float(lower), "upper": float(upper), "bins": int(bins),
        "underflow": bool(underflow and not circular), "overflow": bool(overflow), "circular": bool(circular),
        **_extras(name, label, metadata),
    }


def variable_axis(edges, underflow=True, overflow=True, circular=False, name=None, label=None, metadata=None):
    """A UHI variable axis: bins between consecutive increasing edges."""
    return {
        "type": "variable", "edges": [float(e) for e in edges],
        "underflow": bool(underflow and not circular), "overflow": bool(overflow), "circular": bool(circular),
        **_extras(name, label, metadata),
    }


def integer_axis(lower, upper, underflow=True, overflow=True, name=None, label=None, metadata=None):
    """One bin per integer in [lower, upper), written as boost-histogram writes its Integer axis."""
    axis = {
        "type": "regular", "lower": int(lower), "upper": int(upper), "bins": int(upper) - int(lower),
        "underflow": bool(underflow), "overflow": bool(overflow), "circular": False,
        **_extras(name, label, metadata),
    }
    axis["writer_info"] = {"boost-histogram": {"orig_type": "Integer"}}
    return axis


def category_axis(categories, flow=True, growth=False, name=None, label=None, metadata=None):
    """A UHI category axis of strings or of integers; ``flow`` adds an "other" bin after the categories."""
    categories = list(categories)
    kind = "category_str" if all(isinstance(c, str) for c in categories) and categories else "category_int"
    if kind == "category_int" and not all(isinstance(c, int) and not isinstance(c, bool) for c in categories):
        raise ValueError("categories must be all strings or all integers")
    axis = {"type": kind, "categories": categories, "flow": bool(flow), **_extras(name, label, metadata)}
    if growth:
        axis["writer_info"] = {"boost-histogram": {"growth": True}}
    return axis


def boolean_axis(name=None, label=None, metadata=None):
    """A UHI boolean axis: two bins, false and true."""
    return {"type": "boolean", **_extras(name, label, metadata)}


def _extent(axis):
    t = axis["type"]
    if t == "regular":
        return axis["bins"] + axis["underflow"] + axis["overflow"]
    if t == "variable":
        return len(axis["edges"]) - 1 + axis["underflow"] + axis["overflow"]
    if t in ("category_str", "category_int"):
        return len(axis["categories"]) + axis["flow"]
    return 2


def _flow_offsets(axis):
    """(bins, underflow, overflow) as 0/1 flags; a category's "other" bin counts as overflow."""
    t = axis["type"]
    if t == "regular":
        return axis["bins"], int(axis["underflow"]), int(axis["overflow"])
    if t == "variable":
        return len(axis["edges"]) - 1, int(axis["underflow"]), int(axis["overflow"])
    if t in ("category_str", "category_int"):
        return len(axis["categories"]), 0, int(axis["flow"])
    return 2, 0, 0


def _zeros(shape):
    if not shape:
        return 0.0
    return [_zeros(shape[1:]) for _ in range(shape[0])]


def _tolist(values):
    tolist = getattr(values, "tolist", None)
    return tolist() if tolist else values


def _pad(values, axes):
    """Inner-bin nested lists to full nested lists with zero flow bins."""
    def pad(node, depth):
        if depth == len(axes):
            return float(node)
        bins, uf, of = _flow_offsets(axes[depth])
        node = list(node)
        if len(node) != bins:
            raise ValueError(f"axis {depth} has {bins} bins but the values have {len(node)}")
        rest = [_extent(a) for a in axes[depth + 1:]]
        inner = [pad(child, depth + 1) for child in node]
        return [_zeros(rest)] * uf + inner + [_zeros(rest)] * of
    return pad(values, 0)


def _check_shape(values, shape, field):
    if not shape:
        return
    if not isinstance(values, list) or len(values) != shape[0]:
        got = len(values) if isinstance(values, list) else "a number"
        raise ValueError(f'storage "{field}" has {got} entries where its axis has {shape[0]} bins (flow included)')
    for child in values:
        _check_shape(child, shape[1:], field)


def histogram(axes, values, variances=None, storage=None, metadata=None, flow=True, **fields):
    """A UHI histogram dict. ``values`` (and ``variances``) are nested lists (or numpy arrays) including the
    flow bins of every axis, in boost-histogram's ``h.values(flow=True)`` order; pass ``flow=False`` to give
    only the inner bins (flow bins are then zero). ``storage`` defaults to "weighted" when variances are
    given, else "double". Profiles pass their fields (counts, sum_of_weights, …) as keywords."""
    axes = list(axes)
    if storage is None:
        storage = "weighted" if variances is not None else "double"
    if storage not in _STORAGE_FIELDS:
        raise ValueError(f"unknown storage {storage!r}; one of {sorted(_STORAGE_FIELDS)}")
    given = dict(fields, values=values)
    if variances is not None:
        given["variances"] = variances
    shape = [_extent(a) for a in axes]
    out = {"type": storage}
    for field in _STORAGE_FIELDS[storage]:
        if field not in given:
            raise ValueError(f'a {storage} storage needs "{field}"')
        data = _tolist(given[field])
        data = _pad(data, axes) if not flow else data
        if not axes:
            data = [float(data)]
        else:
            _check_shape(data, shape, field)
        out[field] = data
    result = {"uhi_schema": 1, "axes": axes, "storage": out}
    if metadata:
        result["metadata"] = dict(metadata)
    return result


def _index(axis, value):
    """Storage index of one value on one axis (boost-histogram semantics), or None when dropped."""
    t = axis["type"]
    if t in ("regular", "variable"):
        bins, uf, of = _flow_offsets(axis)
        if t == "regular":
            lo, hi = axis["lower"], axis["upper"]
            edges = [(1 - i / bins) * lo + (i / bins) * hi for i in range(bins + 1)]
        else:
            edges = axis["edges"]
        x = float(value)
        if axis["circular"] and math.isfinite(x):
            period = edges[-1] - edges[0]
            x -= math.floor((x - edges[0]) / period) * period
        if x < edges[0]:
            return 0 if uf else None
        if not x < edges[-1]:  # also NaN
            return bins + uf if of else None
        lo_i, hi_i = 0, bins
        while hi_i - lo_i > 1:
            mid = (lo_i + hi_i) // 2
            if edges[mid] <= x:
                lo_i = mid
            else:
                hi_i = mid
        return lo_i + uf
    if t in ("category_str", "category_int"):
        cats = axis["categories"]
        if value in cats:
            return cats.index(value)
        return len(cats) if axis["flow"] else None
    return 1 if value else 0


def fill(axes, *columns, weight=None, storage=None, metadata=None):
    """Histograms columns of plain Python values without numpy: one column per axis; returns a UHI dict
    (double storage, or weighted when ``weight`` is given)."""
    axes = list(axes)
    if len(columns) != len(axes):
        raise ValueError(f"{len(axes)} axes but {len(columns)} columns")
    storage = storage or ("weighted" if weight is not None else "double")
    shape = [_extent(a) for a in axes]
    size = 1
    for n in shape:
        size *= n
    values = [0.0] * size
    variances = [0.0] * size
    weights = weight if weight is not None else None
    for k, entry in enumerate(zip(*columns)):
        flat = 0
        for axis, n, v in zip(axes, shape, entry):
            i = _index(axis, v)
            if i is None:
                flat = None
                break
            flat = flat * n + i
        if flat is None:
            continue
        w = 1.0 if weights is None else float(weights[k])
        values[flat] += w
        variances[flat] += w * w

    def nest(flat_list):
        def build(depth, offset, stride):
            n = shape[depth]
            inner = stride // n
            if depth == len(shape) - 1:
                return flat_list[offset:offset + n]
            return [build(depth + 1, offset + i * inner, inner) for i in range(n)]
        return build(0, 0, size) if shape else flat_list[0]

    if storage == "weighted":
        return histogram(axes, nest(values), nest(variances), storage="weighted", metadata=metadata)
    return histogram(axes, nest(values), storage=storage, metadata=metadata)


def from_numpy(counts, *edges, variances=None, labels=None, metadata=None):
    """A UHI dict from ``numpy.histogram`` / ``histogram2d`` / ``histogramdd`` results: counts and the edges
    of each axis. Equal-width edges give regular axes, others variable ones; numpy has no flow bins, so
    the axes have none either (partials merge exactly with each other). numpy closes its last bin, so a
    value equal to the upper edge is counted there, where boost-histogram would call it overflow."""
    import numpy as np  # only when used: the rest of this file needs no numpy

    counts = np.asarray(counts, dtype=float)
    if len(edges) == 1 and counts.ndim > 1:
        edges = tuple(edges[0])
    axes = []
    for d, e in enumerate(edges):
        e = np.asarray(e, dtype=float)
        label = labels[d] if labels else None
        widths = np.diff(e)
        if np.allclose(widths, widths[0], rtol=1e-12, atol=0):
            axes.append(regular_axis(len(e) - 1, e[0], e[-1], underflow=False, overflow=False, label=label))
        else:
            axes.append(variable_axis(e, underflow=False, overflow=False, label=label))
    if variances is not None:
        return histogram(axes, counts.tolist(), np.asarray(variances, dtype=float).tolist(), storage="weighted", metadata=metadata)
    return histogram(axes, counts.tolist(), metadata=metadata)


def to_uhi(obj):
    """UHI dict of a UHI dict (returned as is), a hist/boost-histogram object, or a numpy.histogram result."""
    if isinstance(obj, dict):
        if "axes" not in obj or "storage" not in obj:
            raise ValueError("a UHI histogram dict needs 'axes' and 'storage'")
        return obj
    if isinstance(obj, tuple) and len(obj) >= 2:
        return from_numpy(obj[0], *obj[1:])
    try:
        from uhi.io.json import to_dict  # hist / boost-histogram users have uhi installed
    except ImportError:
        to_dict = None
    if to_dict is not None:
        return to_dict(obj)
    if hasattr(obj, "_to_uhi_"):
        return obj._to_uhi_()
    raise TypeError(f"cannot turn {type(obj).__name__} into UHI JSON; install uhi, or pass a UHI dict")


def publish(name, hist_or_uhi, url=None, token=None, mode="partial", timeout=30.0):
    """Sends a histogram to the facility: ``mode="partial"`` adds it to what others published under
    ``name``, ``"replace"`` replaces that total. Returns the facility's JSON reply (or None if empty);
    raises PublishError on HTTP errors or an unreachable facility."""
    if mode not in ("partial", "replace"):
        raise ValueError(f'mode must be "partial" or "replace", not {mode!r}')
    url = url or os.environ.get("AFKIT_FACILITY_URL")
    token = token or os.environ.get("AFKIT_FACILITY_TOKEN")
    if not url:
        raise PublishError("no facility URL: pass url= or set AFKIT_FACILITY_URL")
    if not token:
        raise PublishError("no facility token: pass token= or set AFKIT_FACILITY_TOKEN")
    body = json.dumps({"mode": mode, "histogram": to_uhi(hist_or_uhi)}).encode("utf-8")
    target = f"{url.rstrip('/')}/api/afkit/hists/{urllib.parse.quote(name, safe='')}"
    request = urllib.request.Request(
        target, data=body, method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"token {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace")
        try:
            detail = json.loads(detail).get("message", detail)
        except (ValueError, AttributeError):
            pass
        raise PublishError(f"publishing {name!r} to {target} failed: HTTP {error.code}: {detail}", error.code, detail) from None
    except urllib.error.URLError as error:
        raise PublishError(f"cannot reach the facility at {target}: {error.reason}") from None
    return json.loads(text) if text.strip() else None
