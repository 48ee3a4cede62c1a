// Generates a large rrweb recording for benchmarks. Deterministic (seeded), written as a stream so
// generating 300 MB needs little memory. Two mixes:
//
// - 'realistic' (default): a long session in a single-page shop as the rrweb 2.x recorder records
//   it — page loads every few minutes (Meta + FullSnapshot of a 2,000–8,000-node DOM), mouse paths,
//   scroll bursts, reading pauses, typing, a click every 5–15 s answered by mutations that replace
//   part of the page, a countdown ticking on some pages, console logs. The struggle detectors see
//   a believable handful of struggles. The model is described at `writeRealistic` below.
// - 'stress': the original adversarial mix — one page whose node count only grows, a click on a
//   random node in ~12% of iterations, the cursor jumping across the screen every 50 ms, events
//   1–41 ms apart. Its output is unchanged (byte-identical for the same seed and size).
//
//   import { generateRecording } from './generate.mjs';
//   const { bytes, events } = await generateRecording('/tmp/rec.json', 100 * 1024 * 1024, { mix: 'stress' });
//
// Command line: node test/bench/generate.mjs OUT.json [MEGABYTES] [--gzip] [--mix stress|realistic]
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

export const MIXES = ['realistic', 'stress'];

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

/**
 * The output file as a JSON array written in 1 MB chunks: `emit(event)` appends an event,
 * `bytes`/`events` count what was written, `close()` ends the array and the file.
 */
function openSink(path) {
  const out = createWriteStream(path);
  const sink = { bytes: 0, events: 0 };
  let pending = '';
  let first = true;
  const write = async (s) => {
    pending += s;
    sink.bytes += Buffer.byteLength(s);
    if (pending.length > 1 << 20) {
      const chunk = pending;
      pending = '';
      if (!out.write(chunk)) await new Promise((res) => out.once('drain', res));
    }
  };
  sink.emit = async (event) => {
    sink.events++;
    await write((first ? '[' : ',') + JSON.stringify(event));
    first = false;
  };
  sink.close = async () => {
    await write(first ? '[]' : ']');
    out.end(pending);
    await new Promise((res, rej) => {
      out.on('finish', res);
      out.on('error', rej);
    });
    return { bytes: sink.bytes, events: sink.events };
  };
  return sink;
}

/**
 * Writes an rrweb recording (a JSON array of events sorted by timestamp) of about `targetBytes`
 * bytes to `path`. `mix` is 'realistic' (default) or 'stress'. Returns { bytes, events }.
 */
export async function generateRecording(path, targetBytes, { seed = 42, mix = 'realistic' } = {}) {
  if (!MIXES.includes(mix)) throw new Error(`generateRecording: unknown mix ${JSON.stringify(mix)} (expected ${MIXES.join(' or ')})`);
  const sink = openSink(path);
  const r = rng(seed);
  if (mix === 'stress') await writeStress(sink, r, targetBytes);
  else await writeRealistic(sink, r, targetBytes);
  return sink.close();
}

// =============================================================================================
// The stress mix (unchanged: same random draws, same events, same bytes).

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

