export * from './errors.js';
export * from './registry.js';
export * from './types.js';
export * from './random.js';
export * from './stats.js';
export * from './zod-issues.js';
