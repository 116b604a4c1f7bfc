/**
 * Worker entry: holds the dataset (shared memory, received once) and runs one job per task,
 * training a node or computing a teacher signal. Workers never touch the database; they return
 * results to the main thread, which writes them.
 */
import { threadId, workerData } from 'node:worker_threads';
import { initBackend } from '../backend/index.js';
import { TrainingError, type TrainInputs } from '../core/index.js';
import { computeTeacherSignal, trainNode } from '../training/index.js';
import { studentScratchSignal, transferMethods } from '../transfer/index.js';
import type { HopJob, HopWorkerData, SignalJob, SignalJobResult, TrainJob, TrainJobResult } from './hop-job.js';

const { data, backend: requestedBackend } = workerData as HopWorkerData;
const backendReady = initBackend(requestedBackend, { quiet: true });

export default async function runJob(job: HopJob): Promise<TrainJobResult | SignalJobResult> {
  await backendReady;
  return job.kind === 'signal' ? computeSignal(job) : train(job);
}

async function train(job: TrainJob): Promise<TrainJobResult> {
  const backend = await backendReady;
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
    const prepared = method.prepare(
      { trainLabels: data.train.labels, numClasses: data.numClasses, teacher: job.teacher, studentScratch: job.studentScratch },
      hop.params,
    );
    inputs = prepared.inputs;
    params = prepared.params;
  }
  const trainOn = hop.method === 'root' && data.rootTrain && data.rootTrain.count > 0 ? 'rootTrain' : 'train';
  const result = await trainNode(data, hop.arch, settings, inputs, hop.seed, { trainOn });
  return {
    kind: 'train',
    result,
    params,
    studentScratch: hop.method === 'scratch' ? studentScratchSignal(result, data.train.labels) : undefined,
    workerId: threadId,
    backend: backend.name,
  };
}

async function computeSignal(job: SignalJob): Promise<SignalJobResult> {
  const started = performance.now();
  const signal = await computeTeacherSignal(data, job.arch, job.weights, { probeEpochs: job.probeEpochs, seed: job.seed });
  return { kind: 'signal', nodeKey: job.nodeKey, signal, wallMs: performance.now() - started, workerId: threadId };
}
