/**
 * The user's model queried on new rows inside a hop (model compression labels synthetic rows with
 * it): the worker opens the model itself from the job's spec, once per worker thread, cached by
 * sha256. Synthetic rows are in the run's standardised space; a `raw` teacher gets them back in
 * the dataset's units with the split's mean and std.
 */
import { DataError, type PreparedData } from '../core/index.js';
import { openModelTeacher, type ModelTeacher } from './teacher-model.js';
import { teacherHash, type TeacherSpec } from './teacher-spec.js';
import { teacherProbabilities } from './teacher-outputs.js';

const open = new Map<string, Promise<ModelTeacher>>();

function openOnce(spec: TeacherSpec): Promise<ModelTeacher> {
  let teacher = open.get(spec.sha256);
  if (!teacher) {
    teacher = (async () => {
      // The worker reads the file itself: it must still be the one the run measured.
      if (teacherHash(spec.kind, spec.path) !== spec.sha256) {
        throw new DataError(`--teacher ${spec.path} has changed since the run started; restore the original file or start a new search`);
      }
      return openModelTeacher({ ...spec, probes: [] });
    })();
    open.set(spec.sha256, teacher);
    // A failed open is not cached: the next hop tries again.
    teacher.catch(() => open.delete(spec.sha256));
  }
  return teacher;
}

/** Rows of the run's standardised space in the dataset's own units. */
function destandardise(features: Float32Array, standardisation: PreparedData['standardisation']): Float32Array {
  if (!standardisation) return features;
  const { mean, std } = standardisation;
  const width = mean.length;
  return features.map((v, i) => v * std[i % width] + mean[i % width]);
}

/**
 * The user's model of `spec` as a teacher to query on new, standardised rows of `data`: class
 * probabilities in the dataset's class order, its outputs read as `spec.output` (the run records
 * what it detected when it measured the teacher).
 */
export function queryableTeacher(spec: TeacherSpec, data: Pick<PreparedData, 'classNames' | 'standardisation' | 'exampleShape'>) {
  const width = data.exampleShape.reduce((a, b) => a * b, 1);
  return {
    async predictProbabilities(features: Float32Array, count: number): Promise<Float32Array> {
      const teacher = await openOnce(spec);
      const rows = spec.input === 'raw' ? destandardise(features, data.standardisation) : features;
      const { output } = await teacher.run({ features: rows, count }, width);
      return teacherProbabilities(output.values, output.columns, {
        classNames: data.classNames,
        classes: spec.classes,
        output: spec.output,
        source: `--teacher ${spec.path}`,
      }).probabilities;
    },
  };
}
