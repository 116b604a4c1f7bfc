import { isDeepStrictEqual } from 'node:util';
import { Registry } from '../core/index.js';
import type { Arch, Complexity } from '../core/index.js';
import { cnnFamily } from './cnn-family.js';
import { forestFamily } from './forest-family.js';
import { gbtFamily } from './gbt-family.js';
import { linearFamily } from './linear-family.js';
import type { FamilyKey, ModelFamily } from './model-family.js';
import { mlpFamily } from './mlp-family.js';
import { treeFamily } from './tree-family.js';

/** In registration order: messages list the families this way ("'mlp' or 'cnn'"). */
const REGISTERED: ModelFamily[] = [mlpFamily, cnnFamily, treeFamily, forestFamily, linearFamily, gbtFamily];

/** Every model family by key: mlp, cnn, tree, forest, linear, gbt. */
export const families: Registry<ModelFamily> = REGISTERED.reduce(
  (registry, family) => registry.register(family.key, family),
  new Registry<ModelFamily>('model family'),
);

/** The registered family keys in registration order (the registry's own `keys()` are sorted). */
export function familyKeys(): [FamilyKey, ...FamilyKey[]] {
  return families.keysInOrder() as [FamilyKey, ...FamilyKey[]];
}

/**
 * The family of `arch`.
 * @throws ConfigError for an unknown family, listing the known ones
 */
export function familyOf<A extends Arch>(arch: A): ModelFamily<A> {
  return families.get(arch.family) as unknown as ModelFamily<A>;
}

/** The arch with defaults written out and keys in a fixed order ({@link ModelFamily.canonical}). */
export function canonicalArch<A extends Arch>(arch: A): A {
  return familyOf(arch).canonical(arch);
}

/** True when the two specs describe the same model (same family, equal canonical forms). */
export function sameArch(a: Arch, b: Arch): boolean {
  return a.family === b.family && isDeepStrictEqual(canonicalArch(a), canonicalArch(b));
}

/** The arch's label, starting with its family key ({@link ModelFamily.label}). */
export function archLabel(arch: Arch): string {
  return familyOf(arch).label(arch);
}

/** The arch's complexity on examples of `exampleShape` ({@link ModelFamily.complexity}). */
export function complexityOf(arch: Arch, exampleShape: number[], numClasses: number): Complexity {
  return familyOf(arch).complexity(arch, exampleShape, numClasses);
}

/**
 * A stored complexity (params, FLOPs and bytes, which is what the store keeps) with the tree
 * shape of tree families (`leaves`, `depth`) filled in from the arch ({@link ModelFamily.treeShape}).
 */
export function storedComplexity(arch: Arch, stored: Complexity): Complexity {
  const shape = familyOf(arch).treeShape?.(arch, stored.params);
  return shape ? { ...stored, ...shape } : stored;
}
