/**
 * The only way the webview builds DOM. Recorded text (selectors, summaries, error messages, URLs,
 * function names) goes in as text nodes and attribute values — never through innerHTML — so a
 * recording that carries markup shows it literally. Event-handler attributes are refused outright.
 */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  className?: string;
  /** Attribute values are set with setAttribute: stored as text, never parsed as HTML. */
  attrs?: Record<string, string | number | boolean | undefined>;
  /** Listeners are attached with addEventListener; there are no inline handlers. */
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props, ...children: Child[]): HTMLElement;
export function h(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) setAttr(element, name, value);
  for (const [type, listener] of Object.entries(props.on ?? {})) {
    if (listener) element.addEventListener(type, listener as EventListener);
  }
  append(element, ...children);
  return element;
}

export function setAttr(element: Element, name: string, value: string | number | boolean | undefined): void {
  if (/^on/i.test(name)) throw new Error(`refusing to set the event-handler attribute ${name}`);
  if (value === undefined || value === false) element.removeAttribute(name);
  else element.setAttribute(name, value === true ? '' : String(value));
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** A codicon (font from @vscode/codicons); decorative, hidden from screen readers. */
export function icon(name: string, className = ''): HTMLElement {
  return h('span', { className: `codicon codicon-${name} ${className}`.trim(), attrs: { 'aria-hidden': 'true' } });
}
