import { ConfigError } from './errors.js';

/**
 * A keyed registry of interchangeable implementations (transfer methods, strategies, proposers,
 * datasets). Refuses duplicate keys; an unknown key lists the known ones.
 */
export class Registry<T> {
  private readonly entries = new Map<string, T>();

  /** @param kind what the entries are, used in error messages ("transfer method"). */
  constructor(readonly kind: string) {}

  register(key: string, value: T): this {
    if (this.entries.has(key)) {
      throw new Error(`${this.kind} '${key}' is already registered`);
    }
    this.entries.set(key, value);
    return this;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): T {
    const value = this.entries.get(key);
    if (value === undefined) {
      throw new ConfigError(`unknown ${this.kind} '${key}'; known: ${this.keys().join(', ') || '(none)'}`);
    }
    return value;
  }

  /** Every key, sorted (for "known: …" lists). */
  keys(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** Every key in the order it was registered (for choices shown in a meaningful order). */
  keysInOrder(): string[] {
    return [...this.entries.keys()];
  }
}
