/**
 * The user's model measured on the run's splits (never trusted, never trained): its class
 * probabilities on train / validation / test, the accuracies they give, and the teacher signal
 * its students learn from: log-probabilities on the train split, a linear probe on each hidden
 * representation named by `--teacher-probes`, and the output as the last probe.
 */
import { statSync } from 'node:fs';
import { DataError, type Complexity, type PreparedData, type SplitMetrics, type SplitSettings, type TeacherSignal } from '../core/index.js';
import type { LoadedDataset } from '../data/index.js';
import { readPredictions } from './predictions-teacher.js';
import { openModelTeacher, type TeacherValues } from './teacher-model.js';
import { hiddenProbes } from './teacher-probes.js';
import { teacherProbabilities } from './teacher-outputs.js';
import { splitRowIndices, type SplitRows } from './teacher-rows.js';
import { teacherLabel, tfjsModelJson, tfjsWeightFiles, type TeacherSpec } from './teacher-spec.js';

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
   * Size of the teacher: bytes is the size of its files; params is TF.js's count, for ONNX the
   * float32 values the file could hold at most (bytes / 4), and 0 for a predictions file.
   */
  complexity: Complexity;
  metrics: Record<SplitName, SplitMetrics>;
  /** Class probabilities per split, count × classes, in dataset class order. */
  probabilities: Record<SplitName, Float32Array>;
  signal: TeacherSignal;
  /** How its outputs were read (given or detected). */
  readAs: 'logits' | 'probabilities';
  /** Model teachers: rows per second over the three splits, on this machine. */
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

/**
 * The teacher signal of probabilities on the train split: log p as logits, the `hidden` probes
 * (if any), and the output probe last.
 */
export function externalTeacherSignal(
  train: Float32Array,
  labels: Int32Array,
  classes: number,
  validationAccuracy: number,
  hidden: TeacherSignal['probes'] = [],
): TeacherSignal {
  const trainLogits = train.map((p) => Math.log(Math.max(p, MIN_PROBABILITY)));
  const trainTrueConfidence = Float32Array.from(labels, (label, i) => train[i * classes + label]);
  return { trainLogits, probes: [...hidden, { layer: 'output', validationAccuracy, trainTrueConfidence }] };
}

async function modelProbabilities(spec: TeacherSpec, dataset: LoadedDataset, data: PreparedData, rows: SplitRows) {
  const width = data.exampleShape.reduce((a, b) => a * b, 1);
  const teacher = await openModelTeacher(spec);
  try {
    if (teacher.inputWidth !== null && teacher.inputWidth !== width) {
      throw new DataError(
        `--teacher ${spec.path}: expected a model taking ${width} features (the dataset's columns ${data.featureNames.slice(0, 6).join(',')}${width > 6 ? ',…' : ''}), found one taking ${teacher.inputWidth}; export it for these columns`,
      );
    }
    const probabilities = {} as Record<SplitName, Float32Array>;
    const activations = {} as Record<SplitName, TeacherValues[]>;
    let readAs: MeasuredTeacher['readAs'] = 'probabilities';
    let rowCount = 0;
    const started = performance.now();
    for (const split of SPLITS) {
      // Raw input: the split's rows before standardisation, straight from the dataset.
      const features = spec.input === 'raw' ? gatherRows(dataset.features, width, rows[split]) : data[split].features;
      const { output, probes } = await teacher.run({ features, count: data[split].count }, width);
      activations[split] = probes;
      const read = teacherProbabilities(output.values, output.columns, { classNames: data.classNames, classes: spec.classes, output: spec.output, source: `--teacher ${spec.path}` });
      probabilities[split] = read.probabilities;
      if (read.readAs === 'logits') readAs = 'logits';
      rowCount += data[split].count;
    }
    const seconds = (performance.now() - started) / 1000;
    return { probabilities, readAs, rowsPerSecond: seconds > 0 ? rowCount / seconds : undefined, activations, params: teacher.params };
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
  return { probabilities, readAs: read.readAs, rowsPerSecond: undefined, activations: undefined, params: 0 };
}

/** The bytes of the teacher's files (a TF.js model's model.json and its weight files). */
function teacherBytes(spec: TeacherSpec): number {
  if (spec.kind !== 'tfjs') return statSync(spec.path).size;
  const modelJson = tfjsModelJson(spec.path);
  return [modelJson, ...tfjsWeightFiles(modelJson)].reduce((sum, file) => sum + statSync(file).size, 0);
}

/**
 * Measures the teacher of `spec` on the run's splits of `dataset` (already without its id
 * column), `data` being that dataset prepared with `split`; its hidden probes train for
 * `probeEpochs` epochs.
 * @throws DataError for any mismatch of features, classes, class names or ids, before anything trains
 */
export async function measureExternalTeacher(
  spec: TeacherSpec,
  dataset: LoadedDataset,
  data: PreparedData,
  split: SplitSettings,
  options: { ids?: readonly string[]; probeEpochs?: number } = {},
): Promise<MeasuredTeacher> {
  const rows = splitRowIndices(dataset, split);
  const measured = spec.kind === 'predictions' ? predictionProbabilities(spec, dataset, data, rows, options.ids) : await modelProbabilities(spec, dataset, data, rows);
  const classes = data.numClasses;
  const metrics = {} as Record<SplitName, SplitMetrics>;
  for (const split of SPLITS) metrics[split] = metricsOf(measured.probabilities[split], data[split].labels, classes);
  const bytes = teacherBytes(spec);
  const params = measured.params ?? Math.floor(bytes / 4);
  const hidden = measured.activations ? await hiddenProbes(spec.probes ?? [], measured.activations, data, options.probeEpochs) : [];
  return {
    spec,
    label: teacherLabel(spec),
    complexity: { params, flops: 2 * params, bytes },
    metrics,
    probabilities: measured.probabilities,
    signal: externalTeacherSignal(measured.probabilities.train, data.train.labels, classes, metrics.validation.accuracy, hidden),
    readAs: measured.readAs,
    ...(measured.rowsPerSecond !== undefined ? { rowsPerSecond: measured.rowsPerSecond } : {}),
  };
}
