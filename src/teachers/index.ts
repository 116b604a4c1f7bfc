/**
 * External teachers (issue 12): the user's own complex model as the root of a run, never
 * trained: an ONNX model run with ONNX Runtime Web, or a CSV of its predictions. Each is
 * measured on the run's splits and gives its students the output probabilities as the signal.
 */
export { resolveTeacherSpec, teacherFileHash, teacherLabel, teacherSpecSchema } from './teacher-spec.js';
export type { TeacherRequest, TeacherSpec } from './teacher-spec.js';
export { externalTeacherSignal, measureExternalTeacher } from './external-teacher.js';
export type { MeasuredTeacher } from './external-teacher.js';
export { looksLikeProbabilities, outputClassOrder, teacherProbabilities, PROBABILITY_SUM_TOLERANCE } from './teacher-outputs.js';
export { readPredictions } from './predictions-teacher.js';
export { splitRowIndices, withoutIdColumn } from './teacher-rows.js';
