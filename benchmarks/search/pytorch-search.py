"""PyTorch search-level reference (issue 15 item 3): the product's greedy chain search, written
plainly in PyTorch on one thread, to compare hops per core-hour with `multihop search`.

It reads what benchmarks/search/search-export.ts wrote (the run's prepared splits, bit for bit,
and the search its controller resolved) and reproduces, from the TypeScript code:

- trainNode (src/training/train-node.ts): Glorot-uniform kernels and zero biases, Adam (TF.js's
  beta1 0.9, beta2 0.999, epsilon 1e-7), shuffled mini-batches, batch loss mean_i w_i * l_i,
  early stopping on validation cross-entropy with `patience`, best epoch's weights restored;
  rows of weight 0 never enter a batch.
- KD (src/training/kd-loss.ts): l_i = (1-a) CE + a t^2 KL(softmax(z_T/t) || softmax(z_S/t)).
- SRatio and ProfWeight (src/transfer/): teacher probe confidences c_i, the student's scratch
  confidence s_i clipped at `clip`, w_i = c_i/s_i when <= beta else 0, normalised to mean 1.
- The teacher signal (src/training/teacher-signal.ts): logits on the training split, one linear
  probe per hidden layer (Adam from zeros, batch 128, lr 0.01, `probes.epochs` epochs), the
  teacher's own softmax as the output probe; computed once per parent node.
- The greedy search (src/search/beam-strategy.ts with width 1, search-run.ts): root once (first
  seed), the target from scratch and from the root with every config for every seed; then per
  depth the candidates strictly between teacher and target in parameters, each trained from the
  teacher with every config (best by mean validation accuracy), the target trained from it with
  every config; the selection moves to a longer chain only when its gain beats minGain and
  standardErrors x the paired standard error over seeds; the greedy step continues from the best
  expansion that beats its parent chain by more than minGain.

Differences that cannot be avoided are listed in DIFFERENCES (printed with the result).

Usage: /usr/bin/python3 pytorch-search.py --inputs DIR [--threads 1]
Prints one JSON object on stdout. Reference only: never a runtime dependency of multihop.
"""
import argparse
import json
import math
import os
import sys
import time

DIFFERENCES = [
    'random streams: PyTorch generators seeded by (seed, layer) and seed replace the product\'s '
    'seeded TF.js Glorot initialisers and its own batch-order RNG, so single nodes differ by noise',
    'nodes are trained one after another in one process; the product schedules them on a worker '
    'pool and records every node (weights, metrics, signals) in SQLite',
    'no node failures and no retries (the product retries a failed node once)',
]


def load_inputs(np, directory):
    with open(os.path.join(directory, 'search.json')) as f:
        spec = json.load(f)
    width = spec['features']
    splits = {}
    for name in ('train', 'validation', 'test'):
        x = np.fromfile(os.path.join(directory, f'{name}-x.f32'), dtype='<f4').reshape(-1, width)
        y = np.fromfile(os.path.join(directory, f'{name}-y.i32'), dtype='<i4')
        if len(x) != spec['counts'][name] or len(y) != spec['counts'][name]:
            raise SystemExit(f'{name}: expected {spec["counts"][name]} rows, read {len(x)} and {len(y)}')
        splits[name] = (x, y)
    return spec, splits