async function writeStress(sink, r, targetBytes) {
  const emit = sink.emit;
  let t = 1_700_000_000_000;
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
  while (sink.bytes < targetBytes - 2) {
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
}

// =============================================================================================
// The realistic mix: vocabulary, DOM building, layout, then the session itself.

const SITE = 'https://shop.example';
const BRAND = 'Trailhead Outfitters';
const VIEW_W = 1440;
const VIEW_H = 900;
/** The sticky site header: the top HEADER_H px of the viewport, whatever the scroll position. */
const HEADER_H = 72;
const MAIN_X = 32;
const MAIN_W = VIEW_W - 2 * MAIN_X;

const ADJECTIVES = ['Trail', 'Alpine', 'Urban', 'Classic', 'Ultralight', 'Waterproof', 'Nordic', 'Storm', 'Café', 'Größe M', 'Été', 'Añejo', 'Кожаный', '軽量', 'Rapide'];
const NOUNS = ['Runner 2', 'Backpack 30L', 'Rain jacket', 'Headlamp', 'Water bottle', 'Fleece', 'Tent 2P', 'Sleeping bag', 'Trekking poles', 'Beanie', 'Merino socks', 'シューズ', 'Sac à dos', 'Mochila', 'Рюкзак'];
const COLORS = ['sand', 'berry', 'forest', 'slate', 'noir', 'blanc', '藍色', 'rojo'];
const CATEGORIES = ['Shoes', 'Jackets', 'Backpacks', 'Camping', 'Climbing', 'Running', 'Kids', 'Sale', 'Neuheiten', 'Soldes', 'Accesorios', 'Ofertas'];
const PROSE = ['great', 'fit', 'comfortable', 'after', 'three', 'weeks', 'of', 'hiking', 'the', 'zip', 'broke', 'would', 'buy', 'again', 'delivery', 'was', 'fast', 'trop', 'petit', 'muy', 'bueno', 'sehr', 'gut', 'verarbeitet', '很好', '快递', 'отлично', 'price', 'quality', 'waterproof', 'size', 'runs', 'small', 'größer', 'prix €', '数量'];
const HELP_TOPICS = ['shipping', 'returns', 'sizing', 'warranty', 'payment', 'gift-cards', 'versand', 'envíos'];
const SEARCHES = ['trail runner', 'rain jacket women', 'headlamp', 'tent 2p', 'größe 42 schuhe', 'mochila 30l', 'fleece kids', 'merino socks', 'veste pluie', '登山靴'];
const REVIEWERS = ['Anna K.', 'José M.', 'Jürgen', 'Chloé', 'Mei L.', 'Иван', 'Sam', 'Priya', 'Ólafur'];
/** Checkout fields: autocomplete name, label, input type, sample values typed. */
const CHECKOUT_FIELDS = [
  ['email', 'Email', 'email', ['anna.k@example.com', 'jose.m@example.org', 'mei@example.net']],
  ['tel', 'Phone', 'tel', ['+49 151 2345678', '+33 6 12 34 56 78', '+1 415 555 0100']],
  ['given-name', 'First name', 'text', ['Anna', 'José', 'Jürgen', 'Chloé', 'Mei']],
  ['family-name', 'Last name', 'text', ['Kowalski', 'Muñoz', 'Größer', 'Dubois', 'Lin']],
  ['street-address', 'Street and number', 'text', ['Hauptstraße 12', '221B Baker Street', 'Calle Mayor 5']],
  ['postal-code', 'Postcode', 'text', ['10115', '75001', '28013']],
  ['address-level2', 'City', 'text', ['Berlin', 'Paris', 'Madrid', 'München']],
];
const SCRIPT_URL = `${SITE}/assets/index-4f1c.js`;

const pick = (r, list) => list[Math.floor(r() * list.length)];
/** An integer in [lo, hi]. */
const between = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
const slug = (s) => encodeURIComponent(s.toLowerCase().replace(/\s+/g, '-'));
const productName = (r) => `${pick(r, ADJECTIVES)} ${pick(r, NOUNS)} ${pick(r, COLORS)}`;
const price = (r) => `€${between(r, 9, 320)}.${pick(r, ['00', '50', '90', '95', '99'])}`;

function prose(r, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += (i ? ' ' : '') + pick(r, PROSE);
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

// ---- DOM nodes, serialized as rrweb does (ids given later, in rrweb's order) ----------------

const el = (tagName, attributes = {}, childNodes = []) => ({ type: 2, tagName, attributes, childNodes, id: 0 });
const txt = (textContent) => ({ type: 3, textContent, id: 0 });

/** FullSnapshot numbering: pre-order, from ids.next. */
function numberTree(node, ids) {
  node.id = ids.next++;
  if (node.childNodes) for (const child of node.childNodes) numberTree(child, ids);
}

function countNodes(node) {
  let n = 1;
  if (node.childNodes) for (const child of node.childNodes) n += countNodes(child);
  return n;
}

/**
 * Mutation adds for new subtrees `roots` inserted under `parentId` before `nextId`, node by node
 * as rrweb lists them: every node its own add with an empty `childNodes`, parents before their
 * children, siblings last-first so each `nextId` names a node already present. Ids are given in
 * that order.
 */
function addsFor(roots, parentId, nextId, ids) {
  const adds = [];
  const put = (node, parent, next) => {
    node.id = ids.next++;
    const serialized = node.type === 2 ? { type: 2, tagName: node.tagName, attributes: node.attributes, childNodes: [], id: node.id } : { type: 3, textContent: node.textContent, id: node.id };
    adds.push({ parentId: parent, nextId: next, node: serialized });
  };
  const queue = [];
  let next = nextId;
  for (let i = roots.length - 1; i >= 0; i--) {
    put(roots[i], parentId, next);
    next = roots[i].id;
    queue.push(roots[i]);
  }
  for (let q = 0; q < queue.length; q++) {
    const kids = queue[q].childNodes ?? [];
    let sibling = null;
    for (let i = kids.length - 1; i >= 0; i--) {
      put(kids[i], queue[q].id, sibling);
      sibling = kids[i].id;
      queue.push(kids[i]);
    }
  }
  return adds;
}

/** Server-rendered markup: whitespace text nodes between element children, as rrweb records them. */
function addWhitespace(node, skip) {
  if (node.type !== 2 || skip.has(node)) return;
  const kids = node.childNodes;
  if (kids.length > 1 && kids.every((k) => k.type === 2)) {
    node.childNodes = [];
    for (const k of kids) node.childNodes.push(txt('\n      '), k);
    node.childNodes.push(txt('\n    '));
  }
  for (const k of kids) addWhitespace(k, skip);
}

// ---- Page building: DOM + layout (document coordinates) + clickable "slots" -----------------

/**
 * Collects what the session needs to know about a page while its DOM is built: slots (boxes the
 * user can point at and click: { kind, node, x, y, w, h, ... }, `node` being the deepest element
 * under the pointer), sections (vertical bands, for hover ids between slots), the running layout
 * height `y`, and the replaceable regions.
 */
class PageBuilder {
  constructor(r, kind, href) {
    this.r = r;
    this.kind = kind;
    this.href = href;
    this.serverRendered = r() < 0.5;
    this.noWhitespace = new Set();
    this.slots = [];
    this.sections = [];
    this.y = 0;
    this.nodes = 0;
    this.grid = null;
    this.panel = null;
    this.ticker = null;
    this.toastHost = null;
    this.cartBadge = null;
    this.miniCart = null;
  }

  slot(kind, node, x, y, w, h, extra = {}) {
    const s = { kind, node, x, y, w, h, ...extra };
    this.slots.push(s);
    return s;
  }

  /** A finished block of height `h` at the current y: whitespace if server-rendered, counted. */
  block(node, h) {
    if (this.serverRendered) addWhitespace(node, this.noWhitespace);
    this.sections.push({ node, y0: this.y, y1: this.y + h });
    this.y += h;
    this.nodes += countNodes(node);
    return node;
  }
}

function buildHead(b, title) {
  const r = b.r;
  let css = '';
  const rules = between(r, 40, 160);
  for (let i = 0; i < rules; i++) {
    css += `.${pick(r, ['card', 'btn', 'nav', 'grid', 'field', 'toast', 'hero', 'footer'])}-${i} { display: ${pick(r, ['flex', 'grid', 'block', 'inline-flex'])}; gap: ${between(r, 0, 24)}px; padding: ${between(r, 0, 16)}px ${between(r, 0, 32)}px; color: rgb(${between(r, 0, 255)}, ${between(r, 0, 255)}, ${between(r, 0, 255)}); }`;
  }
  return el('head', {}, [
    el('meta', { charset: 'utf-8' }),
    el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    el('title', {}, [txt(`${title} · ${BRAND}`)]),
    el('link', { rel: 'stylesheet', href: '/assets/index-4f1c.css', _cssText: css }),
    el('script', { type: 'module', crossorigin: '', src: '/assets/index-4f1c.js' }),
    el('script', { src: 'https://cdn.example/analytics.js', async: '' }),
  ]);
}

/** Sticky header: brand, category nav (and its hidden mega menu), search form, cart link. */
function buildHeader(b, cartCount) {
  const r = b.r;
  const items = [];
  const n = between(r, 6, 9);
  for (let i = 0; i < n; i++) {
    const label = CATEGORIES[i];
    const a = el('a', { class: 'nav-link', href: `/c/${slug(label)}` }, [txt(label)]);
    items.push(el('li', { class: 'nav-item' }, [a]));
    b.slot('nav', a, 220 + i * 92, 24, 84, 24, { sticky: true, to: 'listing', href: `${SITE}/c/${slug(label)}` });
  }
  const help = el('a', { class: 'nav-link', href: '/help/shipping' }, [txt('Help')]);
  items.push(el('li', { class: 'nav-item' }, [help]));
  b.slot('nav', help, 220 + n * 92, 24, 60, 24, { sticky: true, to: 'content', href: `${SITE}/help/shipping` });

  const columns = [];
  for (let c = 0, cols = between(r, 4, 8); c < cols; c++) {
    const links = [];
    for (let i = 0, m = between(r, 8, 30); i < m; i++) links.push(el('li', {}, [el('a', { href: `/c/${slug(pick(r, CATEGORIES))}/${slug(pick(r, NOUNS))}` }, [txt(pick(r, NOUNS))])]));
    columns.push(el('div', { class: 'mega-col' }, [el('h4', {}, [txt(pick(r, CATEGORIES))]), el('ul', {}, links)]));
  }
  const mega = el('div', { class: 'mega-menu', id: 'mega-menu', hidden: '' }, columns);

  const brand = el('a', { class: 'brand', href: '/', 'aria-label': BRAND }, [txt(BRAND)]);
  b.slot('nav', brand, 24, 20, 170, 32, { sticky: true, to: 'listing', href: `${SITE}/` });

  const input = el('input', { type: 'search', name: 'q', id: 'q', placeholder: 'Search products', autocomplete: 'off' });
  const submit = el('button', { class: 'btn search-submit', type: 'submit' }, [txt('Search')]);
  const form = el('form', { class: 'search', role: 'search', action: '/search' }, [el('label', { for: 'q', class: 'sr-only' }, [txt('Search')]), input, submit]);
  const searchInput = b.slot('input', input, 1000, 18, 190, 36, { sticky: true, form: 'search' });
  searchInput.submit = b.slot('submit', submit, 1196, 18, 76, 36, { sticky: true, form: 'search' });

  b.cartBadge = txt(String(cartCount));
  const cart = el('a', { class: 'cart-link', href: '/checkout', 'data-testid': 'cart-link' }, [el('span', { class: 'icon icon-cart', 'aria-hidden': 'true' }), el('span', { class: 'badge', 'aria-live': 'polite' }, [b.cartBadge])]);
  b.slot('nav', cart, 1300, 18, 110, 36, { sticky: true, to: 'checkout', href: `${SITE}/checkout` });

  const miniList = miniCartList(r, cartCount);
  const miniCart = el('div', { class: 'mini-cart', hidden: '', 'aria-label': 'Cart' }, [miniList]);
  b.noWhitespace.add(miniCart);
  b.miniCart = { host: miniCart, list: miniList };
  const nav = el('nav', { class: 'site-nav', 'aria-label': 'Main' }, [el('ul', { class: 'nav-list' }, items), mega]);
  return b.block(el('header', { class: 'site-header', role: 'banner' }, [brand, nav, form, cart, miniCart]), HEADER_H);
}

/** The mini cart's list, re-rendered whole on every add to cart: up to 12 line items. */
function miniCartList(r, count) {
  const items = [];
  for (let i = 0; i < Math.min(count, 12); i++) {
    items.push(el('li', { class: 'mini-item' }, [el('img', { src: `https://cdn.example/i/${between(r, 1000, 99_999)}-1.webp`, alt: '' }), el('span', { class: 'name' }, [txt(productName(r))]), el('span', { class: 'qty' }, [txt(`× ${between(r, 1, 3)}`)]), el('span', { class: 'price' }, [txt(price(r))])]));
  }
  return el('ul', { class: 'mini-cart-items' }, items);
}

/** A promo bar; on some pages with a countdown whose text node is replaced every second. */
function buildPromo(b) {
  const r = b.r;
  const parts = [txt(pick(r, ['Summer sale — ', 'Free shipping over €50 — ', 'Soldes d’été — ', 'Rebajas — ']))];
  if (r() < 0.6) {
    const host = el('span', { class: 'countdown', 'data-testid': 'countdown' }, [txt('')]);
    b.ticker = { host, node: host.childNodes[0], left: between(r, 600, 20_000) };
    host.childNodes[0].textContent = `ends in ${clock(b.ticker.left)}`;
    parts.push(host);
  }
  return b.block(el('div', { class: 'promo-bar', role: 'region', 'aria-label': 'Promotion' }, [el('p', {}, parts)]), 40);
}

function clock(seconds) {
  const s = ((seconds % 86_400) + 86_400) % 86_400;
  return [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((v) => String(v).padStart(2, '0')).join(':');
}

/** A product card: ~15 nodes; `parts` are the elements the session points at. */
function makeCard(r) {
  const sku = between(r, 1000, 99_999);
  const name = productName(r);
  const img = el('img', { src: `https://cdn.example/i/${sku}-${between(r, 1, 9)}.webp`, alt: name, loading: 'lazy', width: '262', height: '262' });
  const title = el('h3', { class: 'card-title' }, [txt(name)]);
  const link = el('a', { class: 'card-link', href: `/p/${slug(name)}-${sku}` }, [el('div', { class: 'card-media' }, [img]), title]);
  const button = el('button', { class: 'btn add-to-cart', type: 'button', 'data-testid': 'add-to-cart', 'data-sku': String(sku) }, [txt(pick(r, ['Add to cart', 'In den Warenkorb', 'Añadir', 'Ajouter']))]);
  const meta = [el('p', { class: 'price' }, [txt(price(r))]), el('div', { class: 'rating', 'aria-label': `${between(r, 30, 50) / 10} out of 5` }, [el('span', { class: 'stars' }), el('span', { class: 'count' }, [txt(`(${between(r, 0, 900)})`)])])];
  if (r() < 0.3) meta.unshift(el('span', { class: 'badge badge-sale' }, [txt(pick(r, ['-20%', 'Nouveau', 'Sale', '新品']))]));
  const root = el('article', { class: 'product-card', 'data-sku': `sku-${sku}` }, [link, el('div', { class: 'card-meta' }, meta), button]);
  return { root, parts: { card: root, img, title, button }, href: `${SITE}/p/${slug(name)}-${sku}` };
}

/**
 * A grid of product cards in `cols` columns at (x, y); each cell keeps its slots, which are rebound
 * to the new card's elements when the grid is replaced.
 */
function buildGrid(b, x, y, cols, count) {
  const r = b.r;
  const cellW = Math.floor((MAIN_W - (x - MAIN_X)) / cols);
  const container = el('div', { class: 'product-grid', 'data-testid': 'product-grid' });
  b.noWhitespace.add(container);
  const cells = [];
  for (let i = 0; i < count; i++) {
    const card = makeCard(r);
    container.childNodes.push(card.root);
    const cx = x + (i % cols) * cellW;
    const cy = y + Math.floor(i / cols) * 430;
    const cell = { root: card.root, href: card.href, slots: [] };
    cell.slots.push(b.slot('hover', card.parts.card, cx, cy, cellW - 16, 410, { part: 'card' }));
    cell.slots.push(b.slot('product', card.parts.img, cx, cy, cellW - 16, 262, { part: 'img', cell }));
    cell.slots.push(b.slot('product', card.parts.title, cx, cy + 270, cellW - 16, 44, { part: 'title', cell }));
    cell.slots.push(b.slot('cart', card.parts.button, cx, cy + 360, cellW - 16, 40, { part: 'button', cell }));
    cells.push(cell);
  }
  return { container, cells, cols, height: Math.ceil(count / cols) * 430 };
}

function breadcrumb(r, last) {
  return el('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, [el('ol', {}, [el('li', {}, [el('a', { href: '/' }, [txt('Home')])]), el('li', {}, [el('a', { href: `/c/${slug(pick(r, CATEGORIES))}` }, [txt(pick(r, CATEGORIES))])]), el('li', { 'aria-current': 'page' }, [txt(last)])])]);
}

/** Listing: filters (checkboxes that reload the grid), a grid of 12–24 cards, pagination. */
function buildListing(b, main) {
  const r = b.r;
  const title = pick(r, CATEGORIES);
  const y0 = b.y;
  const head = [breadcrumb(r, title), el('h1', {}, [txt(title)])];
  let fy = y0 + 130;
  const fieldsets = [];
  for (let f = 0, nf = between(r, 3, 5); f < nf; f++) {
    const name = pick(r, ['size', 'color', 'brand', 'price', 'material']);
    const kids = [el('legend', {}, [txt(name)])];
    fy += 36;
    for (let i = 0, m = between(r, 4, 8); i < m; i++) {
      const value = name === 'color' ? pick(r, COLORS) : `${name}-${i}`;
      const box = el('input', { type: 'checkbox', name, value });
      const label = el('span', {}, [txt(`${value} (${between(r, 1, 240)})`)]);
      kids.push(el('label', { class: 'checkbox' }, [box, label]));
      b.slot('option', label, MAIN_X, fy, 220, 28, { checkbox: box, checked: false, reloads: true });
      fy += 32;
    }
    fieldsets.push(el('fieldset', {}, kids));
  }
  const aside = el('aside', { class: 'filters', 'aria-label': 'Filters' }, [el('form', { class: 'filter-form' }, fieldsets)]);
  const grid = buildGrid(b, 300, y0 + 180, 4, pick(r, [12, 16, 20, 24]));
  b.grid = grid;
  const pages = [];
  const py = y0 + 180 + grid.height + 20;
  for (let i = 0; i < 7; i++) {
    const label = i === 0 ? '‹' : i === 6 ? '›' : String(i);
    const button = el('button', { class: 'page-link', type: 'button', 'aria-label': `Page ${label}`, ...(i === 1 ? { 'aria-current': 'page' } : {}) }, [txt(label)]);
    pages.push(button);
    b.slot('page', button, 600 + i * 56, py, 48, 40);
  }
  grid.pages = pages;
  grid.current = 1;
  const toolbar = el('div', { class: 'results-toolbar' }, [el('p', {}, [txt(`${between(r, 24, 900)} results`)])]);
  const results = el('section', { class: 'results' }, [toolbar, grid.container, el('nav', { class: 'pagination', 'aria-label': 'Pages' }, pages)]);
  main.childNodes.push(...head, el('div', { class: 'listing-layout' }, [aside, results]));
  b.block(main.childNodes[main.childNodes.length - 1], Math.max(fy, py + 60) - y0 + 40);
  for (const h of head) b.nodes += countNodes(h);
}

/** Product: gallery (thumbnails), sizes, quantity stepper, add to cart, wishlist, tabs. */
function buildProduct(b, main) {
  const r = b.r;
  const y0 = b.y;
  const name = productName(r);
  const mainImg = el('img', { class: 'main-image', src: `https://cdn.example/i/${between(r, 1000, 99_999)}-1.webp`, alt: name });
  b.slot('hover', mainImg, MAIN_X, y0 + 60, 640, 640);
  const thumbs = [];
  for (let i = 0, n = between(r, 4, 6); i < n; i++) {
    const img = el('img', { src: `https://cdn.example/i/t${between(r, 1000, 99_999)}.webp`, alt: '' });
    thumbs.push(el('button', { class: 'thumb', type: 'button', 'aria-label': `Image ${i + 1}` }, [img]));
    b.slot('toggle', img, MAIN_X + i * 108, y0 + 710, 96, 96, { attr: { target: mainImg, name: 'src', values: [`https://cdn.example/i/${between(r, 1000, 99_999)}-${i + 1}.webp`] } });
  }
  const sizes = [el('legend', {}, [txt('Größe / Size')])];
  for (let i = 0; i < 6; i++) {
    const box = el('input', { type: 'radio', name: 'size', value: String(38 + i) });
    const label = el('span', {}, [txt(String(38 + i))]);
    sizes.push(el('label', { class: 'size' }, [box, label]));
    b.slot('option', label, 720 + i * 64, y0 + 260, 56, 40, { checkbox: box, checked: false });
  }
  const qty = el('input', { type: 'number', name: 'qty', value: '1', min: '1', 'aria-label': 'Quantity' });
  const minus = el('button', { type: 'button', class: 'stepper', 'aria-label': 'Decrease' }, [txt('−')]);
  const plus = el('button', { type: 'button', class: 'stepper', 'aria-label': 'Increase' }, [txt('+')]);
  const quantity = { value: 1 };
  b.slot('stepper', minus, 720, y0 + 330, 40, 40, { input: qty, quantity, step: -1 });
  b.slot('stepper', plus, 820, y0 + 330, 40, 40, { input: qty, quantity, step: 1 });
  const addToCart = el('button', { class: 'btn btn-primary add-to-cart', type: 'button', 'data-testid': 'add-to-cart' }, [txt('Add to cart')]);
  b.slot('cart', addToCart, 720, y0 + 400, 300, 52);
  const wishLabel = txt('Save to wishlist');
  const wish = el('button', { class: 'btn btn-link wishlist', type: 'button', 'aria-pressed': 'false' }, [wishLabel]);
  b.slot('toggle', wish, 1040, y0 + 400, 200, 52, { attr: { target: wish, name: 'aria-pressed', values: ['true', 'false'] }, text: { node: wishLabel, values: ['Saved ♥', 'Save to wishlist'] } });
  const info = el('div', { class: 'product-info' }, [
    el('h1', {}, [txt(name)]),
    el('p', { class: 'price' }, [txt(price(r))]),
    el('p', { class: 'description' }, [txt(prose(r, between(r, 20, 60)))]),
    el('fieldset', { class: 'sizes' }, sizes),
    el('div', { class: 'qty' }, [minus, qty, plus]),
    addToCart,
    wish,
  ]);
  const top = el('div', { class: 'product-layout' }, [el('div', { class: 'gallery' }, [mainImg, el('div', { class: 'thumbs' }, thumbs)]), info]);
  main.childNodes.push(breadcrumb(r, name), top);
  b.nodes += countNodes(main.childNodes[0]);
  b.block(top, 840);
  buildTabs(b, main);
}

/** Tabs whose panel content (description, specs table, reviews) is replaced on a tab click. */
function buildTabs(b, main) {
  const r = b.r;
  const y0 = b.y;
  const kinds = ['description', 'specs', 'reviews'];
  const tabs = kinds.map((k, i) => el('button', { role: 'tab', type: 'button', id: `tab-${k}`, 'aria-selected': i === 0 ? 'true' : 'false', 'aria-controls': 'tab-panel' }, [txt(k.charAt(0).toUpperCase() + k.slice(1))]));
  tabs.forEach((tab, i) => b.slot('tab', tab, MAIN_X + i * 160, y0, 150, 44, { index: i }));
  const container = el('div', { role: 'tabpanel', id: 'tab-panel', class: 'tab-panel' }, panelContent(r, 'description'));
  b.noWhitespace.add(container);
  b.slot('hover', container, MAIN_X, y0 + 56, MAIN_W, 700);
  b.panel = { container, tabs, kinds, selected: 0 };
  main.childNodes.push(b.block(el('section', { class: 'tabs' }, [el('div', { role: 'tablist' }, tabs), container]), 780));
}

/** The content of a product tab: tens to a couple of hundred nodes. */
function panelContent(r, kind) {
  if (kind === 'description') {
    const out = [];
    for (let i = 0, n = between(r, 3, 8); i < n; i++) out.push(el('p', {}, [txt(prose(r, between(r, 15, 50)))]));
    return out;
  }
  if (kind === 'specs') {
    const rows = [];
    for (let i = 0, n = between(r, 8, 24); i < n; i++) rows.push(el('tr', {}, [el('th', { scope: 'row' }, [txt(pick(r, ['Weight', 'Material', 'Gewicht', 'Matériau', 'Volume', 'Origin', '重量']))]), el('td', {}, [txt(`${between(r, 1, 900)} ${pick(r, ['g', 'L', 'cm', '%'])}`)])]));
    return [el('table', { class: 'specs' }, [el('tbody', {}, rows)])];
  }
  const reviews = [];
  for (let i = 0, n = between(r, 4, 14); i < n; i++) reviews.push(review(r));
  return [el('div', { class: 'reviews' }, reviews)];
}

function review(r) {
  return el('article', { class: 'review' }, [
    el('header', {}, [el('span', { class: 'author' }, [txt(pick(r, REVIEWERS))]), el('time', { datetime: `2024-0${between(r, 1, 9)}-1${between(r, 0, 9)}` }, [txt(`${between(r, 1, 28)} days ago`)])]),
    el('div', { class: 'stars', 'aria-label': `${between(r, 1, 5)} stars` }),
    el('p', {}, [txt(prose(r, between(r, 8, 40)))]),
    el('button', { class: 'btn btn-link helpful', type: 'button' }, [txt('Helpful')]),
  ]);
}

/** Checkout: a form of 5–7 fields and a save-address checkbox with a Place order button; an order summary. */
function buildCheckout(b, main) {
  const r = b.r;
  const y0 = b.y;
  const fields = [];
  const inputs = [];
  const fieldCount = between(r, 5, CHECKOUT_FIELDS.length);
  for (let i = 0; i < fieldCount; i++) {
    const [name, label, type, values] = CHECKOUT_FIELDS[i];
    const input = el('input', { id: `f-${name}`, name, type, autocomplete: name, required: '' });
    fields.push(el('div', { class: 'field' }, [el('label', { for: `f-${name}` }, [txt(label)]), input]));
    inputs.push(b.slot('input', input, MAIN_X, y0 + 120 + i * 84, 560, 44, { form: 'checkout', values }));
  }
  const save = el('input', { type: 'checkbox', name: 'save' });
  const saveLabel = el('span', {}, [txt('Save this address')]);
  b.slot('option', saveLabel, MAIN_X, y0 + 130 + fieldCount * 84, 300, 32, { checkbox: save, checked: false });
  const submit = el('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'place-order' }, [txt('Place order')]);
  const submitSlot = b.slot('submit', submit, MAIN_X, y0 + 190 + fieldCount * 84, 300, 52, { form: 'checkout' });
  for (const s of inputs) s.submit = submitSlot;
  b.checkoutInputs = inputs;
  const form = el('form', { id: 'checkout-form', class: 'checkout-form', novalidate: '' }, [el('fieldset', {}, [el('legend', {}, [txt('Contact and address')]), ...fields]), el('label', { class: 'checkbox' }, [save, saveLabel]), submit]);
  const lines = [];
  for (let i = 0, n = between(r, 1, 6); i < n; i++) lines.push(el('li', { class: 'line-item' }, [el('img', { src: `https://cdn.example/i/${between(r, 1000, 99_999)}-1.webp`, alt: '' }), el('span', {}, [txt(productName(r))]), el('span', {}, [txt(`× ${between(r, 1, 3)}`)]), el('span', {}, [txt(price(r))])]));
  const summary = el('aside', { class: 'order-summary' }, [el('h2', {}, [txt('Order summary')]), el('ul', {}, lines), el('dl', {}, [el('dt', {}, [txt('Total')]), el('dd', {}, [txt(price(r))])])]);
  main.childNodes.push(el('h1', {}, [txt('Checkout')]));
  b.nodes += 2;
  main.childNodes.push(b.block(el('div', { class: 'checkout-layout' }, [form, summary]), 320 + fieldCount * 84));
}

/** Help article: headings, paragraphs with inline links, an FAQ of <details> that open and close. */
function buildContent(b, main) {
  const r = b.r;
  const topic = pick(r, HELP_TOPICS);
  main.childNodes.push(el('h1', {}, [txt(`Help: ${topic}`)]));
  b.nodes += 2;
  b.y += 80;
  const article = el('article', { class: 'help-article' });
  let ay = 0;
  for (let s = 0, n = between(r, 3, 6); s < n; s++) {
    article.childNodes.push(el('h2', {}, [txt(prose(r, 3))]));
    for (let p = 0, m = between(r, 2, 4); p < m; p++) {
      const t = pick(r, HELP_TOPICS);
      const link = el('a', { href: `/help/${t}` }, [txt(t)]);
      article.childNodes.push(el('p', {}, [txt(prose(r, between(r, 20, 50))), link, txt(prose(r, between(r, 5, 15)))]));
      b.slot('nav', link, MAIN_X + between(r, 0, 600), b.y + ay + 60, 90, 22, { to: 'content', href: `${SITE}/help/${t}` });
      ay += 110;
    }
    ay += 50;
  }
  b.block(article, ay);
  main.childNodes.push(article);
  const faq = [];
  for (let i = 0, n = between(r, 5, 10); i < n; i++) {
    const details = el('details', { class: 'faq-item' }, [el('summary', {}, [txt(`${prose(r, 5).slice(0, -1)}?`)]), el('div', {}, [el('p', {}, [txt(prose(r, between(r, 20, 60)))])])]);
    faq.push(details);
    b.slot('toggle', details.childNodes[0], MAIN_X, b.y + 60 + i * 56, 900, 48, { attr: { target: details, name: 'open', values: ['', null] } });
  }
  main.childNodes.push(b.block(el('section', { class: 'faq' }, [el('h2', {}, [txt('FAQ')]), ...faq]), 100 + faq.length * 56));
}

/** "You may also like": a carousel of 10–30 cards, 5 visible, prev/next move the track. */
function buildCarousel(b) {
  const r = b.r;
  const y0 = b.y;
  const track = el('div', { class: 'carousel-track', style: 'transform: translateX(0px);' });
  b.noWhitespace.add(track);
  const cells = [];
  for (let i = 0, n = between(r, 10, 30); i < n; i++) {
    const card = makeCard(r);
    track.childNodes.push(card.root);
    if (i < 5) {
      // The five cards in view: their slots are rebound as the carousel moves.
      const x = MAIN_X + i * 276;
      const cell = { root: card.root, href: card.href, slots: [] };
      cell.slots.push(b.slot('hover', card.parts.card, x, y0 + 60, 262, 410, { part: 'card' }));
      cell.slots.push(b.slot('product', card.parts.img, x, y0 + 60, 262, 262, { part: 'img', cell }));
      cell.slots.push(b.slot('cart', card.parts.button, x, y0 + 420, 262, 40, { part: 'button', cell }));
      cells.push(cell);
    }
  }
  const carousel = { track, offset: 0, cells };
  const prev = el('button', { class: 'carousel-prev', type: 'button', 'aria-label': 'Previous' }, [txt('‹')]);
  const next = el('button', { class: 'carousel-next', type: 'button', 'aria-label': 'Next' }, [txt('›')]);
  b.slot('carousel', prev, MAIN_X + MAIN_W - 100, y0 + 10, 44, 40, { carousel, step: -1 });
  b.slot('carousel', next, MAIN_X + MAIN_W - 48, y0 + 10, 44, 40, { carousel, step: 1 });
  const heading = el('h2', {}, [txt(pick(r, ['You may also like', 'Recently viewed', 'Das könnte dir gefallen', 'Vous aimerez aussi', '人気の商品']))]);
  return b.block(el('section', { class: 'carousel', 'aria-roledescription': 'carousel' }, [heading, prev, next, el('div', { class: 'carousel-viewport' }, [track])]), 500);
}

/** Customer reviews with "Helpful" buttons (their count text changes on click). */
function buildReviews(b) {
  const r = b.r;
  const y0 = b.y;
  const list = [];
  for (let i = 0, n = between(r, 5, 20); i < n; i++) {
    const rv = review(r);
    const button = rv.childNodes[3];
    const label = button.childNodes[0];
    b.slot('toggle', button, MAIN_X, y0 + 60 + i * 150 + 110, 120, 32, { text: { node: label, values: [`Helpful (${between(r, 1, 40)})`, 'Helpful'] }, attr: { target: button, name: 'aria-pressed', values: ['true', 'false'] } });
    list.push(rv);
  }
  return b.block(el('section', { class: 'customer-reviews' }, [el('h2', {}, [txt('Reviews')]), ...list]), 80 + list.length * 150);
}

function buildSpecs(b) {
  return b.block(el('section', { class: 'specs-block' }, [el('h2', {}, [txt('Details')]), ...panelContent(b.r, 'specs')]), 400);
}

/** Footer: link columns, a newsletter form, the small print. */
function buildFooter(b) {
  const r = b.r;
  const y0 = b.y;
  const cols = [];
  for (let c = 0, n = between(r, 4, 6); c < n; c++) {
    const links = [];
    for (let i = 0, m = between(r, 5, 10); i < m; i++) {
      const t = pick(r, HELP_TOPICS);
      const a = el('a', { href: `/help/${t}` }, [txt(`${t} ${i + 1}`)]);
      links.push(el('li', {}, [a]));
      b.slot('nav', a, MAIN_X + c * 230, y0 + 60 + i * 28, 200, 24, { to: 'content', href: `${SITE}/help/${t}`, footer: true });
    }
    cols.push(el('div', { class: 'footer-col' }, [el('h4', {}, [txt(pick(r, ['Service', 'Company', 'Kundendienst', 'Aide', 'Ayuda', 'Legal']))]), el('ul', {}, links)]));
  }
  const email = el('input', { type: 'email', name: 'email', placeholder: 'you@example.com', 'aria-label': 'Email' });
  const thanks = txt('Get our newsletter');
  const subscribe = el('button', { class: 'btn', type: 'submit' }, [txt('Subscribe')]);
  const input = b.slot('input', email, 1000, y0 + 60, 260, 40, { form: 'newsletter', values: ['anna.k@example.com', 'mei@example.net'] });
  input.submit = b.slot('submit', subscribe, 1270, y0 + 60, 120, 40, { form: 'newsletter', text: { node: thanks, values: ['Thanks for subscribing!'] } });
  const newsletter = el('form', { class: 'newsletter' }, [el('p', {}, [thanks]), email, subscribe]);
  return b.block(el('footer', { class: 'site-footer' }, [el('div', { class: 'footer-columns' }, cols), newsletter, el('p', { class: 'copyright' }, [txt(`© 2024 ${BRAND} · Impressum · Mentions légales · 隐私`)])]), 380);
}

const MAIN_BUILDERS = { listing: buildListing, product: buildProduct, checkout: buildCheckout, content: buildContent };

/**
 * Builds a page of `kind` ('listing' | 'product' | 'checkout' | 'content') of about 2,000–8,000
 * nodes (carousels, reviews and spec blocks fill the main area up to the drawn node count).
 */
function buildPage(r, href, kind, cartCount) {
  const b = new PageBuilder(r, kind, href);
  const nodeTarget = between(r, 2000, 8000);
  const header = buildHeader(b, cartCount);
  const promo = r() < 0.5 ? buildPromo(b) : null;
  const main = el('main', { id: 'main', class: `content ${kind}` });
  MAIN_BUILDERS[kind](b, main);
  while (b.nodes < nodeTarget - 600) {
    const k = r();
    main.childNodes.push(k < 0.55 ? buildCarousel(b) : k < 0.8 ? buildReviews(b) : buildSpecs(b));
  }
  const footer = buildFooter(b);
  const toastHost = el('div', { class: 'toast-region', 'aria-live': 'polite' });
  b.toastHost = toastHost;
  const body = el('body', { class: `page-${kind}` }, [header, ...(promo ? [promo] : []), main, footer, toastHost]);
  const title = { listing: 'Shop', product: 'Product', checkout: 'Checkout', content: 'Help' }[kind];
  const html = el('html', { lang: pick(r, ['en', 'en', 'de', 'fr', 'es']) }, [buildHead(b, title), body]);
  const doc = { type: 0, childNodes: [{ type: 1, name: 'html', publicId: '', systemId: '', id: 0 }, html], id: 0 };
  const ids = { next: 1 };
  numberTree(doc, ids);
  return new Page(b, doc, ids);
}

/** A live page: its DOM (for the snapshot and ids), slots for pointing and clicking, regions. */
class Page {
  constructor(b, doc, ids) {
    Object.assign(this, { kind: b.kind, href: b.href, doc, ids, height: b.y, sections: b.sections });
    Object.assign(this, { grid: b.grid, panel: b.panel, ticker: b.ticker, toastHost: b.toastHost, cartBadge: b.cartBadge, miniCart: b.miniCart, checkoutInputs: b.checkoutInputs });
    this.toast = null;
    this.sticky = b.slots.filter((s) => s.sticky);
    this.clickable = b.slots.filter((s) => s.kind !== 'hover');
    // Slots in 50-px rows of the document, for hit tests along mouse paths.
    this.rows = new Map();
    for (const s of b.slots) {
      if (s.sticky) continue;
      for (let row = Math.floor(s.y / 50); row <= Math.floor((s.y + s.h) / 50); row++) {
        if (!this.rows.has(row)) this.rows.set(row, []);
        this.rows.get(row).push(s);
      }
    }
  }

  get maxScroll() {
    return Math.max(0, this.height - VIEW_H);
  }

  /** The id of the deepest element under viewport point (x, y) with the page scrolled to scrollY. */
  hoverId(x, y, scrollY) {
    const inside = (s, docY) => x >= s.x && x < s.x + s.w && docY >= s.y && docY < s.y + s.h;
    if (y < HEADER_H) {
      for (const s of this.sticky) if (inside(s, y)) return s.node.id;
      return this.sections[0].node.id;
    }
    const docY = y + scrollY;
    let best;
    for (const s of this.rows.get(Math.floor(docY / 50)) ?? []) if (inside(s, docY) && (!best || s.kind !== 'hover')) best = s;
    if (best) return best.node.id;
    for (const sec of this.sections) if (docY >= sec.y0 && docY < sec.y1) return sec.node.id;
    return this.sections[this.sections.length - 1].node.id;
  }
}

// ---- The session ------------------------------------------------------------------------------

/** Events waiting to be written, by timestamp (then by the order they were scheduled). */
class EventQueue {
  constructor() {
    this.heap = [];
    this.seq = 0;
  }
  get size() {
    return this.heap.length;
  }
  peek() {
    return this.heap[0]?.event;
  }
  less(a, b) {
    return a.event.timestamp < b.event.timestamp || (a.event.timestamp === b.event.timestamp && a.seq < b.seq);
  }
  push(event) {
    const h = this.heap;
    h.push({ event, seq: this.seq++ });
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop() {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const rr = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (rr < h.length && this.less(h[rr], h[m])) m = rr;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top.event;
  }
  clear() {
    this.heap = [];
  }
}

const easeInOut = (t) => (t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2);
const easeOut = (t) => 1 - (1 - t) ** 3;

/** Chances per click (not for typing): no response at all, an uncaught error instead, a rage burst. */
const DEAD_CLICK_P = 0.04;
const ERROR_CLICK_P = 0.01;
const RAGE_P = 0.006;
/** Chances per navigation: a slow load (> 4 s), going back within seconds (a u-turn). */
const SLOW_LOAD_P = 0.03;
const QUICK_BACK_P = 0.02;
/** Relative weights of what a click (other than a navigation) is on. */
const CLICK_WEIGHTS = { cart: 16, toggle: 12, option: 12, page: 12, tab: 10, carousel: 12, stepper: 6, input: 1.5 };

/**
 * The realistic mix: one user's long session in a single-page shop, as rrweb 2.x records it.
 *
 * Pages. Each page load is DomContentLoaded, Load, Meta (new href) and a FullSnapshot with node
 * ids from 1: a sticky header (brand, category nav with a hidden mega menu, search form, cart
 * link with a count badge), maybe a promo bar, a main area by page kind — listing (filter
 * checkboxes, a grid of 12–24 product cards, pagination), product (gallery, sizes, quantity
 * stepper, add to cart, tabs), checkout (a form of 5–7 fields), help (articles, an FAQ) — filled
 * with carousels, reviews and spec tables up to 2,000–8,000 nodes, then a footer with links and a
 * newsletter form. Class lists, some ids and data-testids, hrefs, img srcs, text in several
 * scripts; half the pages are "server-rendered" (whitespace text nodes between elements). The
 * user moves on after 1.5–7 minutes, by a link (header nav, a product card, the footer, the cart),
 * a search or a checkout submit; the new page arrives 0.25–1.6 s after the click (3% take
 * 4.3–7.5 s: slow loads), and 2% of the time the user goes straight back (browser back, no click).
 *
 * Time. A click every 5–15 s (3% of the time the user first steps away for 20–120 s). Between
 * clicks the user idles (0.8–5 s), scrolls to read (a burst of Scroll events every 100–200 ms,
 * mostly down, then a 0.6–3 s pause; at the bottom of the page they mostly stay put; rarely a
 * hunting episode up and down) and moves the mouse: continuous curved paths sampled every ~50 ms,
 * flushed as MouseMove events every 500 ms (5–10 positions, negative timeOffsets, the id of the
 * element under each point). The click is mostly on something in view (80%), else further down
 * (15%), rarely anywhere; the page scrolls it into view and the mouse travels to it; MouseDown,
 * (Blur of the input left, Focus on an input,) MouseUp 40–120 ms later and Click 1 ms after, all
 * with the same id and x/y. Typing: one Input event per
 * keystroke, 100–250 ms apart (longer between words), the text growing, userTriggered: true;
 * search and checkout forms are usually submitted, sometimes abandoned.
 *
 * Responses, 50–400 ms after the click: add to cart changes the badge text and the button's
 * attributes, swaps a toast and re-renders the mini cart's list; pagination and filters replace the product grid (removes of the
 * old cards, then every node of the new cards as its own add — a few hundred nodes); tabs swap the
 * panel content; carousels move and render the five cards coming into view; thumbnails,
 * steppers, FAQ entries, wishlist and helpful buttons change attributes/text next to the clicked
 * element; checkboxes and radios emit an Input
 * isChecked event. 4% of clicks get no response at all (dead clicks; some are followed by an
 * impatient shake of the mouse), 1% an uncaught error instead (error clicks), 0.6% turn into a
 * rage burst of 3–5 unanswered clicks within a second on the same element.
 *
 * Background. On pages with a countdown its text node is replaced every second; lazy images get
 * attribute changes after load; console-plugin events every 5–65 s (mostly 'log', some 'warn',
 * a few 'error' with a trace). What is added replaces what is removed, so a page's node count
 * stays about where it started.
 */
async function writeRealistic(sink, r, targetBytes) {
  const session = new Session(r, sink, targetBytes);
  await session.run();
}

class Session {
  constructor(r, sink, targetBytes) {
    this.r = r;
    this.sink = sink;
    this.targetBytes = targetBytes;
    this.now = 1_700_000_000_000;
    this.queue = new EventQueue();
    this.cursor = { x: Math.floor(VIEW_W / 2), y: Math.floor(VIEW_H / 2) };
    this.scrollY = 0;
    this.page = null;
    this.previous = null;
    this.focused = null;
    this.cartCount = 0;
    this.nextConsoleAt = this.now + between(r, 5_000, 65_000);
  }

  get full() {
    return this.sink.bytes >= this.targetBytes - 1;
  }

  async run() {
    await this.showPage(this.buildPage(`${SITE}/`, 'listing'), this.now);
    while (!this.full) await this.clickCycle();
    while (this.queue.size) await this.sink.emit(this.queue.pop());
  }

  // -- writing ------------------------------------------------------------------------------------

  schedule(timestamp, type, data) {
    this.queue.push({ type, data, timestamp: Math.round(timestamp) });
  }

  incremental(timestamp, data) {
    this.schedule(timestamp, 3, data);
  }

  mutation(timestamp, { texts = [], attributes = [], removes = [], adds = [] }) {
    this.incremental(timestamp, { source: 0, texts, attributes, removes, adds });
  }

  /** Writes every event before `until`, with the background (ticker, console) up to then. */
  async flush(until = this.now) {
    this.scheduleBackground(until);
    while (this.queue.size && this.queue.peek().timestamp < until) await this.sink.emit(this.queue.pop());
  }

  scheduleBackground(until) {
    const r = this.r;
    const ticker = this.page?.ticker;
    while (ticker && ticker.next < until) {
      ticker.left--;
      const node = txt(`ends in ${clock(ticker.left)}`);
      const adds = addsFor([node], ticker.host.id, null, this.page.ids);
      this.mutation(ticker.next + between(r, 0, 3), { removes: [{ parentId: ticker.host.id, id: ticker.node.id }], adds });
      ticker.node = node;
      ticker.next += 1000;
    }
    while (this.nextConsoleAt < until) {
      const k = r();
      this.console(this.nextConsoleAt, k < 0.03 ? 'error' : k < 0.13 ? 'warn' : 'log');
      this.nextConsoleAt += between(r, 5_000, 65_000);
    }
  }

  /** A console-plugin event; `level` 'clickError' is an uncaught error caused by a click. */
  console(timestamp, level) {
    const r = this.r;
    const messages = {
      log: () => [JSON.stringify(pick(r, ['[analytics] page_view', '[analytics] view_item', 'cart synced', 'prefetch /api/recommendations', 'hydrated in 412ms'])), JSON.stringify({ sku: between(r, 1000, 99_999), ms: between(r, 3, 900) })],
      warn: () => [JSON.stringify(pick(r, ['Image with src "https://cdn.example/i/123.webp" has lazy loading and is above the fold', 'Deprecated API: use fetchCart()', 'Slow network detected']))],
      // Errors on their own recur (a flaky endpoint, a widget); the ones a click causes are its own.
      error: () => [JSON.stringify(pick(r, ['Unhandled promise rejection: Error: 503 Service Unavailable', "Uncaught TypeError: Cannot read properties of null (reading 'offsetWidth')"]))],
      clickError: () => [JSON.stringify(pick(r, ["Uncaught TypeError: Cannot read properties of undefined (reading 'price')", 'Uncaught RangeError: Invalid time value', "Uncaught TypeError: Cannot read properties of undefined (reading 'sku')"]))],
    };
    const trace = level === 'error' || level === 'clickError' ? [`${pick(r, ['handleSubmit', 'renderPrice', 'onClick', 'loadMore'])} (${SCRIPT_URL}:1:${between(r, 1000, 90_000)})`, `HTMLButtonElement.dispatch (${SCRIPT_URL}:1:${between(r, 1000, 90_000)})`] : [`${pick(r, ['track', 'sync', 'log'])} (${SCRIPT_URL}:1:${between(r, 1000, 90_000)})`];
    this.schedule(timestamp, 6, { plugin: 'rrweb/console@1', payload: { level: level === 'clickError' ? 'error' : level, trace, payload: messages[level]() } });
  }

  // -- pages --------------------------------------------------------------------------------------

  buildPage(href, kind) {
    const page = buildPage(this.r, href, kind, this.cartCount);
    page.snapshot = { node: page.doc, initialOffset: { left: 0, top: 0 } };
    page.snapshotBytes = JSON.stringify(page.snapshot).length;
    return page;
  }

  /** The new document's load events, Meta and FullSnapshot, with the Load event at `loadAt`. */
  async showPage(page, loadAt) {
    const r = this.r;
    const dcl = loadAt - between(r, 5, 300);
    if (this.page) {
      await this.flush(dcl);
      this.queue.clear(); // whatever the old page still had pending dies with it
      this.previous = this.page;
    }
    this.page = page;
    this.scrollY = 0;
    this.focused = null;
    page.openedAt = loadAt;
    page.stayMs = between(r, 90_000, 420_000);
    this.schedule(dcl, 0, {});
    this.schedule(loadAt, 1, {});
    this.schedule(loadAt + between(r, 1, 5), 4, { href: page.href, width: VIEW_W, height: VIEW_H });
    const shownAt = loadAt + between(r, 8, 30);
    this.schedule(shownAt, 2, page.snapshot);
    page.snapshot = null;
    if (page.ticker) page.ticker.next = shownAt + between(r, 200, 1000);
    // Lazy images load after the snapshot.
    const cells = page.grid?.cells ?? [];
    for (let i = 0, t = shownAt; i < Math.min(cells.length, 3); i++) {
      t += between(r, 80, 500);
      const img = cells[between(r, 0, cells.length - 1)].slots[1].node;
      this.mutation(t, { attributes: [{ id: img.id, attributes: { class: 'is-loaded' } }] });
    }
    this.now = shownAt + between(r, 300, 1500);
    await this.flush();
  }

  /** Follows a link clicked at `clickAt`: the next page arrives after a normal or (rarely) slow load. */
  async navigate(clickAt, href, kind) {
    const r = this.r;
    const page = this.buildPage(href, kind);
    const delay = r() < SLOW_LOAD_P ? between(r, 4300, 7500) : between(r, 250, 1600);
    await this.showPage(page, clickAt + delay);
    if (r() < QUICK_BACK_P && this.previous) {
      // A u-turn: a glance at the page, then the browser's back button (no click recorded).
      await this.wander();
      this.now += between(r, 500, 2000);
      await this.showPage(this.buildPage(this.previous.href, this.previous.kind), this.now + between(r, 200, 700));
    }
  }

  // -- user activities ------------------------------------------------------------------------------

  async idle(ms) {
    this.now += Math.max(0, Math.round(ms));
    await this.flush();
  }

  /** Moves the pointer to viewport point (x, y) along a curved path; MouseMove batches every 500 ms. */
  async moveTo(x, y) {
    const r = this.r;
    const from = this.cursor;
    const dx = x - from.x;
    const dy = y - from.y;
    const dist = Math.hypot(dx, dy);
    if (dist < 3) return;
    const duration = clamp(250 + dist * 0.9 + r() * 300, 250, 2500);
    const bend = (r() - 0.5) * 0.3;
    const cx = from.x + dx / 2 - dy * bend;
    const cy = from.y + dy / 2 + dx * bend;
    const start = this.now;
    let batch = [];
    let batchEnd = start + 500;
    const flushBatch = () => {
      for (const p of batch) p.timeOffset -= batchEnd;
      this.incremental(batchEnd, { source: 1, positions: batch });
      batch = [];
    };
    for (let t = between(r, 10, 50); t <= duration; t += between(r, 48, 62)) {
      const at = start + t;
      if (at >= batchEnd) {
        if (batch.length) flushBatch();
        while (at >= batchEnd) batchEnd += 500;
      }
      const s = easeInOut(t / duration);
      const px = Math.round((1 - s) ** 2 * from.x + 2 * (1 - s) * s * cx + s * s * x);
      const py = Math.round((1 - s) ** 2 * from.y + 2 * (1 - s) * s * cy + s * s * y);
      batch.push({ x: px, y: py, id: this.page.hoverId(px, py, this.scrollY), timeOffset: at });
    }
    if (batch.length) flushBatch();
    this.cursor = { x, y };
    this.now = start + Math.round(duration);
    await this.flush();
  }

  /** A short aimless move while reading. */
  async wander() {
    const r = this.r;
    await this.moveTo(clamp(this.cursor.x + between(r, -300, 300), 5, VIEW_W - 5), clamp(this.cursor.y + between(r, -200, 200), HEADER_H + 5, VIEW_H - 5));
  }

  /** Scrolls the document smoothly to `target`: Scroll events every 100–200 ms. */
  async scrollTo(target) {
    const r = this.r;
    const from = this.scrollY;
    const to = clamp(Math.round(target), 0, this.page.maxScroll);
    if (Math.abs(to - from) < 20) return;
    const duration = clamp((Math.abs(to - from) / between(r, 1200, 3000)) * 1000, 300, 3000);
    let t = 0;
    while (t < duration) {
      t = Math.min(duration, t + between(r, 100, 200));
      this.incremental(this.now + t, { source: 3, id: 1, x: 0, y: Math.round(from + (to - from) * easeOut(t / duration)) });
    }
    this.scrollY = to;
    this.now += Math.round(t);
    await this.flush();
  }

  /**
   * Reading: a scroll further down the page (now and then back up a bit), then a pause to read.
   * At the bottom of the page the user mostly stays put.
   */
  async readingScroll() {
    const r = this.r;
    const atBottom = this.scrollY >= this.page.maxScroll - 100;
    if (!atBottom || r() < 0.15) {
      const down = !atBottom && r() < 0.95;
      await this.scrollTo(this.scrollY + (down ? 1 : -1) * between(r, 200, 1200));
    }
    await this.idle(between(r, 600, 3000));
  }

  /** Hunting for something: up and down the page a few times within seconds. */
  async huntingScroll() {
    const r = this.r;
    for (let i = 0, n = between(r, 4, 6); i < n; i++) {
      await this.scrollTo(i % 2 ? this.scrollY - between(r, 400, 900) : this.scrollY + between(r, 400, 900));
      await this.idle(between(r, 100, 600));
    }
  }

  /** An impatient shake of the mouse: fast left-right swings. */
  async shake() {
    const r = this.r;
    const { x, y } = this.cursor;
    const start = this.now;
    const positions = [];
    for (let i = 0, n = between(r, 12, 20); i < n; i++) {
      const phase = Math.floor(i / 2) % 2 ? -1 : 1;
      positions.push({ x: clamp(x + phase * between(r, 60, 140), 0, VIEW_W - 1), y: clamp(y + between(r, -15, 15), HEADER_H, VIEW_H - 1), at: start + i * 50 + between(r, 0, 8) });
    }
    for (let i = 0; i < positions.length; i += 10) {
      const part = positions.slice(i, i + 10);
      const at = part[part.length - 1].at + between(r, 5, 40);
      this.incremental(at, { source: 1, positions: part.map((p) => ({ x: p.x, y: p.y, id: this.page.hoverId(p.x, p.y, this.scrollY), timeOffset: p.at - at })) });
    }
    const last = positions[positions.length - 1];
    this.cursor = { x: last.x, y: last.y };
    this.now = last.at + 50;
    await this.flush();
  }

  /** Fills the time until `until` with reading, scrolling and mouse movement. */
  async browse(until) {
    const r = this.r;
    while (this.now < until) {
      const k = r();
      if (k < 0.4) await this.idle(Math.min(until - this.now, between(r, 800, 5000)));
      else if (k < 0.65) await this.readingScroll();
      else if (k < 0.652) await this.huntingScroll();
      else await this.wander();
    }
  }

  // -- clicks -------------------------------------------------------------------------------------

  /** Scrolls `slot` into view (unless it is in the sticky header) and moves the pointer onto it. */
  async pointAt(slot) {
    const r = this.r;
    if (!slot.sticky && (slot.y < this.scrollY + HEADER_H + 20 || slot.y + slot.h > this.scrollY + VIEW_H - 20)) {
      await this.scrollTo(slot.y - between(r, 150, 500));
      await this.idle(between(r, 200, 900));
    }
    const top = slot.sticky ? slot.y : slot.y - this.scrollY;
    const x = Math.round(slot.x + slot.w * (0.2 + 0.6 * r()));
    const y = Math.round(top + slot.h * (0.2 + 0.6 * r()));
    await this.moveTo(x, slot.sticky ? y : clamp(y, HEADER_H + 2, VIEW_H - 2));
    await this.idle(between(r, 80, 600));
  }

  /** MouseDown, (Blur of the focused input, Focus on an input,) MouseUp, Click; returns the Click time. */
  press(slot) {
    const r = this.r;
    const { x, y } = this.cursor;
    const id = slot.node.id;
    const down = this.now;
    this.incremental(down, { source: 2, type: 1, id, x, y });
    if (this.focused && this.focused !== slot.node) this.incremental(down + 1, { source: 2, type: 6, id: this.focused.id });
    this.focused = null;
    if (slot.kind === 'input') {
      this.incremental(down + 1, { source: 2, type: 5, id });
      this.focused = slot.node;
    }
    const up = down + between(r, 40, 120);
    this.incremental(up, { source: 2, type: 0, id, x, y });
    this.incremental(up + 1, { source: 2, type: 2, id, x, y, pointerType: 0 });
    this.now = up + 1;
    return up + 1;
  }

  /** One click cycle: browse for 5–15 s, then click something (and maybe type). */
  async clickCycle() {
    const r = this.r;
    if (r() < 0.03) await this.idle(between(r, 20_000, 120_000));
    await this.browse(this.now + between(r, 5000, 15_000) - 1500);
    const page = this.page;
    if (this.now - page.openedAt > page.stayMs && (await this.leavePage())) return;
    const slot = this.chooseSlot();
    if (!slot) return;
    await this.pointAt(slot);
    if (slot.kind === 'input') return this.fillForm(slot);
    const k = r();
    if (k < DEAD_CLICK_P) {
      this.press(slot);
      if (r() < 0.25) await this.shake();
    } else if (k < DEAD_CLICK_P + ERROR_CLICK_P) {
      const at = this.press(slot);
      this.console(at + between(r, 30, 300), 'clickError');
    } else if (k < DEAD_CLICK_P + ERROR_CLICK_P + RAGE_P) {
      for (let i = 0, n = between(r, 3, 5); i < n; i++) {
        this.press(slot);
        this.now += between(r, 100, 220);
      }
    } else {
      await this.respond(slot, this.press(slot));
    }
    await this.idle(between(r, 500, 1500));
  }

  /**
   * What to click: mostly something in view, else something further down, rarely anywhere on the
   * page; within that, a kind drawn by CLICK_WEIGHTS. Undefined if nothing fits.
   */
  chooseSlot() {
    const r = this.r;
    const page = this.page;
    const usable = page.clickable.filter((s) => s.kind in CLICK_WEIGHTS && !(s.kind === 'input' && s.form === 'checkout' && page.kind !== 'checkout'));
    const visible = usable.filter((s) => s.sticky || (s.y > this.scrollY + HEADER_H && s.y + s.h < this.scrollY + VIEW_H));
    const below = usable.filter((s) => !s.sticky && s.y >= this.scrollY + VIEW_H && s.y < this.scrollY + 3 * VIEW_H);
    const where = r();
    const pool = where < 0.8 && visible.length ? visible : where < 0.95 && below.length ? below : usable;
    const byKind = new Map();
    for (const s of pool) {
      if (!byKind.has(s.kind)) byKind.set(s.kind, []);
      byKind.get(s.kind).push(s);
    }
    const weights = [...byKind.keys()].map((kind) => [kind, CLICK_WEIGHTS[kind] * (page.kind === 'checkout' && kind === 'input' ? 40 : 1)]);
    let k = r() * weights.reduce((sum, [, w]) => sum + w, 0);
    const kind = weights.find(([, w]) => (k -= w) < 0)?.[0];
    return kind ? pick(r, byKind.get(kind)) : undefined;
  }

  /** Leaves the page by a link (a product card, the header nav, the footer); false when out of budget. */
  async leavePage() {
    const r = this.r;
    const page = this.page;
    const links = page.clickable.filter((s) => s.kind === 'product' || s.kind === 'nav');
    const k = r();
    const wanted = k < 0.45 ? (s) => s.kind === 'product' : k < 0.9 ? (s) => s.kind === 'nav' && s.sticky : (s) => s.kind === 'nav' && !s.sticky;
    const options = links.filter(wanted);
    const slot = pick(r, options.length ? options : links);
    const href = slot.kind === 'product' ? slot.cell.href : slot.href;
    const kind = slot.kind === 'product' ? 'product' : slot.to;
    return this.clickThrough(slot, href, kind);
  }

  /** Clicks `slot` and follows it to a new page, unless that page would overshoot the byte budget. */
  async clickThrough(slot, href, kind) {
    // The next page's snapshot must fit in what is left of the budget (±1 MB overall).
    if (this.sink.bytes + 600_000 > this.targetBytes) return false;
    await this.pointAt(slot);
    await this.navigate(this.press(slot), href, kind);
    return true;
  }

  /** Types into `slot`'s form (several fields on checkout), then usually submits it. */
  async fillForm(first) {
    const r = this.r;
    const fields = first.form === 'checkout' ? this.page.checkoutInputs.slice(this.page.checkoutInputs.indexOf(first)) : [first];
    let typed = '';
    for (let i = 0; i < fields.length; i++) {
      if (i > 0) await this.pointAt(fields[i]);
      this.press(fields[i]);
      typed = first.form === 'search' ? pick(r, SEARCHES) : pick(r, fields[i].values);
      await this.type(fields[i], typed);
      await this.idle(between(r, 300, 1500));
    }
    if (r() < 0.12) return; // abandoned: the user browses on and leaves without submitting
    const submit = first.submit;
    if (first.form === 'newsletter') {
      await this.pointAt(submit);
      const at = this.press(submit);
      this.mutation(at + between(r, 50, 400), { texts: [{ id: submit.text.node.id, value: submit.text.values[0] }], attributes: [{ id: submit.node.id, attributes: { disabled: '' } }] });
      await this.idle(between(r, 500, 1500));
      return;
    }
    if (first.form === 'search') await this.clickThrough(submit, `${SITE}/search?q=${encodeURIComponent(typed)}`, 'listing');
    else await this.clickThrough(submit, `${SITE}/order/confirmed`, 'content');
  }

  /** One Input event per keystroke, the text growing (a typo now and then, fixed with backspace). */
  async type(slot, value) {
    const r = this.r;
    let text = '';
    for (const ch of value) {
      if (r() < 0.03) {
        this.now += between(r, 100, 250);
        this.incremental(this.now, { source: 5, text: text + pick(r, ['x', 'q', 'ä']), isChecked: false, id: slot.node.id, userTriggered: true });
        this.now += between(r, 200, 500);
        this.incremental(this.now, { source: 5, text, isChecked: false, id: slot.node.id, userTriggered: true });
      }
      text += ch;
      this.now += ch === ' ' ? between(r, 250, 700) : between(r, 100, 250);
      this.incremental(this.now, { source: 5, text, isChecked: false, id: slot.node.id, userTriggered: true });
    }
    await this.flush();
  }

  /** The page's answer to a click on `slot` at `at`. */
  async respond(slot, at) {
    const r = this.r;
    const page = this.page;
    const soon = at + between(r, 50, 400);
    switch (slot.kind) {
      case 'cart': {
        this.cartCount++;
        const toast = el('div', { class: 'toast', role: 'status' }, [el('p', {}, [txt(`${pick(r, ['Added to your cart', 'Zum Warenkorb hinzugefügt', 'Ajouté au panier', 'カートに追加しました'])} (${this.cartCount})`)]), el('button', { class: 'toast-close', type: 'button', 'aria-label': 'Close' }, [txt('×')])]);
        const removes = page.toast ? [{ parentId: page.toastHost.id, id: page.toast.id }] : [];
        const adds = addsFor([toast], page.toastHost.id, null, page.ids);
        page.toast = toast;
        // The mini cart's list is rendered again with the new line.
        const mini = page.miniCart;
        removes.push({ parentId: mini.host.id, id: mini.list.id });
        mini.list = miniCartList(r, this.cartCount);
        adds.push(...addsFor([mini.list], mini.host.id, null, page.ids));
        this.mutation(soon, { texts: [{ id: page.cartBadge.id, value: String(this.cartCount) }], attributes: [{ id: slot.node.id, attributes: { class: 'btn add-to-cart is-added', 'aria-busy': null } }], removes, adds });
        break;
      }
      case 'toggle': {
        const flip = (slot.flips = (slot.flips ?? 0) + 1);
        const texts = slot.text ? [{ id: slot.text.node.id, value: slot.text.values[(flip - 1) % slot.text.values.length] }] : [];
        const attributes = slot.attr ? [{ id: slot.attr.target.id, attributes: { [slot.attr.name]: slot.attr.values[(flip - 1) % slot.attr.values.length] } }] : [];
        this.mutation(soon, { texts, attributes });
        break;
      }
      case 'option': {
        slot.checked = slot.checkbox.attributes.type === 'radio' ? true : !slot.checked;
        this.incremental(at + between(r, 1, 3), { source: 5, text: slot.checkbox.attributes.value ?? 'on', isChecked: slot.checked, id: slot.checkbox.id, userTriggered: true });
        if (slot.reloads) this.replaceGrid(at);
        break;
      }
      case 'page': {
        const grid = page.grid;
        const target = grid.pages.indexOf(slot.node);
        const next = target === 0 ? Math.max(1, grid.current - 1) : target === 6 ? Math.min(5, grid.current + 1) : target;
        const attributes = next === grid.current ? [] : [{ id: grid.pages[grid.current].id, attributes: { 'aria-current': null } }, { id: grid.pages[next].id, attributes: { 'aria-current': 'page' } }];
        grid.current = next;
        this.replaceGrid(at, attributes);
        break;
      }
      case 'tab': {
        const panel = page.panel;
        if (slot.index === panel.selected) {
          this.mutation(soon, { attributes: [{ id: slot.node.id, attributes: { class: 'is-focused' } }] });
          break;
        }
        const attributes = [{ id: panel.tabs[panel.selected].id, attributes: { 'aria-selected': 'false' } }, { id: slot.node.id, attributes: { 'aria-selected': 'true' } }];
        panel.selected = slot.index;
        const removes = panel.container.childNodes.map((n) => ({ parentId: panel.container.id, id: n.id }));
        panel.container.childNodes = panelContent(r, panel.kinds[slot.index]);
        this.mutation(soon, { attributes, removes, adds: addsFor(panel.container.childNodes, panel.container.id, null, page.ids) });
        break;
      }
      case 'carousel':
        this.moveCarousel(slot.carousel, slot.step, soon);
        break;
      case 'stepper': {
        const value = (slot.quantity.value = Math.max(1, slot.quantity.value + slot.step));
        this.incremental(soon, { source: 5, text: String(value), isChecked: false, id: slot.input.id, userTriggered: false });
        this.mutation(soon + 1, { attributes: [{ id: slot.input.id, attributes: { value: String(value) } }] });
        break;
      }
      default:
        break;
    }
    await this.flush();
  }

  /**
   * Next/previous on a carousel: the track moves by five cards, and the five coming into view are
   * rendered afresh (removes of the placeholders, adds of the cards).
   */
  moveCarousel(c, step, at) {
    const r = this.r;
    const cards = c.track.childNodes;
    const offset = clamp(c.offset + step * 5, 0, Math.max(0, cards.length - 5));
    if (offset === c.offset) {
      this.mutation(at, { attributes: [{ id: c.track.id, attributes: { class: 'carousel-track is-bouncing' } }] });
      return;
    }
    c.offset = offset;
    const fresh = cards.slice(offset, offset + 5).map(() => makeCard(r));
    const removes = cards.slice(offset, offset + 5).map((n) => ({ parentId: c.track.id, id: n.id }));
    const adds = addsFor(
      fresh.map((f) => f.root),
      c.track.id,
      cards[offset + 5]?.id ?? null,
      this.page.ids,
    );
    cards.splice(offset, fresh.length, ...fresh.map((f) => f.root));
    c.cells.forEach((cell, i) => {
      if (!fresh[i]) return;
      cell.root = fresh[i].root;
      cell.href = fresh[i].href;
      for (const s of cell.slots) s.node = fresh[i].parts[s.part];
    });
    this.mutation(at, { attributes: [{ id: c.track.id, attributes: { style: `transform: translateX(-${offset * 276}px);` } }], removes, adds });
  }

  /**
   * Pagination and filters, for a click at `clickAt`: the grid is marked busy at once, then (after
   * the fetch) the old cards go and the new cards come, every node its own add.
   */
  replaceGrid(clickAt, attributes = []) {
    const r = this.r;
    const page = this.page;
    const grid = page.grid;
    const removes = grid.cells.map((c) => ({ parentId: grid.container.id, id: c.root.id }));
    const cards = grid.cells.map(() => makeCard(r));
    const adds = addsFor(
      cards.map((c) => c.root),
      grid.container.id,
      null,
      page.ids,
    );
    grid.cells.forEach((cell, i) => {
      cell.root = cards[i].root;
      cell.href = cards[i].href;
      for (const s of cell.slots) s.node = cards[i].parts[s.part];
    });
    this.mutation(clickAt + between(r, 5, 30), { attributes: [{ id: grid.container.id, attributes: { 'aria-busy': 'true' } }] });
    this.mutation(clickAt + between(r, 150, 400), { attributes: [...attributes, { id: grid.container.id, attributes: { 'aria-busy': null } }], removes, adds });
  }
}

/** Gzips `path` into `path + '.gz'` (or `to`). */
export async function gzipFile(path, to = `${path}.gz`) {
  await pipeline(createReadStream(path), createGzip(), createWriteStream(to));
  return to;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const mixAt = args.indexOf('--mix');
  const mix = mixAt >= 0 ? args[mixAt + 1] : 'realistic';
  const [out, mb = '100'] = args.filter((a, i) => !a.startsWith('--') && (mixAt < 0 || i !== mixAt + 1));
  if (!out || !MIXES.includes(mix) || !(Number(mb) > 0)) {
    console.error('usage: node test/bench/generate.mjs OUT.json [MEGABYTES] [--gzip] [--mix stress|realistic]');
    process.exit(2);
  }
  const { bytes, events } = await generateRecording(out, Number(mb) * 1024 * 1024, { mix });
  console.log(`${out}: ${(bytes / 1048576).toFixed(1)} MB, ${events} events (${mix} mix)`);
  if (process.argv.includes('--gzip')) console.log(`gzipped: ${await gzipFile(out)}`);
}
