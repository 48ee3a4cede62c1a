/**
 * Outlines a struggle's target element in the replayed page. The outline is a box of ours laid
 * over the replay iframe inside rrweb's wrapper (which the player scales together with the
 * iframe), so the recorded DOM is never modified and nothing is injected into the sandboxed page.
 * The node is looked up by its rrweb id in the replayer's mirror every time, because seeking
 * backwards rebuilds the replayed document.
 */
import { h, setAttr } from './dom';
import type { Replayer } from './player';

export type HighlightState = 'none' | 'shown' | 'missing' | 'hidden';

export class Highlighter {
  private nodeId: number | undefined;
  private box: HTMLElement | undefined;
  private frame = 0;
  private restartPulse = false;
  private onChange: (state: HighlightState) => void = () => undefined;

  constructor(private readonly replayer: () => { replayer: Replayer; wrapper: HTMLElement | undefined } | undefined) {}

  /** Called with 'shown', 'missing' (no such node at this moment) or 'hidden' (zero-size) after each update. */
  onStateChange(listener: (state: HighlightState) => void): void {
    this.onChange = listener;
  }

  show(nodeId: number | undefined): void {
    this.nodeId = nodeId;
    this.restartPulse = true;
    this.update();
  }

  clear(): void {
    this.nodeId = undefined;
    this.box?.remove();
    this.box = undefined;
    this.onChange('none');
  }

  /** Re-positions the outline on the next animation frame (coalesces bursts of time updates). */
  scheduleUpdate(): void {
    if (this.nodeId === undefined || this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.update();
    });
  }

  update(): void {
    if (this.nodeId === undefined) return this.clear();
    const current = this.replayer();
    if (!current?.wrapper) return;
    const { replayer, wrapper } = current;
    const node = replayer.getMirror().getNode(this.nodeId) as Node | null;
    const element = node && (node.nodeType === 1 ? (node as Element) : node.parentElement);
    const rect = element ? rectInReplay(element, replayer.iframe) : undefined;
    const box = this.ensureBox(wrapper);
    setAttr(box, 'data-node-id', this.nodeId);
    if (!rect || rect.width === 0 || rect.height === 0) {
      box.hidden = true;
      this.onChange(rect ? 'hidden' : 'missing');
      return;
    }
    box.hidden = false;
    box.style.left = `${rect.left}px`;
    box.style.top = `${rect.top}px`;
    box.style.width = `${rect.width}px`;
    box.style.height = `${rect.height}px`;
    this.onChange('shown');
  }

  private ensureBox(wrapper: HTMLElement): HTMLElement {
    if (!this.box || this.box.parentElement !== wrapper) {
      this.box?.remove();
      this.box = h('div', { className: 'struggle-highlight', attrs: { 'data-testid': 'highlight', 'aria-hidden': 'true' } });
      wrapper.append(this.box);
    }
    if (this.restartPulse) {
      // Replay the (motion-safe) pulse for each newly selected target.
      this.restartPulse = false;
      this.box.classList.remove('pulse');
      void this.box.offsetWidth;
      this.box.classList.add('pulse');
    }
    return this.box;
  }
}

/** The element's box in the replay iframe's coordinates, through nested same-origin frames. */
function rectInReplay(element: Element, replayIframe: HTMLIFrameElement): DOMRect | undefined {
  const r = element.getBoundingClientRect();
  let left = r.left;
  let top = r.top;
  let doc: Document | null = element.ownerDocument;
  const topDoc = replayIframe.contentDocument;
  while (doc && doc !== topDoc) {
    const frameElement = doc.defaultView?.frameElement as HTMLElement | null | undefined;
    if (!frameElement) return undefined;
    const fr = frameElement.getBoundingClientRect();
    left += fr.left + frameElement.clientLeft;
    top += fr.top + frameElement.clientTop;
    doc = frameElement.ownerDocument;
  }
  if (!doc) return undefined;
  const offset = replayIframe.offsetTop; // the iframe sits at the top of rrweb's wrapper
  return new DOMRect(left + replayIframe.offsetLeft, top + offset, r.width, r.height);
}
