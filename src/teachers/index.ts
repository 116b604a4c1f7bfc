/**
 * External teachers (issue 12): the user's own complex model as the root of a run, never
 * trained: an ONNX model run with ONNX Runtime Web, a TF.js layers model, or a CSV of its
 * predictions. Each is measured on the run's splits and gives its students the output
 * probabilities (and probes of the hidden representations the user names) as the signal.
 */
export { resolveTeacherSpec, teacherHash, teacherLabel, teacherSpecSchema, tfjsModelJson, tfjsWeightFiles } from './teacher-spec.js';
export type { TeacherRequest, TeacherSpec } from './teacher-spec.js';
export { externalTeacherSignal, measureExternalTeacher } from './external-teacher.js';
export type { MeasuredTeacher } from './external-teacher.js';
export { openModelTeacher } from './teacher-model.js';
export { queryableTeacher } from './teacher-query.js';
export type { ModelTeacher, TeacherRows, TeacherValues } from './teacher-model.js';
export { looksLikeProbabilities, outputClassOrder, teacherProbabilities, PROBABILITY_SUM_TOLERANCE } from './teacher-outputs.js';
export { readPredictions } from './predictions-teacher.js';
export { splitRowIndices, withoutIdColumn } from './teacher-rows.js';
