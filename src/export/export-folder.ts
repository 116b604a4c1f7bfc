import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../core/index.js';
import { families } from '../models/index.js';
import { EXPORT_FILES } from './export-manifest.js';

/** Every file name an export may write: the manifest and each family's model files. */
function exportFileNames(): Set<string> {
  const names = new Set<string>(Object.values(EXPORT_FILES));
  for (const key of families.keys()) for (const file of families.get(key).exportFiles) names.add(file);
  return names;
}

/**
 * Refuses an export folder that would lose something: a path that exists but is not a folder
 * (never replaced, even with `force`: deleting a user's file to put a folder there is never what
 * was meant), and a folder that already holds an export, unless `force`. Other files in the folder
 * are left alone, so exporting into a non-empty folder without an earlier export is fine.
 *
 * @throws ConfigError naming `--out`, what is in the way and what to do
 */
export function checkExportFolder(dir: string, force: boolean): void {
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ConfigError(`--out ${dir}: cannot use it (${(error as Error).message})`, { cause: error });
  }
  if (!isFolder) {
    throw new ConfigError(`--out ${dir} is a file, not a folder; give a new or existing folder (an existing file is never replaced)`);
  }
  const names = exportFileNames();
  const earlier = readdirSync(dir).filter((name) => names.has(name));
  if (earlier.length > 0 && !force) {
    throw new ConfigError(`--out ${dir} already holds an export (${earlier.join(', ')}); pass --force to overwrite it, or choose another folder`);
  }
}

/** Writes one file of an export, turning a file-system failure into one line naming the file. */
export function writeExportFile(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (error) {
    throw new ConfigError(`${path}: cannot write the export (${(error as Error).message})`, { cause: error });
  }
}
