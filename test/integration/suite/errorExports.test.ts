/**
 * One error export beside several recordings, in the editor: each error shows only in the
 * session it belongs to (by session id, else by the time span), and the Struggles view counts
 * the errors that matched no recording under the export.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StruggleLensApi } from '../../../src/extension/extension';
import { readTreeItem, runCommand, waitFor } from '../workbench';

const VIEW = 'struggleLens.struggles';
/** Far from the fixtures' recording dates, so only these recordings can match. */
const T = Date.UTC(2031, 4, 6, 10, 0, 0);

function recording(start: number, url: string): object[] {
  const node = { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: 'html', attributes: {}, childNodes: [] }] };
  const events: object[] = [
    { type: 4, data: { href: url, width: 1280, height: 720 }, timestamp: start },
    { type: 2, data: { node, initialOffset: { top: 0, left: 0 } }, timestamp: start + 5 },
  ];
  for (let t = start + 1000; t <= start + 20_000; t += 1000) events.push({ type: 3, data: { source: 1, positions: [{ x: 5, y: 5, id: 2, timeOffset: 0 }] }, timestamp: t });
  return events;
}

function sentry(at: number, message: string, replayId?: string): object {
  return {
    timestamp: at / 1000,
    exception: { values: [{ type: 'TypeError', value: message, mechanism: { type: 'onerror', handled: false } }] },
    ...(replayId ? { contexts: { replay: { replay_id: replayId } } } : {}),
  };
}

describe('error exports in the editor', function () {
  this.timeout(120_000);
  let api: StruggleLensApi;
  const dir = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'error-exports.tmp');

  before(async () => {
    api = await vscode.extensions.getExtension<StruggleLensApi>('struggle-lens.struggle-lens')!.activate();
  });

  after(async () => {
    await vscode.workspace.fs.delete(dir(), { recursive: true, useTrash: false });
    await runCommand('struggleLens.analyzeWorkspace');
  });

  it('shows each error only in its session and counts the unmatched ones under the export', async () => {
    const starts = [T, T + 60_000, T + 120_000];
    const write = (name: string, value: unknown) => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir(), name), Buffer.from(JSON.stringify(value)));
    await write('a.rrweb.json', { replay_id: 'replay-a', events: recording(starts[0], 'https://shop.example/a') });
    await write('b.rrweb.json', recording(starts[1], 'https://shop.example/b'));
    await write('c.rrweb.json', recording(starts[2], 'https://shop.example/c'));
    await write('day.sentry.json', [
      sentry(starts[0] + 3_000, 'a by time'),
      sentry(starts[2] + 4_000, 'a by its id', 'replay-a'),
      sentry(starts[1] + 5_000, 'b by time'),
      sentry(starts[2] + 6_000, 'c by time'),
      sentry(starts[0] - 30_000, 'before every recording'),
      sentry(starts[0] + 40_000, 'between a and b'),
      sentry(starts[2] + 90_000, 'after every recording'),
      sentry(starts[0] + 4_000, 'names another session', 'replay-z'),
    ]);
    await runCommand('struggleLens.analyzeWorkspace');

    const errorsOf = (name: string) => {
      const r = api.recordings().find((x) => x.relativePath === `error-exports.tmp/${name}`);
      return r ? r.sessions.flatMap((s) => s.errors.map((e) => e.message)).sort() : undefined;
    };
    await waitFor('the three recordings to be analyzed', () => errorsOf('a.rrweb.json') && errorsOf('b.rrweb.json') && errorsOf('c.rrweb.json'));
    assert.deepEqual(errorsOf('a.rrweb.json'), ['a by its id', 'a by time']);
    assert.deepEqual(errorsOf('b.rrweb.json'), ['b by time']);
    assert.deepEqual(errorsOf('c.rrweb.json'), ['c by time']);
    // Only recorded errors elsewhere: none of the export's errors in any fixture recording.
    for (const r of api.recordings().filter((x) => !x.relativePath.startsWith('error-exports.tmp/'))) {
      for (const s of r.sessions) assert.ok(!s.errors.some((e) => e.file === 'error-exports.tmp/day.sentry.json'), `${r.relativePath} has none of the export's errors`);
    }
    const status = api.errorExports().find((e) => e.relativePath === 'error-exports.tmp/day.sentry.json');
    assert.ok(status, 'the export was found by the default globs');
    assert.deepEqual(status.unattached.map((e) => e.message).sort(), ['after every recording', 'before every recording', 'between a and b', 'names another session']);

    const row = await waitFor('the export in the Struggles view', () => readTreeItem(VIEW, 'day.sentry.json'));
    assert.match(row.description, /^4 errors matched no recording/, row.description);
    // Expanded: the count, then the errors themselves (escaped recorded text as plain labels).
    await api.revealErrorExport(vscode.Uri.joinPath(dir(), 'day.sentry.json'));
    await waitFor('the unmatched errors group', () => readTreeItem(VIEW, '4 errors matched no recording'));
    const error = await waitFor('an unmatched error row', () => readTreeItem(VIEW, 'TypeError: between a and b'));
    assert.match(error.description, /^2031-05-06T10:00:40\.000Z/, error.description);
  });
});
