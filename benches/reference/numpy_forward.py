"""numpy forward pass of the shapes in benches/forward.rs, into preallocated buffers.

`--threads N` sets OPENBLAS_NUM_THREADS (and OMP/MKL) before numpy is imported.
Usage: /work/venv-torch/bin/python benches/reference/numpy_forward.py --threads 1
"""

import argparse
import os

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--runs", type=int, default=5)
args = parser.parse_args()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402  (after the thread settings)

from common import fmt_time, mlp_flops, time_call  # noqa: E402

SHAPES = [
    ("mlp_784_128_10_f32", [784, 128, 10], "relu", [1, 16, 64, 256, 1024, 8192]),
    ("mlp_784_256_256_10_f32", [784, 256, 256, 10], "relu", [1, 64, 1024]),
    ("neuron_30_1_f32", [30, 1], "sigmoid-out", [1, 64, 1024]),
]


def make_forward(sizes, kind, batch, rng):
    # Weights stored (out, in) like nn.Linear; the product uses the transposed view.
    ws = [(rng.uniform(-0.05, 0.05, (b, a)).astype(np.float32),
           rng.uniform(-0.05, 0.05, b).astype(np.float32)) for a, b in zip(sizes, sizes[1:])]
    outs = [np.empty((batch, b), np.float32) for b in sizes[1:]]

    def forward(x):
        h = x
        for i, ((w, b), out) in enumerate(zip(ws, outs)):
            np.matmul(h, w.T, out=out)
            out += b
            last = i + 1 == len(ws)
            if kind == "relu" and not last:
                np.maximum(out, 0, out=out)
            if kind == "sigmoid-out" and last:
                np.negative(out, out=out)
                np.exp(out, out=out)
                out += 1
                np.reciprocal(out, out=out)
            h = out
        return h

    return forward


def main():
    rng = np.random.default_rng(0)
    print(f"numpy {np.__version__}, float32, {args.threads} BLAS thread(s)")
    print("| threads | shape | batch | time | samples/s | GFLOP/s |")
    print("|---|---|---|---|---|---|")
    for name, sizes, kind, batches in SHAPES:
        for batch in batches:
            forward = make_forward(sizes, kind, batch, rng)
            x = rng.random((batch, sizes[0]), dtype=np.float32)
            t = time_call(lambda: forward(x), runs=args.runs)
            gflops = mlp_flops(sizes, batch) / t / 1e9
            print(f"| {args.threads} | {name} | {batch} | {fmt_time(t)} | {batch / t:,.0f} "
                  f"| {gflops:.1f} |", flush=True)


if __name__ == "__main__":
    main()
