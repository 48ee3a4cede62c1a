import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EventType, IncrementalSource, MouseInteractions, NodeType, type serializedNodeWithId } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { NodeMirror } from '../../../src/core/recording/mirror';
import { classTier, cssEscape, cssString, isGeneratedId, pickClasses } from '../../../src/core/recording/selectorParts';

// ---------------------------------------------------------------------------------------------
// Hand-written rrweb serialization helpers

type SN = serializedNodeWithId;

function doc(id: number, childNodes: SN[], extra: Record<string, unknown> = {}): SN {
  return { type: NodeType.Document, id, childNodes, ...extra } as SN;
}
function el(id: number, tagName: string, attributes: Record<string, string | number | true> = {}, childNodes: SN[] = [], extra: Record<string, unknown> = {}): SN {
  return { type: NodeType.Element, id, tagName, attributes, childNodes, ...extra } as SN;
}
function txt(id: number, textContent: string, extra: Record<string, unknown> = {}): SN {
  return { type: NodeType.Text, id, textContent, ...extra } as SN;
}
/** html(2) > head(3) + body(4) > children, in document 1. */
function page(bodyChildren: SN[], bodyAttrs: Record<string, string> = {}): SN {
  return doc(1, [
    { type: NodeType.DocumentType, id: 100000, name: 'html', publicId: '', systemId: '' } as SN,
    el(2, 'html', {}, [el(3, 'head', {}, [el(5, 'style', {}, [txt(6, 'body { color: red }', { isStyle: true })])]), el(4, 'body', bodyAttrs, bodyChildren)]),
  ]);
}
function mirrorOf(root: SN): NodeMirror {
  const m = new NodeMirror();
  m.applyFullSnapshot(root);
  return m;
}
const mut = (d: Partial<{ texts: unknown[]; attributes: unknown[]; removes: unknown[]; adds: unknown[]; isAttachIframe: true }>) =>
  ({ texts: [], attributes: [], removes: [], adds: [], ...d }) as Parameters<NodeMirror['applyMutation']>[0];

// ---------------------------------------------------------------------------------------------

describe('NodeMirror: snapshot and queries', () => {
  const m = mirrorOf(
    page([
      el(10, 'DIV', { id: 'app', class: 'shell' }, [
        el(11, 'h1', {}, [txt(12, '  Checkout \n  page ')]),
        el(13, 'p', {}, [txt(14, 'Pay '), el(15, 'b', {}, [txt(16, 'now')]), el(17, 'script', {}, [txt(18, 'var x = 1')])]),
        el(19, 'ul', {}, [el(20, 'li', {}, [txt(21, 'One')]), el(22, 'li', {}, [txt(23, 'Two')])]),
      ]),
    ]),
  );

  it('holds every node with lowercase tags, attributes, parents and children', () => {
    expect(m.rootId).toBe(1);
    expect(m.nodeCount).toBe(21);
    expect(m.has(10)).toBe(true);
    expect(m.has(999)).toBe(false);
    const app = m.getNode(10);
    expect(app?.tagName).toBe('div');
    expect(app?.type).toBe(NodeType.Element);
    expect(app?.attributes).toEqual({ id: 'app', class: 'shell' });
    expect(app?.childIds).toEqual([11, 13, 19]);
    expect(m.parentOf(10)).toBe(4);
    expect(m.parentOf(1)).toBeUndefined();
    expect(m.getNode(12)?.text).toBe('  Checkout \n  page ');
    expect(m.isDetached(10)).toBe(false);
  });

  it('gives visible text: collapsed, without script/style, words of blocks kept apart', () => {
    expect(m.textOf(11)).toBe('Checkout page');
    expect(m.textOf(13)).toBe('Pay now');
    expect(m.textOf(19)).toBe('One Two');
    expect(m.textOf(10)).toBe('Checkout page Pay now One Two');
    expect(m.textOf(3)).toBe('');
    expect(m.textOf(10, 10)).toBe('Checkout…');
    expect(m.textOf(10, 10).length).toBeLessThanOrEqual(10);
    expect(m.textOf(12)).toBe('Checkout page');
    expect(m.textOf(999)).toBe('');
  });

  it('describes a text node as its parent element, ancestors parent-first up to the root', () => {
    const info = m.describe(23);
    expect(info).toMatchObject({ nodeId: 22, tag: 'li', text: 'Two', selector: 'li:nth-of-type(2)' });
    expect(info?.ancestors.map((a) => a.tag)).toEqual(['ul', 'div', 'body', 'html']);
    expect(info?.ancestors.map((a) => a.nodeId)).toEqual([19, 10, 4, 2]);
    expect(info?.ancestors[1].attributes).toEqual({ id: 'app', class: 'shell' });
    expect(info?.inShadowRoot).toBeUndefined();
    expect(info?.inIframe).toBeUndefined();
    expect(m.describe(1)).toBeUndefined();
    expect(m.describe(999)).toBeUndefined();
  });
});

