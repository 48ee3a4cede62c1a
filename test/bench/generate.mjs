// Generates a large, realistic rrweb recording for benchmarks: a Meta event, one big FullSnapshot,
// then a long run of mutations, mouse moves, clicks, scrolls, inputs and console-plugin logs.
// Deterministic (seeded), written as a stream so generating 300 MB needs little memory.
//
//   import { generateRecording } from './generate.mjs';
//   const { bytes, events } = await generateRecording('/tmp/rec.json', 100 * 1024 * 1024);
//
// Command line: node test/bench/generate.mjs OUT.json [MEGABYTES] [--gzip]
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

/** Small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['cart', 'checkout', 'Place order', 'Total', 'shipping', 'Größe', 'prix €', '数量', 'añadir', 'Menu', 'search', 'account', 'price', 'delivery', 'café'];
const TAGS = ['div', 'span', 'a', 'button', 'li', 'p', 'img', 'input', 'section', 'label'];

function makeText(r, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += (i ? ' ' : '') + WORDS[Math.floor(r() * WORDS.length)];
  return s;
}

/** A random element subtree; `ids` is a counter object. */
function makeTree(r, ids, depth, breadth) {
  const tag = TAGS[Math.floor(r() * TAGS.length)];
  const id = ids.next++;
  const attributes = { class: `c-${Math.floor(r() * 500)} item ${tag}-x` };
  if (r() < 0.2) attributes.id = `el-${id}`;
  if (r() < 0.15) attributes['data-testid'] = `test-${Math.floor(r() * 1000)}`;
  if (tag === 'a') attributes.href = `https://shop.example/p/${Math.floor(r() * 10000)}?ref=bench&q=${encodeURIComponent(makeText(r, 2))}`;
  if (tag === 'img') attributes.src = `https://cdn.example/i/${Math.floor(r() * 1e6)}.webp`;
  if (r() < 0.1) attributes.style = `margin: ${Math.floor(r() * 20)}px; color: #${Math.floor(r() * 0xffffff).toString(16)};`;
  const childNodes = [];
  if (depth > 0) {
    const n = 1 + Math.floor(r() * breadth);
    for (let i = 0; i < n; i++) childNodes.push(makeTree(r, ids, depth - 1, breadth));
  }
  if (r() < 0.6) childNodes.push({ type: 3, textContent: makeText(r, 1 + Math.floor(r() * 6)), id: ids.next++ });
  return { type: 2, tagName: tag, attributes, childNodes, id };
}

/**
 * Writes an rrweb recording (a JSON array of events) of about `targetBytes` bytes to `path`.
 * Returns { bytes, events }.
 */
