/**
 * Building the parts of a struggle people read: the target (never with typed values), the quoted
 * element label in summaries, durations, and stable ids.
 */
import type { ElementInfo, Struggle, StruggleTarget } from '../model';

/** Tags and attributes whose text may be what the user typed. */
function mayHoldTypedText(info: ElementInfo): boolean {
  if (info.tag === 'textarea' || info.tag === 'input' || info.tag === 'select' || info.tag === 'form') return true;
  const editable = info.attributes.contenteditable;
  if (editable !== undefined && editable.toLowerCase() !== 'false') return true;
  return info.ancestors.some((a) => {
    const e = a.attributes.contenteditable;
    return e !== undefined && e.toLowerCase() !== 'false';
  });
}

/** The struggle's target: the element as the mirror described it (the mirror already drops typed `value`s). */
export function targetOf(info: ElementInfo): StruggleTarget {
  const target: StruggleTarget = {
    nodeId: info.nodeId,
    selector: info.selector,
    tag: info.tag,
    attributes: { ...info.attributes },
  };
  if (info.text && !mayHoldTypedText(info)) target.text = info.text;
  return target;
}

const MAX_QUOTE = 60;

/** `"Place order" (button#place-order)`, or the selector alone when there is no text to quote. */
export function labelOf(info: ElementInfo | undefined): string {
  if (!info) return 'an element';
  const selector = info.selector || info.tag;
  const raw = mayHoldTypedText(info) ? '' : info.text || info.attributes['aria-label'] || info.attributes.title || '';
  const text = raw.replace(/\s+/g, ' ').trim();
  if (!text) return selector;
  const quoted = text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE - 1).trimEnd()}…` : text;
  return `"${quoted}" (${selector})`;
}

/** 1.4 s, 0.2 s, 12 s. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  if (s >= 10) return `${Math.round(s)} s`;
  return `${(Math.round(s * 10) / 10).toFixed(1)} s`;
}

/** The path (and query) of a URL for summaries; the URL itself when it does not parse. */
export function pathOf(url: string): string {
  if (!url) return 'the page';
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}` || url;
  } catch {
    return url;
  }
}

/** URLs compared for navigation purposes: no fragment, no trailing slash on the path. */
export function sameUrl(a: string, b: string): boolean {
  return normalize(a) === normalize(b);
}

function normalize(url: string): string {
  const noHash = url.split('#')[0];
  return noHash.endsWith('/') && noHash.length > 1 ? noHash.slice(0, -1) : noHash;
}

export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Give each struggle a stable id `${kind}-${atMs}-${nodeId | 'page'}` (suffixed when two collide). */
export function assignIds(struggles: Struggle[]): void {
  const used = new Map<string, number>();
  for (const struggle of struggles) {
    const base = `${struggle.kind}-${Math.round(struggle.atMs)}-${struggle.target?.nodeId ?? 'page'}`;
    const count = used.get(base) ?? 0;
    used.set(base, count + 1);
    struggle.id = count === 0 ? base : `${base}-${count + 1}`;
  }
}

export function clamp01(value: number): number {
  return Math.max(0, Math.min(1, round(value, 2)));
}