describe('NodeMirror: mutations', () => {
  it('changes the selector at the moment an id is added or removed', () => {
    const m = mirrorOf(page([el(10, 'form', {}, [el(11, 'button', { class: 'btn primary' }, [txt(12, 'Save')]), el(13, 'button', { class: 'btn' }, [txt(14, 'Cancel')])])]));
    expect(m.selectorFor(11)).toBe('button.btn.primary');
    m.applyMutation(mut({ attributes: [{ id: 11, attributes: { id: 'save' } }] }));
    expect(m.selectorFor(11)).toBe('#save');
    expect(m.describe(12)?.selector).toBe('#save');
    m.applyMutation(mut({ attributes: [{ id: 11, attributes: { 'data-testid': 'save-button' } }] }));
    expect(m.selectorFor(11)).toBe('[data-testid="save-button"]');
    m.applyMutation(mut({ attributes: [{ id: 11, attributes: { 'data-testid': null, id: null } }] }));
    expect(m.selectorFor(11)).toBe('button.btn.primary');
    expect(m.getNode(11)?.attributes).toEqual({ class: 'btn primary' });
    m.applyMutation(mut({ attributes: [{ id: 11, attributes: { class: 'btn' } }] }));
    expect(m.selectorFor(11)).toBe('button.btn:nth-of-type(1)');
  });

  it('does not modify the recording it was built from', () => {
    const attrs = { class: 'a' };
    const root = page([el(10, 'div', attrs)]);
    const m = mirrorOf(root);
    m.applyMutation(mut({ attributes: [{ id: 10, attributes: { class: 'b', title: 'x' } }] }));
    expect(attrs).toEqual({ class: 'a' });
    expect(m.getNode(10)?.attributes).toEqual({ class: 'b', title: 'x' });
  });

  it('applies text changes', () => {
    const m = mirrorOf(page([el(10, 'span', { id: 'clock' }, [txt(11, '10:00')])]));
    m.applyMutation(mut({ texts: [{ id: 11, value: '10:01' }] }));
    expect(m.textOf(10)).toBe('10:01');
    m.applyMutation(mut({ texts: [{ id: 11, value: null }, { id: 999, value: 'x' }] }));
    expect(m.textOf(10)).toBe('');
  });

  it('keeps removed nodes queryable as detached, and re-adds the same id under a new parent', () => {
    const m = mirrorOf(
      page([el(10, 'section', { id: 'left' }, [el(11, 'div', { class: 'card' }, [el(12, 'button', { class: 'buy' }, [txt(13, 'Buy')])])]), el(20, 'section', { id: 'right' })]),
    );
    m.applyMutation(mut({ removes: [{ parentId: 10, id: 11 }] }));
    expect(m.isDetached(11)).toBe(true);
    expect(m.isDetached(12)).toBe(true);
    expect(m.isDetached(13)).toBe(true);
    expect(m.isDetached(10)).toBe(false);
    expect(m.getNode(10)?.childIds).toEqual([]);
    // A click just after the removal still resolves, with its last ancestors.
    const info = m.describe(13);
    expect(info?.tag).toBe('button');
    expect(info?.text).toBe('Buy');
    expect(info?.ancestors.map((a) => a.nodeId)).toEqual([11, 10, 4, 2]);
    expect(info?.selector).toBe('button.buy');

    // rrweb re-adds a moved subtree node by node, with the same ids.
    m.applyMutation(
      mut({
        adds: [
          { parentId: 11, nextId: null, node: el(12, 'button', { class: 'buy' }) },
          { parentId: 20, nextId: null, node: el(11, 'div', { class: 'card moved' }) },
          { parentId: 12, nextId: null, node: txt(13, 'Buy') },
        ],
      }),
    );
    for (const id of [11, 12, 13]) expect(m.isDetached(id)).toBe(false);
    expect(m.parentOf(11)).toBe(20);
    expect(m.getNode(20)?.childIds).toEqual([11]);
    expect(m.describe(12)?.ancestors.map((a) => a.nodeId)).toEqual([11, 20, 4, 2]);
    expect(m.getNode(11)?.attributes.class).toBe('card moved');
    expect(m.textOf(20)).toBe('Buy');
  });

  it('places adds that name siblings and parents added later in the same batch', () => {
    const m = mirrorOf(page([el(10, 'ul', {}, [el(11, 'li', {}, [txt(12, 'a')])])]));
    m.applyMutation(
      mut({
        adds: [
          // Inserted before 14, which comes later in the batch.
          { parentId: 10, nextId: 14, node: el(13, 'li', {}) },
          { parentId: 10, nextId: null, node: el(14, 'li', {}) },
          // Child of a parent that comes later in the batch.
          { parentId: 15, nextId: null, node: txt(16, 'inner') },
          { parentId: 13, nextId: null, node: el(15, 'span', {}) },
          // Before the first item.
          { parentId: 10, nextId: 11, node: el(17, 'li', {}) },
          // After a previous sibling.
          { parentId: 10, previousId: 13, nextId: 14, node: el(18, 'li', {}) },
          // The parent never appears.
          { parentId: 999, nextId: null, node: el(19, 'li', {}) },
        ],
      }),
    );
    // As rrweb's replayer does: 18's previous sibling was not there yet, so it went before 14;
    // 13 waited for 14 and went before it afterwards.
    expect(m.getNode(10)?.childIds).toEqual([17, 11, 18, 13, 14]);
    expect(m.textOf(13)).toBe('inner');
    expect(m.has(19)).toBe(false);
    expect(m.droppedAdds).toBe(1);
  });

  it('appends an add whose next sibling never arrives', () => {
    const m = mirrorOf(page([el(10, 'ul', {}, [el(11, 'li', {})])]));
    m.applyMutation(mut({ adds: [{ parentId: 10, nextId: 555, node: el(12, 'li', {}) }] }));
    expect(m.getNode(10)?.childIds).toEqual([11, 12]);
  });

  it('applies style attribute objects as property diffs', () => {
    const m = mirrorOf(page([el(10, 'div', { style: 'color: red; background: url("data:image/png;base64,AA=="); width: 10px' })]));
    m.applyMutation(mut({ attributes: [{ id: 10, attributes: { style: { color: false, width: '20px', display: ['none', 'important'], margin: '0' } } }] }));
    expect(m.getNode(10)?.attributes.style).toBe('background: url("data:image/png;base64,AA=="); width: 20px; display: none !important; margin: 0;');
    m.applyMutation(mut({ attributes: [{ id: 10, attributes: { style: { display: false, background: false, width: false, margin: false } } }] }));
    expect(m.getNode(10)?.attributes.style).toBe('');
    // display:none hides text.
    m.applyMutation(mut({ adds: [{ parentId: 4, nextId: null, node: el(20, 'p', { style: 'display:none' }, [txt(21, 'secret')]) }] }));
    expect(m.textOf(4)).toBe('');
  });

  it('resets on a new full snapshot', () => {
    const m = mirrorOf(page([el(10, 'div', {})]));
    m.applyMutation(mut({ removes: [{ parentId: 4, id: 10 }] }));
    expect(m.isDetached(10)).toBe(true);
    m.applyFullSnapshot(doc(50, [el(51, 'html', {}, [el(52, 'body', {})])]));
    expect(m.has(10)).toBe(false);
    expect(m.rootId).toBe(50);
    expect(m.nodeCount).toBe(3);
  });

  it('forgets the oldest detached subtrees beyond maxDetached', () => {
    const m = new NodeMirror({ maxDetached: 3 });
    m.applyFullSnapshot(page([el(10, 'div', {}, [el(11, 'i', {}), el(12, 'i', {})]), el(20, 'div', {}, [el(21, 'i', {})])]));
    m.applyMutation(mut({ removes: [{ parentId: 4, id: 10 }] }));
    expect(m.isDetached(11)).toBe(true);
    m.applyMutation(mut({ removes: [{ parentId: 4, id: 20 }] }));
    expect(m.has(10)).toBe(false);
    expect(m.has(11)).toBe(false);
    expect(m.isDetached(20)).toBe(true);
    expect(m.isDetached(21)).toBe(true);
  });

  it('builds the children an add carries, and survives duplicate ids in one tree', () => {
    const m = mirrorOf(page([el(10, 'div', {})]));
    m.applyMutation(mut({ adds: [{ parentId: 10, nextId: null, node: el(11, 'ul', {}, [el(12, 'li', {}, [txt(13, 'a')]), el(12, 'li', {}, [txt(14, 'b')])]) }] }));
    expect(m.getNode(11)?.childIds).toEqual([12]);
    expect(m.textOf(10)).toBe('a');
    const dup = mirrorOf(page([el(10, 'div', {}, [el(11, 'p', {}, [el(10, 'span', {})])])]));
    expect(dup.describe(11)?.ancestors.map((a) => a.nodeId)).toEqual([10, 4, 2]);
  });

  it('does not hold on to old copies of nodes that keep moving', () => {
    const m = new NodeMirror({ maxDetached: 10 });
    m.applyFullSnapshot(page([el(10, 'div', {}), el(20, 'div', {})]));
    for (let i = 0; i < 5000; i++) {
      const [from, to] = i % 2 === 0 ? [10, 20] : [20, 10];
      m.applyMutation(mut({ removes: [{ parentId: from, id: 30 }], adds: [{ parentId: to, nextId: null, node: el(30, 'b', {}, [txt(31, `move ${i}`)]) }] }));
    }
    expect(m.isDetached(30)).toBe(false);
    expect(m.parentOf(30)).toBe(10);
    expect(m.textOf(10)).toBe('move 4999');
    expect(m.nodeCount).toBe(11);
    const queue = (m as unknown as { detachedRoots: unknown[]; detachedHead: number });
    expect(queue.detachedRoots.length - queue.detachedHead).toBeLessThan(2000);
  });

  it('ignores malformed mutation entries', () => {
    const m = mirrorOf(page([el(10, 'div', {})]));
    m.applyMutation(mut({ adds: [null, { parentId: 4 }, { parentId: 4, nextId: null, node: { id: 'x' } }], removes: [null, { id: 'x' }], texts: [null], attributes: [null, { id: 10 }] }));
    m.applyMutation({} as Parameters<NodeMirror['applyMutation']>[0]);
    m.applyFullSnapshot(null as unknown as SN);
    expect(m.nodeCount).toBe(0);
    expect(m.describe(10)).toBeUndefined();
  });
});

