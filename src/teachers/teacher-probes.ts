/**
 * Probes of a user's model: a linear classifier on each hidden representation the user named
 * (`--teacher-probes`), trained by the same function as our own networks' probes
 * (src/training's trainLinearProbes) on the activations the model gave on the run's splits.
 */
import type { PreparedData, ProbeSignal } from '../core/index.js';
import type { TeacherValues } from './teacher-model.js';

/**
 * One probe per name, trained on `activations.train` (row order of `data.train`) and measured on
 * `activations.validation`; each activation block is rows × width of that probe.
 */
export async function hiddenProbes(
  names: readonly string[],
  activations: Record<'train' | 'validation', TeacherValues[]>,
  data: Pick<PreparedData, 'train' | 'validation' | 'numClasses'>,
  probeEpochs?: number,
): Promise<ProbeSignal[]> {
  if (names.length === 0) return [];
  // TF.js is loaded only when a probe is asked for: a run without one never pays for it here.
  const [tf, { trainLinearProbes }] = await Promise.all([import('../backend/tfjs.js'), import('../training/index.js')]);
  const train = activations.train.map(({ values, columns }) => tf.tensor2d(values, [data.train.count, columns]));
  try {
    const slice = (split: 'train' | 'validation', k: number, start: number, end: number) => {
      const { values, columns } = activations[split][k];
      return tf.tensor2d(values.subarray(start * columns, end * columns), [end - start, columns]);
    };
    return await trainLinearProbes(
      data,
      {
        layers: names.map((layer, k) => ({ layer, size: activations.train[k].columns })),
        trainBatch: (index) => train.map((tensor) => tf.gather(tensor, index)),
        rows: (split, start, end) => names.map((_, k) => slice(split, k, start, end)),
      },
      { ...(probeEpochs !== undefined ? { probeEpochs } : {}) },
    );
  } finally {
    tf.dispose(train);
  }
}
