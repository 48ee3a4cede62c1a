import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ElementInfo, NodeSummary } from '../../../src/core/model';

/** A throwaway workspace with the given files (workspace-relative path → content). */
export function makeWorkspace(files: Record<string, string>): { root: string; write: (files: Record<string, string>) => void; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'sl-link-'));
  const write = (more: Record<string, string>) => {
    for (const [rel, content] of Object.entries(more)) {
      const abs = join(root, rel);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    }
  };
  write(files);
  return { root, write, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function element(tag: string, attributes: Record<string, string> = {}, text = '', ancestors: NodeSummary[] = []): ElementInfo {
  return { nodeId: 1, tag, attributes, text, selector: tag, ancestors };
}

export function ancestor(tag: string, attributes: Record<string, string> = {}): NodeSummary {
  return { nodeId: 0, tag, attributes };
}

/** 1-based line of the first line containing `needle`. */
export function lineOf(source: string, needle: string): number {
  const i = source.indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" not in source`);
  return source.slice(0, i).split('\n').length;
}
