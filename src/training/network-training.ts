/**
 * The networks' training side without TF.js at load (issue 15 item 4): trainNode and the teacher
 * signal load TF.js only for a model the fused dense step cannot train or signal (a cnn, dropout,
 * a GPU or tfjs-node backend, no addon). `ModelFamily.trainingRuntime` of mlp and cnn; the rest of
 * the runtime (model files, prediction, ONNX) is network-runtime.ts.
 */
import type { NetworkArch } from '../core/index.js';
import type { TrainingRuntime } from '../models/index.js';
import { computeTeacherSignal } from './teacher-signal.js';
import { trainNode } from './train-node.js';

export const networkTraining: TrainingRuntime<NetworkArch> = {
  train: trainNode,
  teacherSignal: computeTeacherSignal,
};
