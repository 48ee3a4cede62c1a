/** The single pass: observers see each event with the mirror after it, and (optionally) before it. */
import { EventType, IncrementalSource, NodeType } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import type { RecordingEvent } from '../../../src/core/model';
import type { EventObserver, PassContext } from '../../../src/core/recording/observer';
import { runPass } from '../../../src/core/recording/runPass';

const T0 = 1_763_846_163_120;
const events: RecordingEvent[] = [
  { type: EventType.Meta, timestamp: T0, data: { href: 'https://shop.test/a', width: 1280, height: 800 } },
  {
    type: EventType.FullSnapshot,
    timestamp: T0 + 1,
    data: {
      node: {
        type: NodeType.Document,
        id: 1,
        childNodes: [{ type: NodeType.Element, id: 2, tagName: 'body', attributes: {}, childNodes: [{ type: NodeType.Text, id: 3, textContent: 'Ready' }] }],
      },
      initialOffset: { top: 0, left: 0 },
    },
  },
  { type: EventType.IncrementalSnapshot, timestamp: T0 + 500, data: { source: IncrementalSource.Mutation, texts: [{ id: 3, value: 'Paid' }], attributes: [], removes: [], adds: [] } },
  { type: EventType.Meta, timestamp: T0 + 900, data: { href: 'https://shop.test/b', width: 1280, height: 800 } },
];

describe('runPass', () => {
  it('calls beforeEvent with the mirror and URL as they were before the event, onEvent after it', () => {
    const seen: string[] = [];
    const note = (when: string) => (event: RecordingEvent, ctx: PassContext) => {
      seen.push(`${when} ${event.type}@${ctx.atMs} ${ctx.url} "${ctx.mirror.textOf(2)}"`);
    };
    const observer: EventObserver = { beforeEvent: note('before'), onEvent: note('after') };
    runPass(events, [observer]);
    expect(seen).toEqual([
      'before 4@0  ""',
      'after 4@0 https://shop.test/a ""',
      'before 2@1 https://shop.test/a ""',
      'after 2@1 https://shop.test/a "Ready"',
      'before 3@500 https://shop.test/a "Ready"',
      'after 3@500 https://shop.test/a "Paid"',
      'before 4@900 https://shop.test/a "Paid"',
      'after 4@900 https://shop.test/b "Paid"',
    ]);
  });

  it('observers without beforeEvent see only onEvent', () => {
    const types: number[] = [];
    runPass(events, [{ onEvent: (event) => types.push(event.type) }]);
    expect(types).toEqual([4, 2, 3, 4]);
  });

  it('gives each event the current page of its window: a Meta is on its new page in onEvent, on the old one before it', () => {
    const seen: string[] = [];
    const note = (when: string) => (event: RecordingEvent, ctx: PassContext) => {
      seen.push(`${when} ${event.type} ${ctx.page ? `${ctx.page.url}#${ctx.page.eventIndex}` : '-'}`);
    };
    const { pages } = runPass(events, [{ beforeEvent: note('before'), onEvent: note('after') }]);
    expect(pages.map((p) => p.eventIndex)).toEqual([0, 3]);
    expect(seen).toEqual([
      'before 4 -',
      'after 4 https://shop.test/a#0',
      'before 2 https://shop.test/a#0',
      'after 2 https://shop.test/a#0',
      'before 3 https://shop.test/a#0',
      'after 3 https://shop.test/a#0',
      'before 4 https://shop.test/a#0',
      'after 4 https://shop.test/b#3',
    ]);
  });
});
