/** Turns what the user named (files and folders) into the list of recording files to read. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** File names a folder scan treats as recordings (the extension's default globs say the same). */
export const RECORDING_NAME = /\.rrweb\.(json|jsonl|json\.gz|jsonl\.gz)$/i;

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.vscode-test']);

export interface ExpandedInputs {
  files: string[];
  /** Inputs that could not be read at all (missing, unreadable). */
  errors: { file: string; message: string }[];
}

async function scanFolder(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) await scanFolder(path, out);
    } else if (entry.isFile() && RECORDING_NAME.test(entry.name)) {
      out.push(path);
    }
  }
}

/** Files are taken as given (any name: the format is detected from content); folders are scanned. */
export async function expandInputs(inputs: readonly string[]): Promise<ExpandedInputs> {
  const files: string[] = [];
  const errors: ExpandedInputs['errors'] = [];
  for (const input of inputs) {
    try {
      const info = await stat(input);
      if (info.isDirectory()) {
        const found: string[] = [];
        await scanFolder(input, found);
        if (found.length === 0) errors.push({ file: input, message: 'folder holds no recordings (*.rrweb.json, *.rrweb.json.gz, *.rrweb.jsonl)' });
        files.push(...found);
      } else {
        files.push(input);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      errors.push({ file: input, message: code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : String((error as Error).message) });
    }
  }
  return { files: [...new Set(files)], errors };
}
