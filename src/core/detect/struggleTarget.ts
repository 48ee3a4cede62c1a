/**
 * A struggle's target as people read it: the element (never with typed values) and the quoted
 * element label in summaries.
 */
import type { ElementInfo, StruggleTarget } from '../model';

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
