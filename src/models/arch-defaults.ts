import type { Activation, Arch, ConvBlock } from '../core/index.js';

/** Defaults applied to optional arch fields (Keras's: stride 1, 'valid' padding, no pooling). */
export const ARCH_DEFAULTS = {
  activation: 'relu' as Activation,
  dropout: 0,
  stride: 1,
  padding: 'valid' as const,
  pool: 1,
};

/** A conv block with every optional field filled in. */
export type ResolvedConvBlock = Required<ConvBlock>;

export function resolveConvBlock(block: ConvBlock): ResolvedConvBlock {
  return {
    filters: block.filters,
    kernel: block.kernel,
    stride: block.stride ?? ARCH_DEFAULTS.stride,
    padding: block.padding ?? ARCH_DEFAULTS.padding,
    pool: block.pool ?? ARCH_DEFAULTS.pool,
  };
}

/**
 * The arch with every default written out and keys in a fixed order, so two specs that build the
 * same model serialise to the same JSON.
 */
export function canonicalArch(arch: Arch): Arch {
  const activation = arch.activation ?? ARCH_DEFAULTS.activation;
  const dropout = arch.dropout ?? ARCH_DEFAULTS.dropout;
  if (arch.family === 'mlp') {
    return { family: 'mlp', hidden: [...arch.hidden], activation, dropout };
  }
  return {
    family: 'cnn',
    convs: arch.convs.map(resolveConvBlock),
    dense: [...arch.dense],
    activation,
    dropout,
  };
}

/** True when the two specs describe the same model (defaults filled, canonical JSON compared). */
export function sameArch(a: Arch, b: Arch): boolean {
  return JSON.stringify(canonicalArch(a)) === JSON.stringify(canonicalArch(b));
}

/**
 * A short human label: `mlp[64-32]`, `mlp[]` (logistic regression), `cnn[c32k3p2-c64k3p2|d128]`.
 * Conv blocks read `c<filters>k<kernel>`, then `s<stride>` when not 1, `p<pool>` when pooling, and
 * `:same` for 'same' padding. Non-default activation and dropout follow as `/tanh`, `/drop0.25`.
 */
export function archLabel(arch: Arch): string {
  const c = canonicalArch(arch);
  let body: string;
  if (c.family === 'mlp') {
    body = `mlp[${c.hidden.join('-')}]`;
  } else {
    const convs = c.convs.map((b) => {
      const r = resolveConvBlock(b);
      return (
        `c${r.filters}k${r.kernel}` +
        (r.stride !== 1 ? `s${r.stride}` : '') +
        (r.pool > 1 ? `p${r.pool}` : '') +
        (r.padding === 'same' ? ':same' : '')
      );
    });
    body = `cnn[${convs.join('-')}${c.dense.length > 0 ? `|d${c.dense.join('-')}` : ''}]`;
  }
  const activation = c.activation !== ARCH_DEFAULTS.activation ? `/${c.activation}` : '';
  const dropout = (c.dropout ?? 0) > 0 ? `/drop${c.dropout}` : '';
  return body + activation + dropout;
}
