/**
 * Shipping the simple model: export a trained node in its family's format (a TF.js layers model
 * for networks, loadable with plain `@tensorflow/tfjs`) or as ONNX (tree, forest, linear, mlp) plus `multihop.json` (preprocessing,
 * class names, the chain that produced it), load it back, and predict raw CSV rows with it.
 */
export { defaultExportNode, exportModel, preparedRunData } from './export-model.js';
export type { ExportOptions } from './export-model.js';
export { EXPORT_FILES, readExportManifest } from './export-manifest.js';
export type { ExportManifest, ExportedChainLink, OnnxExportInfo } from './export-manifest.js';
export { checkExportFolder } from './export-folder.js';
export { expectedColumns, loadExportedModel, predictCsv } from './predict-csv.js';
export type { CsvPredictions, LoadedExport } from './predict-csv.js';
export { readableModel, type ReadableModel } from './readable-export.js';