describe('NodeMirror: iframes and shadow roots', () => {
  const iframeDoc = doc(30, [el(31, 'html', {}, [el(32, 'body', {}, [el(33, 'button', { class: 'pay' }, [txt(34, 'Pay')])])], { rootId: 30 })], { rootId: 30 });

  it('resolves nodes inside an iframe document from the snapshot', () => {
    const m = mirrorOf(page([el(10, 'div', { id: 'frame-wrap' }, [el(20, 'iframe', { src: '/pay' }, [iframeDoc])]), el(11, 'button', { class: 'pay' })]));
    expect(m.getNode(20)?.contentDocumentId).toBe(30);
    expect(m.getNode(20)?.childIds).toEqual([]);
    expect(m.parentOf(30)).toBe(20);
    const info = m.describe(34);
    expect(info?.inIframe).toBe(true);
    expect(info?.inShadowRoot).toBeUndefined();
    // Relative to the iframe document: the outer button.pay does not count.
    expect(info?.selector).toBe('button.pay');
    expect(info?.ancestors.map((a) => a.nodeId)).toEqual([32, 31, 20, 10, 4, 2]);
    // The outer page's text does not include the iframe.
    expect(m.textOf(10)).toBe('');
  });

  it('attaches an iframe document that arrives in a mutation, also before its iframe', () => {
    const m = mirrorOf(page([el(20, 'iframe', {})]));
    m.applyMutation(mut({ adds: [{ parentId: 20, nextId: null, node: iframeDoc }], isAttachIframe: true }));
    expect(m.getNode(20)?.contentDocumentId).toBe(30);
    expect(m.describe(33)).toMatchObject({ tag: 'button', inIframe: true, text: 'Pay' });

    // A reload of the iframe: the new document replaces the old one.
    m.applyMutation(mut({ adds: [{ parentId: 20, nextId: null, node: doc(40, [el(41, 'html', {}, [el(42, 'body', {})])]) }], isAttachIframe: true }));
    expect(m.getNode(20)?.contentDocumentId).toBe(40);
    expect(m.isDetached(33)).toBe(true);

    // The document comes first (its iframe is added later, in another mutation).
    const m2 = mirrorOf(page([]));
    m2.applyMutation(mut({ adds: [{ parentId: 60, nextId: null, node: iframeDoc }], isAttachIframe: true }));
    expect(m2.has(33)).toBe(false);
    m2.applyMutation(mut({ adds: [{ parentId: 4, nextId: null, node: el(60, 'iframe', {}) }] }));
    expect(m2.parentOf(30)).toBe(60);
    expect(m2.describe(34)?.ancestors.map((a) => a.nodeId)).toEqual([32, 31, 60, 4, 2]);
  });

  const shadowPage = () =>
    page([
      el(10, 'my-widget', { id: 'widget' }, [
        el(11, 'div', { class: 'inner' }, [el(12, 'button', {}, [txt(13, 'Go')])], { isShadow: true }),
        el(14, 'span', { slot: 'label' }, [txt(15, 'Light')]),
      ], { isShadowHost: true }),
      el(20, 'div', { class: 'inner' }, [el(21, 'button', {})]),
      el(22, 'button', {}),
    ]);

  it('resolves nodes in a shadow root: parent is the host, selector relative to the root', () => {
    const m = mirrorOf(shadowPage());
    expect(m.getNode(10)?.shadowChildIds).toEqual([11]);
    expect(m.getNode(10)?.childIds).toEqual([14]);
    expect(m.getNode(11)?.isShadow).toBe(true);
    expect(m.parentOf(11)).toBe(10);
    const info = m.describe(13);
    expect(info?.inShadowRoot).toBe(true);
    expect(info?.selector).toBe('button');
    expect(info?.ancestors.map((a) => a.nodeId)).toEqual([11, 10, 4, 2]);
    expect(m.selectorFor(21)).toBe('div.inner > button');
    expect(m.textOf(10)).toBe('Go Light');
  });

  it('removes and adds shadow children', () => {
    const m = mirrorOf(shadowPage());
    m.applyMutation(mut({ removes: [{ parentId: 10, id: 11, isShadow: true }] }));
    expect(m.getNode(10)?.shadowChildIds).toEqual([]);
    expect(m.isDetached(12)).toBe(true);
    m.applyMutation(mut({ adds: [{ parentId: 10, nextId: null, node: el(16, 'p', {}, [], { isShadow: true }) }] }));
    expect(m.getNode(10)?.shadowChildIds).toEqual([16]);
    expect(m.describe(16)?.inShadowRoot).toBe(true);
  });
});

