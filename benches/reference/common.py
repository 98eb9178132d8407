"""Timing helpers shared by the reference scripts."""

import statistics
import time


def time_call(fn, min_seconds=0.2, runs=5):
    """Median over `runs` runs of the mean seconds per call of `fn()`.

    Each run repeats `fn` enough times to last about `min_seconds`, after a warm-up.
    """
    for _ in range(3):
        fn()
    # Calibrate the repetitions so that one run lasts about min_seconds.
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds / 4 or reps >= 1 << 20:
            break
        reps *= 2
    reps = max(1, int(reps * min_seconds / max(elapsed, 1e-9)))
    per_call = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        per_call.append((time.perf_counter() - t0) / reps)
    return statistics.median(per_call)


def fmt_time(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.3f} s"


def mlp_flops(sizes, batch):
    """FLOPs of one forward pass: 2 · batch · Σ in·out."""
    return 2 * batch * sum(a * b for a, b in zip(sizes, sizes[1:]))