class Search:
    def __init__(self, torch, spec, splits):
        self.torch = torch
        self.spec = spec
        self.data = {name: (torch.from_numpy(x.copy()), torch.from_numpy(y.astype('int64')))
                     for name, (x, y) in splits.items()}
        self.classes = spec['numClasses']
        self.nodes = {}
        self.signals = {}
        self.train_s = 0.0
        self.signal_s = 0.0

    # ---- training one node (train-node.ts) ----
    def build(self, arch, seed):
        torch = self.torch
        nn = torch.nn
        act = nn.ReLU if arch['activation'] == 'relu' else nn.Tanh
        layers, width = [], self.spec['features']
        widths = arch['hidden'] + [self.classes]
        for i, units in enumerate(widths):
            linear = nn.Linear(width, units)
            generator = torch.Generator().manual_seed(seed * 1009 + i)
            limit = math.sqrt(6.0 / (width + units))
            with torch.no_grad():
                linear.weight.uniform_(-limit, limit, generator=generator)
                linear.bias.zero_()
            layers.append(linear)
            if i < len(arch['hidden']):
                layers.append(act())
            width = units
        return nn.Sequential(*layers)

    def evaluate(self, model, split):
        torch = self.torch
        x, y = self.data[split]
        with torch.no_grad():
            logits = model(x)
            loss = torch.nn.functional.cross_entropy(logits, y).item()
            accuracy = (logits.argmax(1) == y).double().mean().item()
        return logits, loss, accuracy

    def train(self, arch, settings, seed, soft=None, weights=None):
        torch = self.torch
        F = torch.nn.functional
        started = time.perf_counter()
        model = self.build(arch, seed)
        optimizer = torch.optim.Adam(model.parameters(), lr=settings['learningRate'], eps=1e-7)
        x, y = self.data['train']
        active = torch.arange(len(y)) if weights is None else torch.nonzero(weights > 0).flatten()
        if soft is not None:
            temperature, alpha = soft['temperature'], soft['alpha']
            log_p = F.log_softmax(soft['logits'] / temperature, dim=1)
            p_teacher = log_p.exp()
            neg_entropy = (p_teacher * log_p).sum(1)
        generator = torch.Generator().manual_seed(seed * 7919 + 1)
        batch = settings['batchSize']
        best_loss, best_state, since_best, epochs = math.inf, None, 0, 0
        for _ in range(settings['maxEpochs']):
            epochs += 1
            order = active[torch.randperm(len(active), generator=generator)]
            total = torch.zeros(())
            for start in range(0, len(order), batch):
                rows = order[start:start + batch]
                logits = model(x[rows])
                per_example = F.cross_entropy(logits, y[rows], reduction='none')
                if soft is not None:
                    log_q = F.log_softmax(logits / temperature, dim=1)
                    kl = neg_entropy[rows] - (p_teacher[rows] * log_q).sum(1)
                    per_example = (1 - alpha) * per_example + alpha * temperature * temperature * kl
                if weights is not None:
                    per_example = per_example * weights[rows]
                loss = per_example.mean()
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                total += loss.detach() * len(rows)
            if not math.isfinite(total.item()):
                raise RuntimeError(f'{arch["label"]} diverged')
            _, val_loss, _ = self.evaluate(model, 'validation')
            if val_loss < best_loss:
                best_loss, since_best = val_loss, 0
                best_state = {k: v.clone() for k, v in model.state_dict().items()}
            else:
                since_best += 1
                if since_best >= settings['patience']:
                    break
        if best_state is not None:
            model.load_state_dict(best_state)
        train_logits, _, train_accuracy = self.evaluate(model, 'train')
        _, _, validation = self.evaluate(model, 'validation')
        _, _, test = self.evaluate(model, 'test')
        probabilities = F.softmax(train_logits, dim=1)
        self.train_s += time.perf_counter() - started
        return {
            'model': model, 'arch': arch, 'validation': validation, 'test': test, 'train': train_accuracy,
            'epochs': epochs, 'train_true': probabilities[torch.arange(len(y)), y],
        }

    # ---- teacher signals (teacher-signal.ts) ----
    def signal(self, key):
        if key in self.signals:
            return self.signals[key]
        torch = self.torch
        F = torch.nn.functional
        started = time.perf_counter()
        node = self.nodes[key]
        model, seed = node['model'], node['seed']
        x, y = self.data['train']
        vx, vy = self.data['validation']
        with torch.no_grad():
            hidden, hidden_val, h, hv = [], [], x, vx
            for layer in model:
                h, hv = layer(h), layer(hv)
                if not isinstance(layer, torch.nn.Linear):
                    hidden.append(h)
                    hidden_val.append(hv)
            logits = model(x)
            output_val = (model(vx).argmax(1) == vy).double().mean().item()
        probes = []
        if hidden:
            kernels = [torch.zeros(a.shape[1], self.classes, requires_grad=True) for a in hidden]
            biases = [torch.zeros(self.classes, requires_grad=True) for _ in hidden]
            settings = self.spec['probes']
            optimizer = torch.optim.Adam(kernels + biases, lr=settings['learningRate'], eps=1e-7)
            generator = torch.Generator().manual_seed(seed * 7919 + 2)
            for _ in range(settings['epochs']):
                order = torch.randperm(len(y), generator=generator)
                for start in range(0, len(y), settings['batchSize']):
                    rows = order[start:start + settings['batchSize']]
                    loss = sum(F.cross_entropy(a[rows] @ k + b, y[rows]) for a, k, b in zip(hidden, kernels, biases))
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
            with torch.no_grad():
                for a, av, k, b in zip(hidden, hidden_val, kernels, biases):
                    p = F.softmax(a @ k + b, dim=1)
                    probes.append({'validation': ((av @ k + b).argmax(1) == vy).double().mean().item(),
                                   'train_true': p[torch.arange(len(y)), y]})
        p = F.softmax(logits, dim=1)
        probes.append({'validation': output_val, 'train_true': p[torch.arange(len(y)), y]})
        self.signals[key] = {'logits': logits, 'probes': probes}
        self.signal_s += time.perf_counter() - started
        return self.signals[key]

    # ---- transfer inputs (src/transfer/) ----
    def kept_probes(self, params, probes, scratch):
        last = len(probes) - 1
        rule = params.get('probeSelection', 'output')
        if rule == 'output':
            return [last]
        if rule == 'top-k':
            kept = min(params['topK'], len(probes))
            return list(range(last - kept + 1, last + 1))
        threshold = params['margin'] * scratch['validation']
        indices = [i for i, probe in enumerate(probes) if probe['validation'] >= threshold]
        return indices or [last]

    def transfer_inputs(self, config, parent_key, scratch):
        torch = self.torch
        params = config['params']
        signal = self.signal(parent_key)
        if config['method'] == 'kd':
            return {'soft': {'logits': signal['logits'], 'temperature': params['temperature'], 'alpha': params['alpha']}}
        kept = self.kept_probes(params, signal['probes'], scratch)
        confidence = torch.stack([signal['probes'][i]['train_true'] for i in kept]).mean(0)
        if config['method'] == 'sratio':
            ratio = confidence / scratch['train_true'].clamp(min=params['clip'])
            weights = torch.where(ratio <= params['beta'], ratio, torch.zeros(()))
        else:
            weights = confidence.clone()
        if (weights > 0).sum() == 0:
            raise RuntimeError(f'{config["method"]} gave every example weight 0')
        if params.get('normalise', 'mean-one') == 'mean-one':
            weights = weights * ((weights > 0).sum() / weights.sum())
        return {'weights': weights.detach()}

    # ---- nodes, links and the greedy search (search-run.ts, beam-strategy.ts) ----
    def node(self, parent_key, arch, method, params, seed, role, config=None):
        key = json.dumps([parent_key, arch['label'], method, params, seed, role], sort_keys=True)
        if key in self.nodes:
            return key
        settings = self.spec['training'][role]
        inputs = {}
        if config is not None:
            scratch = self.nodes[self.node(None, arch, 'scratch', {}, seed, 'scratch')] if config['needsStudentScratch'] else None
            inputs = self.transfer_inputs(config, parent_key, scratch)
        result = self.train(arch, settings, seed, **inputs)
        result.update(seed=seed, method=method, role=role)
        self.nodes[key] = result
        return key

    def link(self, arch, method, params, keys):
        validations = [self.nodes[k]['validation'] for k in keys]
        return {'arch': arch, 'method': method, 'params': params, 'keys': keys,
                'validations': validations, 'mean': sum(validations) / len(validations),
                'test': sum(self.nodes[k]['test'] for k in keys) / len(keys)}

    def train_config(self, teacher, arch, role, config):
        keys = [self.node(teacher['keys'][i], arch, config['method'], config['params'], seed, role, config)
                for i, seed in enumerate(self.spec['seeds'])]
        return self.link(arch, config['method'], config['params'], keys)

    def train_student(self, teacher, arch, role):
        links = [self.train_config(teacher, arch, role, c) for c in self.spec['configs']]
        best = None
        for link in links:
            if best is None or link['mean'] > best['mean']:
                best = link
        return best

    def propose(self, teacher):
        target = self.spec['target']
        between = [c for c in self.spec['candidates'] if target['params'] < c['params'] < teacher['params']]
        unique = list({c['label']: c for c in between}.values())
        return sorted(unique, key=lambda c: (-c['params'], c['label']))

    def gain_noise(self, longer, selected):
        k, n = self.spec['standardErrors'], min(len(longer), len(selected))
        if n < 2 or k == 0:
            return 0.0
        gains = [a - b for a, b in zip(longer, selected)]
        average = sum(gains) / n
        variance = sum((g - average) ** 2 for g in gains) / (n - 1)
        return k * math.sqrt(variance) / math.sqrt(n)

    def run(self):
        spec, seeds = self.spec, self.spec['seeds']
        root_key = self.node(None, spec['root'], 'root', {}, seeds[0], 'root')
        root = self.link(spec['root'], 'root', {}, [root_key] * len(seeds))
        scratch = self.link(spec['target'], 'scratch', {},
                            [self.node(None, spec['target'], 'scratch', {}, s, 'scratch') for s in seeds])
        one_hop = self.train_student(root, spec['target'], 'target')
        selected = {'links': [root, one_hop], 'mean': one_hop['mean']}
        beam = [{'links': [root], 'score': one_hop['mean']}]
        chains = [selected]
        for depth in range(1, spec['maxDepth'] + 1):
            if not beam:
                break
            found = []
            for chain in beam:
                for arch in self.propose(chain['links'][-1]['arch']):
                    intermediate = self.train_student(chain['links'][-1], arch, 'intermediate')
                    target = self.train_student(intermediate, spec['target'], 'target')
                    links = chain['links'] + [intermediate]
                    found.append({'links': links, 'score': target['mean'], 'parent': chain['score'],
                                  'complete': {'links': links + [target], 'mean': target['mean']}})
            level = [e['complete'] for e in found]
            chains += level
            top = None
            for chain in level:
                if top is None or chain['mean'] > top['mean']:
                    top = chain
            if top is not None:
                gain = top['mean'] - selected['mean']
                noise = self.gain_noise(top['links'][-1]['validations'], selected['links'][-1]['validations'])
                if gain > spec['minGain'] and gain > noise:
                    selected = top
            kept = sorted((e for e in found if e['score'] > e['parent'] + spec['minGain']), key=lambda e: -e['score'])
            beam = [{'links': e['links'], 'score': e['score']} for e in kept[:1]]
        return {'scratch': scratch, 'one_hop': one_hop, 'best': selected, 'chains': chains}


