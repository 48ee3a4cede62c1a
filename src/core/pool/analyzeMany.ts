/**
 * Many recordings over a pool of worker threads, with the same result as analyzeInputs: each
 * recording is a task; recordings that turn out to be segments of one session (a shared session
 * id) are analyzed again together; errors from separate logs (`--errors`) are attributed once
 * across every session, and the sessions that got some are analyzed again with them.
 *
 * The entry for every command that reads a pile of recordings (analyze DIR, and check or
 * hotspots over many files).
 */
import { resolve } from 'node:path';
import { readLogs, shownPath, type AnalysisResult, type AnalyzeOptions } from '../analysis';
import { attributeErrors, loadErrorsFile } from '../errors';
import { expandInputs } from '../inputs';
import type { ErrorRecord } from '../model';
import type { AnalysisPool, PoolRunHooks } from './pool';
import type { TaskOptions, TaskResult } from './task';

export type PoolAnalyzeOptions = Omit<AnalyzeOptions, 'keepEvents' | 'link' | 'readErrorsFile' | 'assignErrors'> & { pool: AnalysisPool };

function taskOptions(options: PoolAnalyzeOptions, ignore: readonly string[]): Omit<TaskOptions, 'runId'> {
  const { cwd, workspace, attachSlackMs, detect, maxDecompressedBytes, sourceMaps, include, exclude } = options;
  return {
    cwd: cwd ?? process.cwd(),
    ...(workspace ? { workspace: resolve(cwd ?? process.cwd(), workspace) } : {}),
    ...(attachSlackMs !== undefined ? { attachSlackMs } : {}),
    ...(detect ? { detect } : {}),
    ...(maxDecompressedBytes ? { maxDecompressedBytes } : {}),
    ...(sourceMaps ? { sourceMaps } : {}),
    ...(include ? { include } : {}),
    ...(exclude ? { exclude } : {}),
    ignoreSiblingLogs: [...ignore],
  };
}

/** Groups whose sessions share a session id, merged into one (in the groups' order). */
function mergeSegments(groups: string[][], results: TaskResult[]): { groups: string[][]; merged: number[] } {
  const byId = new Map<string, number[]>();
  results.forEach((r, i) => {
    for (const span of r.spans) if (span.sessionId) byId.set(span.sessionId, [...new Set([...(byId.get(span.sessionId) ?? []), i])]);
  });
  const into = new Map<number, number>();
  for (const members of byId.values()) {
    if (members.length < 2) continue;
    const first = Math.min(...members.map((m) => into.get(m) ?? m));
    for (const m of members) into.set(m, first);
  }
  const out: string[][] = [];
  const merged: number[] = [];
  const slot = new Map<number, number>();
  groups.forEach((g, i) => {
    const target = into.get(i);
    if (target === undefined) return void out.push(g);
    if (!slot.has(target)) {
      slot.set(target, out.length);
      merged.push(out.length);
      out.push([]);
    }
    out[slot.get(target)!].push(...g);
  });
  return { groups: out, merged };
}

/** Analyzes absolute recording paths (no folder scan) in the pool. */
export async function analyzeFilesInPool(
  files: readonly string[],
  options: PoolAnalyzeOptions & Pick<PoolRunHooks, 'assignErrors'>,
): Promise<AnalysisResult> {
  const cwd = options.cwd ?? process.cwd();
  const shown = (abs: string) => shownPath(cwd, abs);
  const externalFiles = [...new Set((options.errorsFiles ?? []).map((f) => resolve(cwd, f)))];
  const opts = taskOptions(options, [...externalFiles, ...(options.ignoreSiblingLogs ?? []).map((f) => resolve(f))]);
  const total = files.length;
  let done = 0;
  const hooks: PoolRunHooks = {
    signal: options.signal,
    assignErrors: options.assignErrors,
    onDone: (group) => {
      done += group.length;
      options.onProgress?.({ done, total, file: shown(group[group.length - 1]) });
    },
  };
  let groups = options.oneSession ? [[...files]] : files.map((f) => [f]);
  let results = await options.pool.run(groups, opts, hooks);

  const { groups: mergedGroups, merged } = mergeSegments(groups, results);
  if (merged.length > 0) {
    const again = await options.pool.run(merged.map((i) => mergedGroups[i]), opts, { ...hooks, onDone: undefined });
    const old = new Map(groups.map((g, i) => [g.join('\0'), results[i]]));
    groups = mergedGroups;
    results = groups.map((g, i) => (merged.includes(i) ? again[merged.indexOf(i)] : old.get(g.join('\0'))!));
  }

  const inputErrors: AnalysisResult['inputErrors'] = [];
  const logs = await readLogs(externalFiles, loadErrorsFile, (file, message) => inputErrors.push({ file: shown(file), message }));
  let unattached: ErrorRecord[] = [];
  if (externalFiles.length > 0) {
    // One session per group: its files are the group's. Attributed once, across every session.
    const owners = results.flatMap((r, i) => r.spans.map((span) => ({ span, group: i })));
    const attribution = attributeErrors(
      externalFiles.map((file) => ({ errors: logs.get(file)!.map((e) => ({ ...e, file: shown(file) })) })),
      owners.map((o) => o.span),
      { slackMs: options.attachSlackMs },
    );
    unattached = attribution.unattached;
    const assigned = new Map<string, ErrorRecord[]>();
    const rerun = new Set<number>();
    owners.forEach((o, i) => {
      if (attribution.bySession[i].length === 0) return;
      rerun.add(o.group);
      const key = groups[o.group][0];
      assigned.set(key, [...(assigned.get(key) ?? []), ...attribution.bySession[i]]);
    });
    const indexes = [...rerun].sort((a, b) => a - b);
    if (indexes.length > 0) {
      const again = await options.pool.run(indexes.map((i) => groups[i]), opts, { signal: options.signal, assigned });
      indexes.forEach((g, k) => (results[g] = again[k]));
    }
  }
  options.onProgress?.({ done: total, total, file: '' });
  return {
    sessions: results.flatMap((r) => r.sessions),
    spans: results.flatMap((r) => r.spans),
    unattachedErrors: [...unattached, ...results.flatMap((r) => r.unattachedErrors)],
    inputErrors: [...inputErrors, ...results.flatMap((r) => r.inputErrors)],
  };
}

/** analyzeInputs over a pool: files and folders as given on the command line. */
export async function analyzeInputsInPool(inputs: readonly string[], options: PoolAnalyzeOptions): Promise<AnalysisResult> {
  const cwd = options.cwd ?? process.cwd();
  const expanded = await expandInputs(inputs.map((i) => resolve(cwd, i)));
  const result = await analyzeFilesInPool(expanded.files, options);
  return { ...result, inputErrors: [...expanded.errors.map((e) => ({ file: shownPath(cwd, e.file), message: e.message })), ...result.inputErrors] };
}