export async function generateRecording(path, targetBytes, { seed = 42 } = {}) {
  const r = rng(seed);
  const out = createWriteStream(path);
  let bytes = 0;
  let events = 0;
  let pending = '';
  const write = async (s) => {
    pending += s;
    bytes += Buffer.byteLength(s);
    if (pending.length > 1 << 20) {
      const chunk = pending;
      pending = '';
      if (!out.write(chunk)) await new Promise((res) => out.once('drain', res));
    }
  };
  let t = 1_700_000_000_000;
  let first = true;
  const emit = async (event) => {
    events++;
    await write((first ? '[' : ',') + JSON.stringify(event));
    first = false;
  };

  const ids = { next: 5 };
  await emit({ type: 4, data: { href: 'https://shop.example/checkout', width: 1440, height: 900 }, timestamp: t });
  // One big FullSnapshot: about 3% of the file (at least a few hundred nodes).
  const body = [];
  const snapshotTarget = Math.max(200_000, targetBytes * 0.03);
  let snapshotSize = 0;
  while (snapshotSize < snapshotTarget) {
    const tree = makeTree(r, ids, 4, 4);
    snapshotSize += JSON.stringify(tree).length;
    body.push(tree);
  }
  const nodeCount = ids.next;
  await emit({
    type: 2,
    data: {
      node: {
        type: 0,
        id: 1,
        childNodes: [
          { type: 1, name: 'html', publicId: '', systemId: '', id: 2 },
          {
            type: 2,
            tagName: 'html',
            attributes: { lang: 'en' },
            id: 3,
            childNodes: [{ type: 2, tagName: 'body', attributes: {}, id: 4, childNodes: body }],
          },
        ],
      },
      initialOffset: { left: 0, top: 0 },
    },
    timestamp: (t += 12),
  });

  const someId = () => 5 + Math.floor(r() * (nodeCount - 5));
  while (bytes < targetBytes - 2) {
    const k = r();
    t += 1 + Math.floor(r() * 40);
    if (k < 0.35) {
      // Mouse moves: batches of positions.
      const positions = [];
      const n = 3 + Math.floor(r() * 12);
      for (let i = 0; i < n; i++) positions.push({ x: Math.floor(r() * 1440), y: Math.floor(r() * 900), id: someId(), timeOffset: -i * 50 });
      await emit({ type: 3, data: { source: 1, positions }, timestamp: t });
    } else if (k < 0.6) {
      // Mutations: new subtrees, text changes, attribute changes, removals.
      const adds = [];
      const nAdds = Math.floor(r() * 3);
      for (let i = 0; i < nAdds; i++) adds.push({ parentId: someId(), nextId: r() < 0.5 ? null : someId(), node: makeTree(r, ids, 2, 3) });
      const texts = r() < 0.6 ? [{ id: someId(), value: makeText(r, 3) }] : [];
      const attributes = r() < 0.6 ? [{ id: someId(), attributes: { class: `c-${Math.floor(r() * 500)} item`, 'aria-busy': r() < 0.5 ? 'true' : null } }] : [];
      const removes = r() < 0.3 ? [{ parentId: someId(), id: someId() }] : [];
      await emit({ type: 3, data: { source: 0, texts, attributes, removes, adds }, timestamp: t });
    } else if (k < 0.72) {
      // A click: MouseDown, MouseUp, Click.
      const id = someId();
      const x = Math.floor(r() * 1440);
      const y = Math.floor(r() * 900);
      for (const type of [1, 0, 2]) await emit({ type: 3, data: { source: 2, type, id, x, y, pointerType: 0 }, timestamp: t++ });
    } else if (k < 0.85) {
      await emit({ type: 3, data: { source: 3, id: 1, x: 0, y: Math.floor(r() * 8000) }, timestamp: t });
    } else if (k < 0.93) {
      await emit({ type: 3, data: { source: 5, text: '*'.repeat(1 + Math.floor(r() * 12)), isChecked: false, id: someId(), userTriggered: true }, timestamp: t });
    } else {
      await emit({
        type: 6,
        data: {
          plugin: 'rrweb/console@1',
          payload: {
            level: r() < 0.3 ? 'error' : 'log',
            trace: ['handleSubmit (https://shop.example/assets/index-4f1c.js:1:48213)', 'onClick (https://shop.example/assets/index-4f1c.js:1:50211)'],
            payload: [JSON.stringify(makeText(r, 5))],
          },
        },
        timestamp: t,
      });
    }
  }
  await write(first ? '[]' : ']');
  out.end(pending);
  await new Promise((res, rej) => {
    out.on('finish', res);
    out.on('error', rej);
  });
  return { bytes, events };
}

/** Gzips `path` into `path + '.gz'` (or `to`). */
export async function gzipFile(path, to = `${path}.gz`) {
  await pipeline(createReadStream(path), createGzip(), createWriteStream(to));
  return to;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [out, mb = '100'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!out) {
    console.error('usage: node test/bench/generate.mjs OUT.json [MEGABYTES] [--gzip]');
    process.exit(2);
  }
  const { bytes, events } = await generateRecording(out, Number(mb) * 1024 * 1024);
  console.log(`${out}: ${(bytes / 1048576).toFixed(1)} MB, ${events} events`);
  if (process.argv.includes('--gzip')) console.log(`gzipped: ${await gzipFile(out)}`);
}
