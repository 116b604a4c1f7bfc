import cliProgress from 'cli-progress';
import type { RunObserver, RunProgress } from '../run/index.js';
import type { SweepObserver, SweepProgress } from '../sweep/index.js';

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function bestText(progress: Pick<RunProgress, 'best'>): string {
  return progress.best ? `best chain ${progress.best.label} · ${(100 * progress.best.validation).toFixed(2)}% val (seed mean)` : 'best –';
}

/** The search adds hops as it goes (each greedy step proposes more), so the ETA is a lower bound. */
function etaText(progress: RunProgress): string {
  return progress.etaMs === undefined ? '–' : `≥ ${formatDuration(progress.etaMs)}`;
}

/**
 * Progress for a terminal (a live bar on stderr) or for logs (one line whenever a hop finishes).
 * Returns the observer and a `stop` to call before printing the result.
 */
export function terminalObserver(stream: NodeJS.WriteStream = process.stderr): RunObserver & { stop(): void } {
  if (!stream.isTTY) {
    let last = '';
    return {
      onStart: (run, info) =>
        stream.write(
          `multihop: run ${run.id} ${info.resumed ? `resumed (${info.requeued} interrupted node(s) queued again)` : 'started'} · ${info.workers} worker(s) · backend ${info.backend}\n`,
        ),
      onProgress: (p) => {
        // A line when a hop finishes or the best chain changes (the last event names the selected one).
        const finished = p.done + p.failed;
        const key = `${finished}|${bestText(p)}`;
        if (key === last) return;
        last = key;
        stream.write(
          `multihop: hops ${finished}/${p.total}${p.failed ? ` (${p.failed} failed)` : ''} · ${bestText(p)} · ETA ${etaText(p)}\n`,
        );
      },
      onMessage: (line) => stream.write(`multihop: ${line}\n`),
      stop: () => {},
    };
  }
  const bar = liveBar(stream, 'hops {bar} {value}/{total} · {running} running · {best} · ETA {eta_text}');
  return {
    onStart: (run, info) => {
      stream.write(
        `run ${run.id} ${info.resumed ? `resumed (${info.requeued} interrupted node(s) queued again)` : 'started'} · ${info.workers} worker(s) · backend ${info.backend} · Ctrl-C stops, 'multihop resume ${run.id}' continues\n`,
      );
    },
    onProgress: (p) => bar.update(p.total, p.done + p.failed, { running: p.running, best: bestText(p), eta_text: etaText(p) }),
    onMessage: bar.message,
    stop: bar.stop,
  };
}

/** A cli-progress bar on a terminal that stops for a message line and starts again on the next update. */
function liveBar(stream: NodeJS.WriteStream, format: string) {
  const bar = new cliProgress.SingleBar({ stream, format, hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
  let started = false;
  const stop = () => {
    if (started) bar.stop();
    started = false;
  };
  return {
    update(total: number, value: number, payload: Record<string, unknown>): void {
      if (!started) {
        bar.start(total, value, payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(value, payload);
      }
    },
    message(line: string): void {
      stop();
      stream.write(`${line}\n`);
    },
    stop,
  };
}

function sweepText(p: SweepProgress): { runs: string; current: string; eta: string } {
  const best = p.current?.best ? ` · ${bestText({ best: p.current.best })}` : '';
  return {
    runs: `${p.runsDone}/${p.runsTotal}${p.runsFailed ? ` (${p.runsFailed} failed)` : ''}`,
    current: p.current ? `run ${p.current.runId} ${p.current.label}${best}` : 'between runs',
    eta: p.etaMs === undefined ? '–' : `≥ ${formatDuration(p.etaMs)}`,
  };
}

/**
 * Progress of a sweep for a terminal (a live bar over the sweep's hops on stderr) or for logs (a
 * line whenever a hop or run settles). Returns the observer and a `stop` to call before printing.
 */
export function sweepTerminalObserver(stream: NodeJS.WriteStream = process.stderr): SweepObserver & { stop(): void } {
  const onRunStart: SweepObserver['onRunStart'] = ({ sweep, position, runId, label, resumed }) =>
    stream.write(
      `${stream.isTTY ? '' : 'multihop: '}sweep ${sweep.id} run ${position + 1}: ${runId} ${resumed ? 'resumed' : 'started'} (${label})\n`,
    );
  if (!stream.isTTY) {
    let last = '';
    return {
      onRunStart,
      onProgress: (p) => {
        const text = sweepText(p);
        const key = `${p.runsDone}|${p.hopsDone}|${text.current}`;
        if (key === last) return;
        last = key;
        stream.write(`multihop: sweep runs ${text.runs} · hops ${p.hopsDone}/${p.hopsTotal} · ${text.current} · ETA ${text.eta}\n`);
      },
      onMessage: (line) => stream.write(`multihop: ${line}\n`),
      stop: () => {},
    };
  }
  const bar = liveBar(stream, 'sweep runs {runs} · hops {bar} {value}/{total} · {current} · ETA {eta_text}');
  return {
    onRunStart: (info) => {
      bar.stop();
      onRunStart(info);
    },
    onProgress: (p) => {
      const text = sweepText(p);
      bar.update(p.hopsTotal, p.hopsDone, { runs: text.runs, current: text.current, eta_text: text.eta });
    },
    onMessage: bar.message,
    stop: bar.stop,
  };
}