describe('NodeMirror: selectors', () => {
  it('adds nth-of-type only when siblings need it, and prefixes ancestors until unique', () => {
    const m = mirrorOf(
      page([
        el(10, 'ul', { class: 'menu' }, [el(11, 'li', {}), el(12, 'li', {}), el(13, 'li', { class: 'last' })]),
        el(20, 'ul', {}, [el(21, 'li', {}), el(22, 'li', {})]),
      ]),
    );
    expect(m.selectorFor(12)).toBe('ul.menu > li:nth-of-type(2)');
    expect(m.selectorFor(13)).toBe('li.last');
    expect(m.selectorFor(22)).toBe('ul:nth-of-type(2) > li:nth-of-type(2)');
  });

  it('prefixes the nearest anchored ancestor', () => {
    const m = mirrorOf(
      page([
        el(10, 'div', { id: 'app' }, [el(11, 'form', { class: 'checkout' }, [el(12, 'button', {}), el(13, 'button', {})])]),
        el(20, 'div', {}, [el(21, 'form', { class: 'checkout' }, [el(22, 'button', {}), el(23, 'button', {})])]),
      ]),
    );
    expect(m.selectorFor(13)).toBe('#app > form.checkout > button:nth-of-type(2)');
    expect(m.selectorFor(23)).toBe('div:nth-of-type(2) > form.checkout > button:nth-of-type(2)');
  });

  it('prefers test ids, then id, then name, then aria-label', () => {
    const m = mirrorOf(
      page([
        el(10, 'input', { 'data-testid': 'email', id: 'email', name: 'email' }),
        el(11, 'input', { id: 'pw', name: 'password' }),
        el(12, 'input', { name: 'zip', id: ':r3:' }),
        el(13, 'button', { 'aria-label': 'Close dialog', class: 'x' }),
        el(14, 'button', { 'data-cy': 'submit' }),
        el(15, 'button', { 'data-test': 'cancel' }),
      ]),
    );
    expect(m.selectorFor(10)).toBe('[data-testid="email"]');
    expect(m.selectorFor(11)).toBe('#pw');
    expect(m.selectorFor(12)).toBe('input[name="zip"]');
    expect(m.selectorFor(13)).toBe('button[aria-label="Close dialog"]');
    expect(m.selectorFor(14)).toBe('[data-cy="submit"]');
    expect(m.selectorFor(15)).toBe('[data-test="cancel"]');
  });

  it('falls back from a duplicated anchor to the chain', () => {
    const m = mirrorOf(
      page([
        el(10, 'form', { id: 'billing' }, [el(11, 'input', { name: 'city' })]),
        el(20, 'form', { id: 'shipping' }, [el(21, 'input', { name: 'city' })]),
      ]),
    );
    expect(m.selectorFor(21)).toBe('#shipping > input[name="city"]');
  });

  it('skips generated ids and classes', () => {
    const m = mirrorOf(
      page([
        el(10, 'div', { id: 'ember123', class: 'css-1x2y3z sc-aXbYc panel' }),
        el(11, 'div', { id: ':r1:', class: 'Button_btn__3xYz' }),
        el(12, 'div', { id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', class: 'flex p-4 mt-2' }),
        el(13, 'div', { id: 'input-48213', class: 'jsx-2187 hover:bg-blue-500' }),
      ]),
    );
    expect(m.selectorFor(10)).toBe('div.panel');
    expect(m.selectorFor(11)).toBe('div.Button_btn__3xYz');
    expect(m.selectorFor(12)).toBe('div.flex.p-4');
    expect(m.selectorFor(13)).toBe('div.hover\\:bg-blue-500');
  });

  it('escapes odd ids, classes and attribute values', () => {
    const m = mirrorOf(
      page([
        el(10, 'div', { id: 'save.btn' }),
        el(11, 'div', { class: '2col' }),
        el(12, 'div', { 'data-testid': 'say "hi"\\now' }),
        el(13, 'a', { 'aria-label': "it's\nhere" }),
        el(14, 'div', { id: '-x' }),
      ]),
    );
    expect(m.selectorFor(10)).toBe('#save\\.btn');
    expect(m.selectorFor(11)).toBe('div.\\32 col');
    expect(m.selectorFor(12)).toBe('[data-testid="say \\"hi\\"\\\\now"]');
    expect(m.selectorFor(13)).toBe('a[aria-label="it\'s\\a here"]');
    expect(m.selectorFor(14)).toBe('#-x');
  });

  it('uses a descendant combinator to a far anchor when the chain gets long', () => {
    const deep = (base: number): SN => el(base, 'div', {}, [el(base + 1, 'div', {}, [el(base + 2, 'div', {}, [el(base + 3, 'div', {}, [el(base + 4, 'div', {}, [el(base + 5, 'span', {})])])])])]);
    const m = mirrorOf(page([el(10, 'main', { id: 'main' }, [el(11, 'section', {}, [deep(100)])]), el(20, 'aside', {}, [el(21, 'section', {}, [deep(200)])])]));
    expect(m.selectorFor(105)).toBe('#main div > div > div > div > span');
    expect(m.selectorFor(205)).toBe('aside > section > div > div > div > div > div > span');
  });

  it('never shows typed values in describe()', () => {
    const m = mirrorOf(page([el(10, 'input', { type: 'text', value: 'typed secret', name: 'q' }), el(11, 'input', { type: 'submit', value: 'Search' }), el(12, 'textarea', { value: 'more' }, [txt(13, 'more')])]));
    expect(m.describe(10)?.attributes).toEqual({ type: 'text', name: 'q' });
    expect(m.describe(11)?.attributes).toEqual({ type: 'submit', value: 'Search' });
    expect(m.describe(11)?.text).toBe('Search');
    expect(m.describe(12)?.attributes).toEqual({});
    expect(m.describe(13)?.text).toBe('');
  });
});

describe('selector helpers', () => {
  it('escapes like CSS.escape', () => {
    expect(cssEscape('a b')).toBe('a\\ b');
    expect(cssEscape('1a')).toBe('\\31 a');
    expect(cssEscape('-1a')).toBe('-\\31 a');
    expect(cssEscape('-')).toBe('\\-');
    expect(cssEscape('a\u0000b')).toBe('a\uFFFDb');
    expect(cssEscape('é_-x')).toBe('é_-x');
    expect(cssString('a"b\\c\n')).toBe('"a\\"b\\\\c\\a "');
  });

  it('tells generated ids and classes from hand-written ones', () => {
    for (const id of [':r1:', '«r2»', 'ember123', 'input-48213', '1b4e28ba-2fa1-11d2-883f-0016d3cca427', 'headlessui-menu-button-3', 'radix-:r2:', 'a8f3k2j9x', '123']) {
      expect(isGeneratedId(id), id).toBe(true);
    }
    for (const id of ['app', 'checkout-form', 'step2', 'nav_main', 'h1-title', 'Header']) expect(isGeneratedId(id), id).toBe(false);
    expect(classTier('css-1x2y3z')).toBe(-1);
    expect(classTier('sc-bdVaJa')).toBe(-1);
    expect(classTier('active')).toBe(-1);
    expect(classTier('Button_btn__3xYz')).toBe(1);
    expect(classTier('card__title')).toBe(0);
    expect(classTier('md:flex')).toBe(2);
    expect(classTier('px-4')).toBe(2);
    expect(classTier('checkout-button')).toBe(0);
    expect(pickClasses('flex px-4 Button_btn__3xYz')).toEqual(['Button_btn__3xYz']);
    expect(pickClasses('flex btn btn-primary big')).toEqual(['btn', 'btn-primary']);
    expect(pickClasses('flex px-4 mt-2')).toEqual(['flex', 'px-4']);
    expect(pickClasses(undefined)).toEqual([]);
  });
});

describe('NodeMirror: depth', () => {
  it('handles a tree 10,000 levels deep without overflowing the stack', () => {
    const depth = 10_000;
    let inner: SN = el(1_000_000, 'a', { href: '#' }, [txt(1_000_001, 'deep link')]);
    for (let i = depth - 1; i >= 0; i--) inner = el(10_000 + i, 'div', {}, [inner]);
    const m = mirrorOf(page([inner]));
    expect(m.nodeCount).toBe(7 + depth + 2);
    const info = m.describe(1_000_001);
    expect(info?.tag).toBe('a');
    expect(info?.ancestors).toHaveLength(depth + 2);
    expect(info?.ancestors[depth + 1].tag).toBe('html');
    expect(info?.selector).toBe('a');
    expect(m.textOf(4)).toBe('deep link');
    expect(m.selectorFor(10_000 + depth - 1).length).toBeGreaterThan(0);
    m.applyMutation(mut({ removes: [{ parentId: 4, id: 10_000 }] }));
    expect(m.isDetached(1_000_001)).toBe(true);
    m.applyFullSnapshot(page([inner]));
    expect(m.isDetached(1_000_001)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Real recordings, when the fixture recorder has produced them.

const recordingsDir = join(__dirname, '..', '..', 'fixtures', 'recordings');

function recordingFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return recordingFiles(path);
    return /\.(json|jsonl)(\.gz)?$/.test(name) && !/\.(truth|errors|har)\.json/.test(name) ? [path] : [];
  });
}

/** rrweb events from a plain array, {events}, or JSON lines; [] for anything else. */
function rrwebEvents(path: string): Array<{ type: number; data: any; timestamp: number }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  let buf = readFileSync(path);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  const text = buf.toString('utf8');
  const isEvent = (e: unknown) => typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'number' && 'timestamp' in e;
  try {
    const json = JSON.parse(text);
    const list = Array.isArray(json) ? json : Array.isArray(json?.events) ? json.events : [];
    return list.filter(isEvent);
  } catch {
    const out = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const e = JSON.parse(line);
        if (isEvent(e)) out.push(e);
      } catch {
        return [];
      }
    }
    return out;
  }
}

const realRecordings = recordingFiles(recordingsDir)
  .map((path) => ({ path, events: rrwebEvents(path) }))
  .filter((r) => r.events.some((e) => e.type === EventType.FullSnapshot));

describe('NodeMirror over real recordings', () => {
  for (const { path, events } of realRecordings) {
    it(`resolves every click in ${path.slice(recordingsDir.length + 1)}`, () => {
      const m = new NodeMirror();
      let clicks = 0;
      let resolved = 0;
      for (const e of events) {
        if (e.type === EventType.FullSnapshot) m.applyFullSnapshot(e.data.node);
        else if (e.type === EventType.IncrementalSnapshot && e.data?.source === IncrementalSource.Mutation) m.applyMutation(e.data);
        else if (e.type === EventType.IncrementalSnapshot && e.data?.source === IncrementalSource.MouseInteraction && e.data.type === MouseInteractions.Click) {
          clicks++;
          const info = m.describe(e.data.id);
          if (info) {
            resolved++;
            expect(info.selector.length).toBeGreaterThan(0);
            expect(info.ancestors.at(-1)?.tag).toBe('html');
          }
        }
      }
      expect(m.nodeCount).toBeGreaterThan(0);
      expect(resolved).toBe(clicks);
    });
  }
});

describe('NodeMirror: textLater (text of a moment, computed on demand)', () => {
  const shop = () =>
    mirrorOf(
      page([
        el(10, 'main', {}, [
          el(11, 'button', { class: 'buy' }, [txt(12, 'Add to cart'), el(13, 'span', {}, [txt(14, ' (2)')])]),
          el(15, 'div', { id: 'status' }, [txt(16, 'Ready')]),
        ]),
      ]),
    );

  it('gives the text as it was when asked for, whatever changes in the subtree afterwards', () => {
    const m = shop();
    const label = m.textLater(11);
    const main = m.textLater(10);
    m.applyMutation(mut({ texts: [{ id: 12, value: 'Added' }] }));
    m.applyMutation(mut({ attributes: [{ id: 13, attributes: { hidden: '' } }] }));
    m.applyMutation(mut({ removes: [{ parentId: 15, id: 16 }], adds: [{ parentId: 15, nextId: null, node: txt(17, 'Saved') }] }));
    expect(label()).toBe('Add to cart (2)');
    expect(main()).toBe('Add to cart (2) Ready');
    expect(m.textOf(10)).toBe('Added Saved');
    // Asked again: the same text.
    expect(label()).toBe('Add to cart (2)');
  });

  it('a change elsewhere on the page leaves the text to be computed when asked for, still as of its moment', () => {
    const m = shop();
    const status = m.textLater(15, 3);
    m.applyMutation(mut({ texts: [{ id: 12, value: 'Added' }], attributes: [{ id: 11, attributes: { class: 'buy done' } }] }));
    expect(status()).toBe('Re…');
  });

  it('removing the node, moving it, or a new page do not change the promised text', () => {
    const m = shop();
    const moved = m.textLater(13);
    const removed = m.textLater(15);
    const later = m.textLater(11);
    m.applyMutation(mut({ removes: [{ parentId: 10, id: 15 }] }));
    m.applyMutation(mut({ removes: [{ parentId: 11, id: 13 }], adds: [{ parentId: 10, nextId: null, node: el(13, 'span', {}, [txt(18, 'moved')]) }] }));
    const afterMove = m.textLater(11);
    expect(moved()).toBe('(2)');
    expect(removed()).toBe('Ready');
    m.applyFullSnapshot(page([el(10, 'main', {}, [txt(11, 'Another page')])]));
    expect(later()).toBe('Add to cart (2)');
    expect(afterMove()).toBe('Add to cart');
  });

  it("a button input's label, and what only styles the page, as of the promise", () => {
    const m = mirrorOf(page([el(10, 'form', {}, [el(11, 'input', { type: 'submit', value: 'Pay now', class: 'btn' })])]));
    const label = m.textLater(10);
    m.applyMutation(mut({ attributes: [{ id: 11, attributes: { class: 'btn busy', 'aria-busy': 'true' } }] }));
    m.applyMutation(mut({ attributes: [{ id: 11, attributes: { value: 'Paying…' } }] }));
    expect(label()).toBe('Pay now');
    expect(m.textOf(10)).toBe('Paying…');
  });

  it('several promises on one node, and unknown ids', () => {
    const m = shop();
    const short = m.textLater(11, 5);
    const full = m.textLater(11);
    m.applyMutation(mut({ texts: [{ id: 14, value: ' (3)' }] }));
    expect([short(), full()]).toEqual(['Add…', 'Add to cart (2)']);
    expect(m.textLater(999)()).toBe('');
  });
});
