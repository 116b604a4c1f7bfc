/**
 * The `search` command's flags, in one table: the command registers its options from it and
 * builds its SearchRequest with it, and a sweep file's grid keys are its flag names, parsed by the
 * same parsers. A flag added here is a sweep grid key at once.
 */
import { Option } from 'commander';
import type { SearchRequest } from '../config/index.js';
import { BACKEND_CHOICES } from '../backend/backend-choices.js';
import { datasetNames } from '../data/index.js';
import { MAX_SEEDS, shippedSearchSpaceNames, strategies } from '../search/index.js';
import { transferKeys } from '../transfer/index.js';
import type { SweepFlag } from '../sweep/index.js';
import { commaList, fraction, nonNegativeInt, positiveInt, workerCount } from './options.js';

/** One flag of `multihop search`. */
export interface SearchFlag {
  /** Commander's syntax: `--seeds <n>`. */
  syntax: string;
  description: () => string;
  /** The SearchRequest field the value fills. */
  field: keyof SearchRequest;
  /** The CLI's parser for the value (none: the string as given). */
  parse?: (value: string) => unknown;
  defaultValue?: string;
}

export const SEARCH_FLAGS: readonly SearchFlag[] = [
  { syntax: '--dataset <name|path>', field: 'dataset', description: () => `dataset name (${datasetNames().join(', ')}) or a .csv/.arff path` },
  {
    syntax: '--label <column>',
    field: 'label',
    description: () => 'label column of a .csv/.arff file, by name (default: a column named label, class, target or y, else the last)',
  },
  {
    syntax: '--split-column <column>',
    field: 'splitColumn',
    description: () => 'column of a .csv/.arff file saying train, validation or test per row: use your split instead of a random one',
  },
  {
    syntax: '--space <name|file>',
    field: 'space',
    description: () => `search space: a shipped name (${shippedSearchSpaceNames().join(', ')}) or a JSON file`,
    defaultValue: 'default',
  },
  { syntax: '--strategy <s>', field: 'strategy', description: () => `${strategies.keysInOrder().join(' | ')} (default: the space's, else greedy)` },
  { syntax: '--width <k>', field: 'beamWidth', description: () => 'beam width for --strategy beam', parse: positiveInt('--width') },
  {
    syntax: '--methods <list>',
    field: 'methods',
    description: () => `transfer methods per hop, comma-separated: ${transferKeys().join(',')} (default: the space's defaultMethods, else kd; scratch is always tried)`,
    parse: commaList,
  },
  {
    syntax: '--seeds <n>',
    field: 'seeds',
    description: () => `replicate seeds per hop (at most ${MAX_SEEDS}); decisions use the mean`,
    parse: positiveInt('--seeds', MAX_SEEDS),
  },
  {
    syntax: '--workers <n>',
    field: 'workers',
    description: () => 'worker threads (default: number of cores; at most 4 per core, fewer when memory is short)',
    parse: workerCount(),
  },
  { syntax: '--backend <b>', field: 'backend', description: () => `force a TF.js backend: ${BACKEND_CHOICES.join(' | ')} (env MULTIHOP_BACKEND)` },
  {
    syntax: '--root-share <f>',
    field: 'rootShare',
    description: () => 'share of the training split reserved for the complex model only',
    parse: fraction('--root-share'),
  },
  { syntax: '--split-seed <n>', field: 'splitSeed', description: () => 'seed of the train/validation/test split', parse: nonNegativeInt('--split-seed') },
  {
    syntax: '--max-attempts <n>',
    field: 'maxAttempts',
    description: () => 'failed tries per node before it is given up (a start interrupted by a crash or Ctrl-C is no failure)',
    parse: positiveInt('--max-attempts'),
  },
  {
    syntax: '--teacher <path>',
    field: 'teacher',
    description: () =>
      'your own complex model as the root, never trained: a .onnx model, a TF.js layers model folder (or its model.json) or a predictions .csv (one probability column per class)',
  },
  {
    syntax: '--teacher-input <kind>',
    field: 'teacherInput',
    description: () => 'what an ONNX or TF.js teacher is fed: raw (the feature columns in file order, default) | standardized',
  },
  { syntax: '--teacher-output <kind>', field: 'teacherOutput', description: () => "what the teacher's outputs are: logits | probabilities (default: detected)" },
  {
    syntax: '--teacher-classes <list>',
    field: 'teacherClasses',
    description: () => "class of each teacher output, comma-separated (default: the dataset's class names, sorted)",
    parse: commaList,
  },
  {
    syntax: '--teacher-probes <list>',
    field: 'teacherProbes',
    description: () => 'hidden representations to probe for ProfWeight/SRatio, comma-separated: extra named outputs of an ONNX model or layer names of a TF.js model',
    parse: commaList,
  },
  { syntax: '--id <column>', field: 'id', description: () => 'id column shared by the dataset and a predictions CSV (default: rows align by order)' },
  {
    syntax: '--max-params <n>',
    field: 'maxParams',
    description: () => 'budget: at most n parameters (tree families: nodes); the search then proposes its own targets within the budget',
    parse: positiveInt('--max-params'),
  },
  { syntax: '--max-bytes <n>', field: 'maxBytes', description: () => 'budget: at most n bytes of stored model', parse: positiveInt('--max-bytes') },
  {
    syntax: '--max-depth <n>',
    field: 'maxDepth',
    description: () => 'budget: trees, forests and gbt no deeper than n (ignored for networks, which have no tree depth)',
    parse: positiveInt('--max-depth'),
  },
  {
    syntax: '--max-latency-us <n>',
    field: 'maxLatencyUs',
    description: () => 'budget: at most n microseconds per example, measured on this machine before training',
    parse: positiveInt('--max-latency-us'),
  },
];

function optionOf(flag: SearchFlag): Option {
  const option = new Option(flag.syntax, flag.description());
  if (flag.parse) option.argParser(flag.parse);
  if (flag.defaultValue !== undefined) option.default(flag.defaultValue);
  return option;
}

/** The commander options of the search flags. */
export function searchOptions(): Option[] {
  return SEARCH_FLAGS.map(optionOf);
}

/** The SearchRequest of parsed `search` flags (commander's camelCase attributes). */
export function searchRequest(flags: Record<string, unknown>): SearchRequest {
  const request: Record<string, unknown> = {};
  for (const flag of SEARCH_FLAGS) request[flag.field] = flags[optionOf(flag).attributeName()];
  return request as SearchRequest;
}

/** The search flags as sweep grid keys: `root-share`, parsed as the CLI parses `--root-share`. */
export function sweepFlags(): SweepFlag[] {
  return SEARCH_FLAGS.map((flag) => ({ name: optionOf(flag).name(), field: flag.field, ...(flag.parse ? { parse: flag.parse } : {}) }));
}
