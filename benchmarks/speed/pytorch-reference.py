"""PyTorch CPU reference for the speed benchmark (issue 6): the same five workloads, Adam, batch
sizes and thread count as benchmarks/speed/speed-run.ts. Prints one JSON object on stdout.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 pytorch-reference.py --threads 1 --seconds 2
Reference only: never a runtime dependency of multihop.
"""
import argparse
import json
import os
import sys
import time


WINDOW_S = 0.010


def blas_in_use():
    """Which BLAS library the process actually mapped (Debian's torch goes through libblas.so.3)."""
    libs = set()
    with open('/proc/self/maps') as maps:
        for line in maps:
            path = line.split()[-1]
            if 'blas' in path or 'mkl' in path:
                libs.add(path)
    return sorted(libs)


def build(torch, workload):
    nn = torch.nn
    if workload['kind'] == 'mlp':
        layers, width = [], workload['inputs']
        for hidden in workload['hidden']:
            layers += [nn.Linear(width, hidden), nn.ReLU()]
            width = hidden
        layers.append(nn.Linear(width, workload['classes']))
        return nn.Sequential(*layers)
    # 2-conv CNN: conv3x3(32) relu pool2, conv3x3(64) relu pool2, dense 128 relu, dense 10
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(5 * 5 * 64, 128), nn.ReLU(), nn.Linear(128, workload['classes']))


def measure(torch, workload, seconds):
    torch.manual_seed(0)
    model = build(torch, workload)
    params = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    batch = workload['batch']
    shape = [batch, workload['inputs']] if workload['kind'] == 'mlp' else [batch, 1, 28, 28]
    batches = [(torch.randn(*shape), torch.randint(0, workload['classes'], (batch,)))
               for _ in range(8)]

    def step(i):
        x, y = batches[i % len(batches)]
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss

    for i in range(5):
        step(i)
    # Best short window, as speed-training.ts reads ours: robust to other processes on the cores.
    # Also the best window's CPU time of this (the only computing) thread, as ours is read.
    steps, best, best_cpu, start = 0, float('inf'), float('inf'), time.perf_counter()
    while time.perf_counter() - start < seconds or best == float('inf'):
        window_steps, window_start, window_cpu = 0, time.perf_counter(), time.thread_time()
        while time.perf_counter() - window_start < WINDOW_S or window_steps < 3:
            step(steps)
            steps += 1
            window_steps += 1
        best = min(best, (time.perf_counter() - window_start) / window_steps)
        best_cpu = min(best_cpu, (time.thread_time() - window_cpu) / window_steps)
    return {'name': workload['name'], 'params': params, 'steps': steps,
            'samplesPerSec': batch / best, 'msPerStep': 1000 * best,
            'samplesPerCpuSec': batch / best_cpu if best_cpu > 0 else None}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--seconds', type=float, default=2.0)
    parser.add_argument('--workloads', required=True, help='JSON list of workload specs')
    args = parser.parse_args()
    try:
        import torch
    except ImportError as error:
        print(json.dumps({'available': False, 'note': f'PyTorch not importable: {error}'}))
        return
    torch.set_num_threads(args.threads)
    workloads = json.loads(args.workloads)
    results = [measure(torch, w, args.seconds) for w in workloads]
    print(json.dumps({
        'available': True,
        'torch': torch.__version__,
        'threads': torch.get_num_threads(),
        'openblasThreadsEnv': os.environ.get('OPENBLAS_NUM_THREADS'),
        'blas': blas_in_use(),
        'python': sys.version.split()[0],
        'results': results,
    }))


if __name__ == '__main__':
    main()
