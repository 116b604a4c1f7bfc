/**
 * One hop, start to finish, as a plain async function of the dataset and the job: the transfer
 * method turns the teacher signal (or the parent model, rebuilt here from the job's arch and
 * weights) into training inputs, then the model's family trains it. No
 * threads, no store: a worker thread, a queue worker or a test calls it the same way.
 */
import { TrainingError, type Arch, type PreparedData, type TrainInputs } from '../core/index.js';
import { familyOf, type LoadedModel, type TrainingRuntime } from '../models/index.js';
import { studentScratchSignal, transferMethods, type TeacherModel, type TransferContext } from '../transfer/index.js';
import type { TeacherSpec } from '../teachers/index.js';
import type { HopJob, HopJobResult, SignalJob, SignalJobResult, TrainJob, TrainJobResult } from './hop-job.js';
import { betterTrial, trialArch, trialSettings, tunedParams, tuneTrials, type Trial } from './hop-tuning.js';
import { outOfFoldLogits } from './out-of-fold.js';

/** Who runs the hop, recorded with the node. */
export interface HopContext {
  workerId: string;
}

export function runHop(data: PreparedData, job: TrainJob, context: HopContext): Promise<TrainJobResult>;
export function runHop(data: PreparedData, job: SignalJob, context: HopContext): Promise<SignalJobResult>;
export function runHop(data: PreparedData, job: HopJob, context: HopContext): Promise<HopJobResult>;
export function runHop(data: PreparedData, job: HopJob, context: HopContext): Promise<HopJobResult> {
  return job.kind === 'signal' ? teacherSignal(data, job) : train(data, job, context);
}

async function train(data: PreparedData, job: TrainJob, context: HopContext): Promise<TrainJobResult> {
  const { hop, settings } = job;
  let inputs: TrainInputs = {};
  let params = hop.params;
  if (hop.method !== 'root') {
    const method = transferMethods.get(hop.method);
    if (method.needsTeacher && !job.teacher) {
      throw new TrainingError(`hop ${hop.key}: method ${hop.method} needs the parent's teacher signal`);
    }
    if (method.needsStudentScratch && !job.studentScratch) {
      throw new TrainingError(`hop ${hop.key}: method ${hop.method} needs the student's scratch signal`);
    }
    if (method.needsTeacherModel && !job.teacherModel && !job.externalTeacher) {
      throw new TrainingError(`hop ${hop.key}: method ${hop.method} needs the parent model's arch and weights`);
    }
    const teacherModel = job.teacherModel ? await loadTeacher(data, job.teacherModel) : undefined;
    try {
      const ctx: TransferContext = {
        trainLabels: data.train.labels,
        numClasses: data.numClasses,
        teacher: job.teacher,
        studentScratch: job.studentScratch,
        trainRows: { features: data.train.features, width: widthOf(data), featureNames: data.featureNames },
        seed: hop.seed,
        teacherModel: teacherModel ?? (method.needsTeacherModel && job.externalTeacher ? await externalTeacher(data, job.externalTeacher) : undefined),
      };
      const prepared = method.prepareAsync ? await method.prepareAsync(ctx, hop.params) : method.prepare(ctx, hop.params);
      inputs = prepared.inputs;
      params = prepared.params;
    } finally {
      teacherModel?.dispose();
    }
  }
  const trainOn = hop.method === 'root' && data.rootTrain && data.rootTrain.count > 0 ? 'rootTrain' : 'train';
  const family = familyOf(hop.arch);
  const runtime = await trainingRuntime(family);
  const trials = tuneTrials(settings, family.tunable ?? []);
  const trainTrial = (trial: Trial) => runtime.train(data, trialArch(hop.arch, trial), trialSettings(trial), inputs, hop.seed, { trainOn });
  let chosen = trials[0];
  let trained = await trainTrial(chosen);
  let wallMs = trained.wallMs;
  for (const trial of trials.slice(1)) {
    const candidate = await trainTrial(trial);
    wallMs += candidate.wallMs;
    if (betterTrial(candidate, trained)) {
      trained = candidate;
      chosen = trial;
    }
  }
  // The node's wall time is the cost of all its trials.
  const { probabilities, ...result } = { ...trained, wallMs };
  if (trials.length > 1) params = { ...params, ...tunedParams(settings, chosen, trials.length, family.tunable ?? []) };
  // Only a scratch node's train-split probabilities are read (by its ProfWeight/SRatio students),
  // reduced here to one confidence per example; nothing else of them leaves the hop.
  const studentScratch =
    hop.method === 'scratch' ? studentScratchSignal({ ...result, probabilities }, data.train.labels) : undefined;
  return { kind: 'train', result, params, studentScratch, workerId: context.workerId };
}

