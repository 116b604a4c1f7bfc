/**
 * Shipping the simple model: export a trained node as a TF.js layers model plus `multihop.json`
 * (preprocessing, class names, the chain that produced it), load it back with plain
 * `@tensorflow/tfjs`, and predict raw CSV rows with it.
 */
export { defaultExportNode, exportModel, preparedRunData } from './export-model.js';
export type { ExportOptions } from './export-model.js';
export { EXPORT_FILES, readExportManifest } from './export-manifest.js';
export type { ExportManifest, ExportedChainLink } from './export-manifest.js';
export { checkExportFolder, fileLoadHandler, fileSaveHandler } from './model-files.js';
export { checkModelFiles } from './model-files-check.js';
export { expectedColumns, loadExportedModel, predictCsv } from './predict-csv.js';
export type { CsvPredictions, LoadedExport } from './predict-csv.js';
