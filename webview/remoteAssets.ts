/**
 * A cheap scan for recorded resources that point at the network: image sources, stylesheets,
 * `url()` and `@import` in styles, fonts. When remote assets are not allowed the CSP blocks them
 * during replay (the page may look unstyled); the webview says how many so the user knows why.
 * Only the snapshot/mutation/style events are walked, once, without parsing CSS properly.
 */
import type { RecordingEvent } from '../src/core/model';

const FULL_SNAPSHOT = 2;
const INCREMENTAL = 3;
const SOURCE_MUTATION = 0;
const SOURCE_STYLE_SHEET_RULE = 8;
const SOURCE_FONT = 10;
const SOURCE_STYLE_DECLARATION = 13;
const SOURCE_ADOPTED_STYLE_SHEET = 15;
const NODE_DOCUMENT = 0;
const NODE_ELEMENT = 2;
const NODE_TEXT = 3;

const NETWORK_URL = /^\s*(?:https?:)?\/\//i;
const CSS_URL = /url\(\s*(['"]?)([^'")]+)\1\s*\)/gi;
const CSS_IMPORT = /@import\s+(['"])([^'"]+)\1/gi;
const FETCHED_LINK_RELS = /\b(?:stylesheet|icon|preload|prefetch|modulepreload|manifest|apple-touch-icon)\b/i;
const SOURCE_ATTRIBUTES = ['src', 'poster', 'background', 'data'];
const NOT_FETCHED_SRC = new Set(['script', 'noscript', 'iframe', 'frame']);

interface SerializedNode {
  type?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  textContent?: string;
  isStyle?: boolean;
}

/** The distinct network URLs the recorded pages would load. */
export function findRemoteResources(events: readonly RecordingEvent[]): Set<string> {
  const found = new Set<string>();
  const addUrl = (value: unknown) => {
    if (typeof value === 'string' && NETWORK_URL.test(value)) found.add(value.trim());
  };
  const scanCss = (css: unknown) => {
    if (typeof css !== 'string' || !css.includes('/')) return;
    for (const m of css.matchAll(CSS_URL)) addUrl(m[2]);
    for (const m of css.matchAll(CSS_IMPORT)) addUrl(m[2]);
  };
  const scanAttributes = (tag: string, attributes: Record<string, unknown>) => {
    // Recorded scripts are rebuilt inert and frames are rebuilt from their own snapshots: their
    // `src` is never fetched by the replay.
    if (!NOT_FETCHED_SRC.has(tag)) for (const name of SOURCE_ATTRIBUTES) addUrl(attributes[name]);
    if (typeof attributes.srcset === 'string') {
      for (const candidate of attributes.srcset.split(',')) addUrl(candidate.trim().split(/\s+/)[0]);
    }
    const rel = typeof attributes.rel === 'string' ? attributes.rel : '';
    if (tag === 'link' && FETCHED_LINK_RELS.test(rel) && attributes._cssText === undefined) addUrl(attributes.href);
    if (tag === 'image' || tag === 'use') {
      addUrl(attributes.href);
      addUrl(attributes['xlink:href']);
    }
    scanCss(attributes._cssText);
    if (typeof attributes.style === 'string') scanCss(attributes.style);
    else if (attributes.style && typeof attributes.style === 'object') {
      for (const v of Object.values(attributes.style)) scanCss(Array.isArray(v) ? v[0] : v);
    }
  };
  const scanNode = (node: SerializedNode | undefined, parentTag: string) => {
    // Iterative: recorded documents can be deeper than the call stack.
    const stack: Array<[SerializedNode | undefined, string]> = [[node, parentTag]];
    while (stack.length > 0) {
      const [n, parent] = stack.pop()!;
      if (!n || typeof n !== 'object') continue;
      if (n.type === NODE_TEXT && (n.isStyle || parent === 'style')) scanCss(n.textContent);
      const tag = n.type === NODE_ELEMENT && typeof n.tagName === 'string' ? n.tagName.toLowerCase() : parent;
      if (n.type === NODE_ELEMENT && n.attributes && typeof n.attributes === 'object') scanAttributes(tag, n.attributes);
      if ((n.type === NODE_ELEMENT || n.type === NODE_DOCUMENT || n.type === undefined) && Array.isArray(n.childNodes)) {
        for (const child of n.childNodes) stack.push([child, tag]);
      }
    }
  };

  for (const event of events) {
    const data = event.data as Record<string, unknown> | undefined;
    if (!data || typeof data !== 'object') continue;
    if (event.type === FULL_SNAPSHOT) {
      scanNode(data.node as SerializedNode, '');
    } else if (event.type === INCREMENTAL) {
      switch (data.source) {
        case SOURCE_MUTATION:
          for (const add of asArray(data.adds)) scanNode((add as { node?: SerializedNode }).node, '');
          for (const change of asArray(data.attributes)) {
            const attributes = (change as { attributes?: Record<string, unknown> }).attributes;
            if (attributes && typeof attributes === 'object') scanAttributes('', attributes);
          }
          break;
        case SOURCE_STYLE_SHEET_RULE:
          for (const add of asArray(data.adds)) scanCss((add as { rule?: unknown }).rule);
          break;
        case SOURCE_STYLE_DECLARATION:
          scanCss((data.set as { value?: unknown } | undefined)?.value);
          break;
        case SOURCE_ADOPTED_STYLE_SHEET:
          for (const style of asArray(data.styles)) for (const rule of asArray((style as { rules?: unknown }).rules)) scanCss((rule as { rule?: unknown }).rule);
          break;
        case SOURCE_FONT:
          if (data.buffer !== true) scanCss(`url(${String(data.fontSource)})`);
          break;
      }
    }
  }
  return found;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value.filter((v) => v && typeof v === 'object') : [];
}
