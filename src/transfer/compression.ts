/**
 * Model compression (Bucila, Caruana & Niculescu-Mizil, KDD 2006, "Model Compression").
 *
 *   D_syn = MUNGE(D_train; size, p, s)                       (munge.ts)
 *   q(x)  = p_T(·|x)  (labels 'soft')  or  onehot(argmax_c p_T(c|x))  (labels 'hard'),  x ∈ D_syn
 *   loss  = Σ_{(x,y) ∈ D_train} CE(onehot(y), p_S(x)) + Σ_{x ∈ D_syn} CE(q(x), p_S(x))
 *
 * The teacher is the parent model itself, queried on rows it has never seen (the job carries its
 * arch and weights; `needsTeacherModel`). The real rows keep their labels; the synthetic rows are
 * `TrainInputs.extraRows` with their target distributions q, which every family trains on: a
 * network through cross-entropy against q (the paper's soft-target regression target, here the
 * teacher's probabilities at temperature 1), a tree or forest as class masses, linear and gbt as
 * the target of their softmax loss. Defaults: size 5, p 0.5, s 10, soft labels; the default grid
 * tries size ∈ {2, 5} (each entry costs a trained student and size × the training rows).
 */
import { ConfigError, DataError, deriveSeed, type MethodParams } from '../core/index.js';
import { munge, mungeAttributes } from './munge.js';
import { checkTrainLength, choiceParam, numberParam, paramValidator } from './transfer-params.js';
import type { PreparedTransfer, TransferContext, TransferMethod } from './transfer-method.js';

/** Most synthetic copies per training row a hop may ask for (memory: size × the training split). */
export const COMPRESSION_MAX_SIZE = 100;

type LabelKind = 'soft' | 'hard';

interface CompressionParams {
  size: number;
  p: number;
  s: number;
  labels: LabelKind;
}

function resolveCompression(params: MethodParams, label: string): CompressionParams {
  return {
    size: numberParam(label, params, 'size', 5, (k) => Number.isInteger(k) && k >= 1 && k <= COMPRESSION_MAX_SIZE, `an integer in [1, ${COMPRESSION_MAX_SIZE}]`),
    p: numberParam(label, params, 'p', 0.5, (p) => p >= 0 && p <= 1, 'a number in [0, 1]'),
    s: numberParam(label, params, 's', 10, (s) => s > 0, 'a number > 0'),
    labels: choiceParam<LabelKind>(label, params, 'labels', 'soft', ['soft', 'hard']),
  };
}

function requireRowsAndTeacher(ctx: TransferContext) {
  const { trainRows, teacherModel, seed } = ctx;
  if (!teacherModel) throw new ConfigError(`transfer method 'compression' needs the parent model to label synthetic rows; none was given`);
  if (!trainRows || seed === undefined) {
    throw new ConfigError(`transfer method 'compression' needs the training features and the hop's seed to make synthetic rows; none were given`);
  }
  checkTrainLength('compression', 'the training features (rows)', trainRows.features.length / trainRows.width, ctx);
  return { trainRows, teacherModel, seed };
}

/** q per synthetic row: the teacher's probabilities (renormalised), or one-hot at their argmax. */
function syntheticTargets(probabilities: Float32Array, count: number, classes: number, labels: LabelKind): Float32Array {
  if (probabilities.length !== count * classes) {
    throw new DataError(`the teacher gave ${probabilities.length} probabilities for ${count} synthetic rows × ${classes} classes`);
  }
  const targets = new Float32Array(count * classes);
  for (let i = 0; i < count; i++) {
    const row = i * classes;
    let sum = 0;
    let best = 0;
    for (let c = 0; c < classes; c++) {
      const q = probabilities[row + c];
      if (!(q >= 0) || !Number.isFinite(q)) throw new DataError(`the teacher's probability ${q} on synthetic row ${i} is not a finite number ≥ 0`);
      sum += q;
      if (q > probabilities[row + best]) best = c;
    }
    if (!(sum > 0)) throw new DataError(`the teacher's probabilities on synthetic row ${i} sum to 0`);
    if (labels === 'hard') targets[row + best] = 1;
    else for (let c = 0; c < classes; c++) targets[row + c] = probabilities[row + c] / sum;
  }
  return targets;
}

export const compressionMethod: TransferMethod = {
  key: 'compression',
  needsTeacher: false,
  needsStudentScratch: false,
  needsTeacherModel: true,
  defaultGrid: [{ size: 2 }, { size: 5 }],
  validateParams: paramValidator('compression', ['size', 'p', 's', 'labels'], (params, label) => ({ ...resolveCompression(params, label) })),
  prepare(ctx, params) {
    const query = syntheticQuery(ctx, params);
    const probabilities = query.teacherModel.predictProbabilities(query.synthetic.features, query.synthetic.count);
    if (!(probabilities instanceof Float32Array)) {
      throw new ConfigError(`transfer method 'compression': the teacher answers asynchronously; prepare the hop with prepareAsync`);
    }
    return compressionInputs(query, probabilities);
  },
  async prepareAsync(ctx, params) {
    const query = syntheticQuery(ctx, params);
    return compressionInputs(query, await query.teacherModel.predictProbabilities(query.synthetic.features, query.synthetic.count));
  },
};

/** The synthetic rows of a hop (MUNGE on its train split) and the teacher to label them. */
function syntheticQuery(ctx: TransferContext, params: MethodParams) {
  const resolved = resolveCompression(params, 'compression');
  const { size, p, s } = resolved;
  const { trainRows, teacherModel, seed } = requireRowsAndTeacher(ctx);
  const rows = { features: trainRows.features, count: ctx.trainLabels.length, width: trainRows.width };
  const attributes = mungeAttributes(trainRows.featureNames, rows);
  const synthetic = munge(rows, attributes, { size, p, s, seed: deriveSeed(seed, 'munge') });
  return { resolved, attributes, synthetic, teacherModel, numClasses: ctx.numClasses };
}

/** The hop's training inputs: the synthetic rows with the teacher's `probabilities` as targets. */
function compressionInputs(query: ReturnType<typeof syntheticQuery>, probabilities: Float32Array): PreparedTransfer {
  const { resolved, attributes, synthetic } = query;
  const { size, p, s, labels } = resolved;
  const targets = syntheticTargets(probabilities, synthetic.count, query.numClasses, labels);
  return {
    inputs: { extraRows: { features: synthetic.features, count: synthetic.count, targets } },
    params: {
      size,
      p,
      s,
      labels,
      syntheticRows: synthetic.count,
      nominalAttributes: attributes.filter((a) => a.kind === 'nominal').length,
      convention: 'munge-nearest-in-train-split',
    },
  };
}
