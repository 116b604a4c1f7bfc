/**
 * The user's model measured on the run's splits (never trusted, never trained): its class
 * probabilities on train / validation / test, the accuracies they give, and the teacher signal
 * its students learn from: log-probabilities on the train split and one probe, the output.
 */
import { statSync } from 'node:fs';
import { DataError, type Complexity, type PreparedData, type SplitMetrics, type SplitSettings, type TeacherSignal } from '../core/index.js';
import type { LoadedDataset } from '../data/index.js';
import { openOnnxTeacher } from './onnx-teacher.js';
import { readPredictions } from './predictions-teacher.js';
import { teacherProbabilities } from './teacher-outputs.js';
import { splitRowIndices, type SplitRows } from './teacher-rows.js';
import { teacherLabel, type TeacherSpec } from './teacher-spec.js';

type SplitName = 'train' | 'validation' | 'test';
const SPLITS: SplitName[] = ['train', 'validation', 'test'];

/** Probabilities this small are read as this value before taking their log. */
const MIN_PROBABILITY = 1e-12;

/** An external root as measured on this run's data. */
export interface MeasuredTeacher {
  spec: TeacherSpec;
  /** Report label, e.g. "onnx model.onnx". */
  label: string;
  /**
   * Size of the teacher: bytes is the file's size; params is for ONNX the float32 values the
   * file could hold at most (bytes / 4), and 0 for a predictions file (nothing to count).
   */
  complexity: Complexity;
  metrics: Record<SplitName, SplitMetrics>;
  /** Class probabilities per split, count × classes, in dataset class order. */
  probabilities: Record<SplitName, Float32Array>;
  signal: TeacherSignal;
  /** How its outputs were read (given or detected). */
  readAs: 'logits' | 'probabilities';
  /** ONNX teachers: rows per second over the three splits, on this machine. */
  rowsPerSecond?: number;
}

function metricsOf(probabilities: Float32Array, labels: Int32Array, classes: number): SplitMetrics {
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[i * classes + c] > probabilities[i * classes + best]) best = c;
    if (best === labels[i]) correct += 1;
    loss -= Math.log(Math.max(probabilities[i * classes + labels[i]], MIN_PROBABILITY));
  }
  return { accuracy: correct / labels.length, loss: loss / labels.length };
}

function gatherRows(values: Float32Array, width: number, rows: number[]): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, i) => out.set(values.subarray(row * width, (row + 1) * width), i * width));
  return out;
}

/** The teacher signal of probabilities on the train split: log p as logits, and the output probe. */
export function externalTeacherSignal(train: Float32Array, labels: Int32Array, classes: number, validationAccuracy: number): TeacherSignal {
  const trainLogits = train.map((p) => Math.log(Math.max(p, MIN_PROBABILITY)));
  const trainTrueConfidence = Float32Array.from(labels, (label, i) => train[i * classes + label]);
  return { trainLogits, probes: [{ layer: 'output', validationAccuracy, trainTrueConfidence }] };
}

async function onnxProbabilities(spec: TeacherSpec, dataset: LoadedDataset, data: PreparedData, rows: SplitRows) {
  const width = data.exampleShape.reduce((a, b) => a * b, 1);
  const teacher = await openOnnxTeacher(spec.path);
  try {
    if (teacher.inputWidth !== null && teacher.inputWidth !== width) {
      throw new DataError(
        `--teacher ${spec.path}: expected a model taking ${width} features (the dataset's columns ${data.featureNames.slice(0, 6).join(',')}${width > 6 ? ',…' : ''}), found one taking ${teacher.inputWidth}; export it for these columns`,
      );
    }
    const probabilities = {} as Record<SplitName, Float32Array>;
    let readAs: MeasuredTeacher['readAs'] = 'probabilities';
    let rowCount = 0;
    const started = performance.now();
    for (const split of SPLITS) {
      // Raw input: the split's rows before standardisation, straight from the dataset.
      const features = spec.input === 'raw' ? gatherRows(dataset.features, width, rows[split]) : data[split].features;
      const { values, columns } = await teacher.run({ features, count: data[split].count }, width);
      const read = teacherProbabilities(values, columns, { classNames: data.classNames, classes: spec.classes, output: spec.output, source: `--teacher ${spec.path}` });
      probabilities[split] = read.probabilities;
      if (read.readAs === 'logits') readAs = 'logits';
      rowCount += data[split].count;
    }
    const seconds = (performance.now() - started) / 1000;
    return { probabilities, readAs, rowsPerSecond: seconds > 0 ? rowCount / seconds : undefined };
  } finally {
    await teacher.close();
  }
}

function predictionProbabilities(spec: TeacherSpec, dataset: LoadedDataset, data: PreparedData, rows: SplitRows, ids: readonly string[] | undefined) {
  const { values, columns } = readPredictions(spec.path, dataset.labels.length, spec.idColumn, ids);
  const read = teacherProbabilities(values, columns.length, {
    classNames: data.classNames,
    classes: spec.classes ?? columns,
    output: spec.output,
    source: `--teacher ${spec.path}`,
  });
  const classes = data.numClasses;
  const probabilities = {} as Record<SplitName, Float32Array>;
  for (const split of SPLITS) probabilities[split] = gatherRows(read.probabilities, classes, rows[split]);
  return { probabilities, readAs: read.readAs };
}

/**
 * Measures the teacher of `spec` on the run's splits of `dataset` (already without its id
 * column), `data` being that dataset prepared with `split`.
 * @throws DataError for any mismatch of features, classes, class names or ids, before anything trains
 */
export async function measureExternalTeacher(
  spec: TeacherSpec,
  dataset: LoadedDataset,
  data: PreparedData,
  split: SplitSettings,
  ids?: readonly string[],
): Promise<MeasuredTeacher> {
  const rows = splitRowIndices(dataset, split);
  const measured =
    spec.kind === 'onnx' ? await onnxProbabilities(spec, dataset, data, rows) : { ...predictionProbabilities(spec, dataset, data, rows, ids), rowsPerSecond: undefined };
  const classes = data.numClasses;
  const metrics = {} as Record<SplitName, SplitMetrics>;
  for (const split of SPLITS) metrics[split] = metricsOf(measured.probabilities[split], data[split].labels, classes);
  const bytes = statSync(spec.path).size;
  const params = spec.kind === 'onnx' ? Math.floor(bytes / 4) : 0;
  return {
    spec,
    label: teacherLabel(spec),
    complexity: { params, flops: 2 * params, bytes },
    metrics,
    probabilities: measured.probabilities,
    signal: externalTeacherSignal(measured.probabilities.train, data.train.labels, classes, metrics.validation.accuracy),
    readAs: measured.readAs,
    ...(measured.rowsPerSecond !== undefined ? { rowsPerSecond: measured.rowsPerSecond } : {}),
  };
}