/**
 * Whether the job builds or runs a model on TF.js's backend: a network (its own arch, its parent's
 * or a signal job's), or the user's own model, which this worker opens.
 */
export function jobRunsOnBackend(job: HopJob): boolean {
  if (job.kind === 'signal') return familyOf(job.arch).runsOnBackend;
  return familyOf(job.hop.arch).runsOnBackend || queriesTfjsModel(job);
}

/** A network parent queried on new rows (compression builds it as a TF.js model), or the user's own model. */
function queriesTfjsModel(job: TrainJob): boolean {
  return (job.teacherModel !== undefined && familyOf(job.teacherModel.arch).runsOnBackend) || job.externalTeacher !== undefined;
}

/**
 * Whether the job builds a TF.js model whatever the backend: a cnn, an mlp with dropout, a
 * network parent queried on new rows (compression), or the user's own model. A dense network's
 * training and signal load TF.js themselves, only where the fused step cannot run them.
 */
export function jobBuildsTfjsModel(job: HopJob): boolean {
  const tfjsOnly = (arch: Arch) => familyOf(arch).runsOnBackend && (arch.family !== 'mlp' || (arch.dropout ?? 0) > 0);
  if (job.kind === 'signal') return tfjsOnly(job.arch);
  return tfjsOnly(job.hop.arch) || queriesTfjsModel(job);
}

const widthOf = (data: PreparedData): number => data.exampleShape.reduce((a, b) => a * b, 1);

/** The parent model, built by its own family's runtime, to be queried on new rows. */
async function loadTeacher(data: PreparedData, teacher: NonNullable<TrainJob['teacherModel']>): Promise<LoadedModel> {
  const runtime = await familyOf(teacher.arch).runtime();
  return runtime.fromWeights(teacher.arch, data.exampleShape, data.numClasses, teacher.weights);
}

/** The user's own model, opened by this worker from its spec and queried on new rows. */
async function externalTeacher(data: PreparedData, spec: TeacherSpec): Promise<TeacherModel> {
  // Loaded only here: a hop from a trained parent never loads ONNX Runtime.
  const { queryableTeacher } = await import('../teachers/index.js');
  return queryableTeacher(spec, data);
}

/** What trains and signals a family's models: its training side alone where it has one (no model files, no TF.js at load). */
function trainingRuntime(family: ReturnType<typeof familyOf>): Promise<TrainingRuntime> {
  return family.trainingRuntime?.() ?? family.runtime();
}

async function teacherSignal(data: PreparedData, job: SignalJob): Promise<SignalJobResult> {
  const runtime = await trainingRuntime(familyOf(job.arch));
  const signal = await runtime.teacherSignal(data, job.arch, job.weights, { probeEpochs: job.probeEpochs, seed: job.seed });
  // A root trained on its reserved rows never saw the train split: its logits there are out of sample already.
  const inSample = !(data.rootTrain && data.rootTrain.count > 0);
  if (job.crossFit && inSample) return { kind: 'signal', signal: { ...signal, trainLogits: await outOfFoldLogits(data, job.arch, runtime, job.crossFit, job.seed) } };
  return { kind: 'signal', signal };
}
