import cliProgress from 'cli-progress';
import type { RunObserver, RunProgress } from '../run/index.js';

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function bestText(progress: RunProgress): string {
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
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'hops {bar} {value}/{total} · {running} running · {best} · ETA {eta_text}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onStart: (run, info) => {
      stream.write(
        `run ${run.id} ${info.resumed ? `resumed (${info.requeued} interrupted node(s) queued again)` : 'started'} · ${info.workers} worker(s) · backend ${info.backend} · Ctrl-C stops, 'multihop resume ${run.id}' continues\n`,
      );
    },
    onProgress: (p) => {
      const payload = {
        running: p.running,
        best: bestText(p),
        eta_text: etaText(p),
      };
      if (!started) {
        bar.start(p.total, p.done + p.failed, payload);
        started = true;
      } else {
        bar.setTotal(p.total);
        bar.update(p.done + p.failed, payload);
      }
    },
    onMessage: (line) => {
      if (started) bar.stop();
      stream.write(`${line}\n`);
      started = false;
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}