def label(chain):
    return ' → '.join(link['arch']['label'] for link in chain['links'])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--inputs', required=True)
    parser.add_argument('--threads', type=int, default=1)
    args = parser.parse_args()
    import numpy as np
    import torch
    torch.set_num_threads(args.threads)
    spec, splits = load_inputs(np, args.inputs)
    search = Search(torch, spec, splits)
    started = time.perf_counter()
    result = search.run()
    wall_s = time.perf_counter() - started
    nodes = len(search.nodes)
    best, one_hop, scratch = result['best'], result['one_hop'], result['scratch']
    print(json.dumps({
        'torch': torch.__version__,
        'threads': torch.get_num_threads(),
        'space': spec['space'],
        'wallS': wall_s,
        'nodesTrained': nodes,
        'teacherSignals': len(search.signals),
        'trainingS': search.train_s,
        'signalS': search.signal_s,
        'hopsPerCoreHour': nodes / wall_s * 3600 / args.threads,
        'chain': label(best),
        'chainValidation': best['mean'],
        'chainTest': best['links'][-1]['test'],
        'oneHopValidation': one_hop['mean'],
        'oneHopTest': one_hop['test'],
        'scratchValidation': scratch['mean'],
        'scratchTest': scratch['test'],
        'chainsScored': [{'chain': label(c), 'validation': c['mean']} for c in result['chains']],
        'differences': DIFFERENCES,
    }))


if __name__ == '__main__':
    sys.exit(main())
