"""PyTorch eager (CPU) training of the shapes in benches/train.rs.

`train_step`: zero_grad, forward, CrossEntropyLoss, backward, SGD(lr=0.01, momentum=0.9,
weight_decay=1e-4) step, on a 784-128-10 ReLU MLP. `train_step_adam`: the same with
Adam(lr=1e-3, weight_decay=1e-4). `epoch`: one epoch over 60,000 synthetic
MNIST-shaped samples (features uniform in [0, 1), labels 0..9), preshuffled, batch 64.

Usage: /work/venv-torch/bin/python benches/reference/torch_train.py [--threads 1 2]
"""

import argparse
import statistics
import time

import torch

from common import fmt_time, time_call


def build():
    return torch.nn.Sequential(
        torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)
    ).float()


def make_step(model, adam=False):
    if adam:
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step(x, y):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss

    return step


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--epoch-runs", type=int, default=3)
    args = parser.parse_args()
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    n = 60_000
    xs = torch.rand(n, 784, generator=gen)
    ys = torch.randint(0, 10, (n,), generator=gen)
    perm = torch.randperm(n, generator=gen)
    xs, ys = xs[perm].contiguous(), ys[perm].contiguous()

    print(f"torch {torch.__version__}, eager, CPU, float32")
    print("| threads | bench | batch | time | samples/s |")
    print("|---|---|---|---|---|")
    for threads in args.threads:
        torch.set_num_threads(threads)
        for name, adam in [("train_step", False), ("train_step_adam", True)]:
            for batch in [16, 64, 256, 1024]:
                step = make_step(build(), adam)
                x, y = xs[:batch], ys[:batch]
                t = time_call(lambda: step(x, y), runs=args.runs)
                print(f"| {threads} | {name} mlp_784_128_10_f32 | {batch} | {fmt_time(t)} "
                      f"| {batch / t:,.0f} |", flush=True)
        step = make_step(build())
        times = []
        for _ in range(args.epoch_runs + 1):  # the first run warms up
            t0 = time.perf_counter()
            for start in range(0, n, 64):
                step(xs[start:start + 64], ys[start:start + 64])
            times.append(time.perf_counter() - t0)
        t = statistics.median(times[1:])
        print(f"| {threads} | epoch_mnist_shape | 64 | {fmt_time(t)} | {n / t:,.0f} |",
              flush=True)


if __name__ == "__main__":
    main()
