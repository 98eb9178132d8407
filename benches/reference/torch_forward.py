"""PyTorch eager (CPU) forward pass of the shapes in benches/forward.rs.

Usage: /work/venv-torch/bin/python benches/reference/torch_forward.py [--threads 1 2]
Prints one markdown table row per (threads, shape, batch): median time per call and samples/s.
"""

import argparse

import torch

from common import fmt_time, mlp_flops, time_call

SHAPES = [
    ("mlp_784_128_10_f32", [784, 128, 10], "relu", [1, 16, 64, 256, 1024, 8192]),
    ("mlp_784_256_256_10_f32", [784, 256, 256, 10], "relu", [1, 64, 1024]),
    ("neuron_30_1_f32", [30, 1], "sigmoid-out", [1, 64, 1024]),
]


def build(sizes, kind):
    layers = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        layers.append(torch.nn.Linear(a, b))
        last = i + 2 == len(sizes)
        if kind == "relu" and not last:
            layers.append(torch.nn.ReLU())
        if kind == "sigmoid-out" and last:
            layers.append(torch.nn.Sigmoid())
    return torch.nn.Sequential(*layers).float().eval()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    torch.manual_seed(0)
    print(f"torch {torch.__version__}, eager, CPU, float32, inference_mode")
    print("| threads | shape | batch | time | samples/s | GFLOP/s |")
    print("|---|---|---|---|---|---|")
    for threads in args.threads:
        torch.set_num_threads(threads)
        for name, sizes, kind, batches in SHAPES:
            model = build(sizes, kind)
            for batch in batches:
                x = torch.rand(batch, sizes[0], dtype=torch.float32)
                with torch.inference_mode():
                    t = time_call(lambda: model(x), runs=args.runs)
                gflops = mlp_flops(sizes, batch) / t / 1e9
                print(f"| {threads} | {name} | {batch} | {fmt_time(t)} | {batch / t:,.0f} "
                      f"| {gflops:.1f} |", flush=True)


if __name__ == "__main__":
    main()
