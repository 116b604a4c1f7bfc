import type { SearchRun, Pending } from './search-run.js';
import type { SearchResult } from './search-types.js';

/**
 * A chain-search strategy (docs/design.md §4.2): from the outcomes a {@link SearchRun} holds, either the
 * finished result or {@link PENDING} after asking the run for every node the next step needs.
 * Pure: no clock, no randomness, no I/O.
 */
export interface Strategy {
  key: string;
  /** One line for `--help` and reports. */
  description: string;
  search(run: SearchRun): SearchResult | Pending;
}
