/**
 * Datasets: loaders (CSV, ARFF, IDX), the named catalogue (embedded UCI sets, Fashion-MNIST),
 * stratified seeded splits with standardisation, and shared-memory copies for the worker pool.
 */
export { loadDataset, datasetNames, isEmbeddedDataset } from './dataset-catalog.js';
export type { LoadedDataset } from './loaded-dataset.js';
export { parseCsv, loadCsv, type TabularLoadOptions } from './csv-loader.js';
export { parseArff, loadArff } from './arff-loader.js';
export { parseIdx, loadIdx, idxToDataset, type IdxArray } from './idx-loader.js';
export { loadFashionMnist, fashionMnistSearchDirs, FASHION_MNIST_CLASSES } from './fashion-mnist.js';
export { prepareData, defaultSplitSettings, gatherPart, standardiseInPlace } from './split.js';
export { encodeRows } from './encode-rows.js';
export { encodingFeatureNames, MISSING_TOKENS } from './tabular-table.js';
export { toSharedMemory } from './shared-memory.js';
export { hashDataset } from './dataset-hash.js';
