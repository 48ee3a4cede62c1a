/**
 * The struggle list: an ARIA listbox (one tab stop, arrows move and select, Home/End), one option
 * per struggle in time order with its kind, time, severity and target, and below it the selected
 * struggle's summary and source links. Selecting seeks the player and highlights the target.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import type { SourceLocation, Struggle } from '../src/core/model';
import { h, icon, setAttr } from './dom';
import { formatTime, kindStyle, spokenTime } from './format';

export interface StruggleListOptions {
  onSelect(struggle: Struggle): void;
  onOpenSource(location: SourceLocation): void;
  reducedMotion(): boolean;
}

export class StruggleList {
  readonly element: HTMLElement;
  private readonly count: HTMLElement;
  private readonly body: HTMLElement;
  private readonly details: HTMLElement;
  private struggles: Struggle[] = [];
  private options: HTMLElement[] = [];
  private listbox: HTMLElement | undefined;
  private selected = -1;

  constructor(private readonly opts: StruggleListOptions) {
    this.count = h('vscode-badge', { attrs: { variant: 'counter', 'aria-hidden': 'true' } });
    this.body = h('div', { className: 'struggle-body' });
    this.details = h('div', { className: 'struggle-details', attrs: { 'aria-live': 'polite' } });
    this.element = h(
      'section',
      { className: 'panel struggles', attrs: { 'aria-labelledby': 'struggles-heading' } },
      h('h2', { attrs: { id: 'struggles-heading' } }, icon('warning'), 'Struggles ', this.count),
      this.body,
      this.details,
    );
    this.setStruggles(undefined);
  }

  get selectedId(): string | undefined {
    return this.struggles[this.selected]?.id;
  }

  /** `undefined` while the analysis is pending. */
  setStruggles(struggles: readonly Struggle[] | undefined): void {
    const previous = this.selectedId;
    this.struggles = struggles ? [...struggles].sort((a, b) => a.atMs - b.atMs || a.id.localeCompare(b.id)) : [];
    this.options = [];
    this.selected = -1;
    this.listbox = undefined;
    this.details.replaceChildren();
    this.count.textContent = struggles ? String(this.struggles.length) : '…';
    if (!struggles) {
      this.body.replaceChildren(h('p', { className: 'empty', attrs: { role: 'status' } }, icon('loading', 'codicon-modifier-spin'), ' Analyzing the recording…'));
      return;
    }
    if (this.struggles.length === 0) {
      this.body.replaceChildren(h('p', { className: 'empty' }, icon('pass'), ' No struggles found in this recording.'));
      return;
    }
    this.options = this.struggles.map((s, index) => this.renderOption(s, index));
    this.listbox = h(
      'ul',
      {
        className: 'struggle-list',
        attrs: { role: 'listbox', 'aria-label': 'Struggles, in time order', 'data-testid': 'struggle-list' },
        on: { keydown: (e) => this.onKeyDown(e) },
      },
      ...this.options,
    );
    setAttr(this.options[0], 'tabindex', 0);
    this.body.replaceChildren(this.listbox);
    if (previous) this.select(previous, { notify: false });
  }

  /** Selects by id; `notify` runs onSelect (seek + highlight). Returns the struggle, if found. */
  select(id: string, { notify = true, focus = false } = {}): Struggle | undefined {
    const index = this.struggles.findIndex((s) => s.id === id);
    if (index < 0) return undefined;
    this.selectIndex(index, notify, focus);
    return this.struggles[index];
  }

  /** The next (or previous) struggle from the selection, or from `atMs` when none is selected. */
  step(direction: 1 | -1, atMs: number): Struggle | undefined {
    if (this.struggles.length === 0) return undefined;
    let index: number;
    if (this.selected >= 0) {
      index = this.selected + direction;
    } else if (direction > 0) {
      index = this.struggles.findIndex((s) => s.atMs > atMs + 1);
    } else {
      index = -1;
      this.struggles.forEach((s, i) => {
        if (s.atMs < atMs - 1) index = i;
      });
    }
    if (index < 0 || index >= this.struggles.length) return undefined;
    this.selectIndex(index, true, this.listbox?.contains(document.activeElement) ?? false);
    return this.struggles[index];
  }

  private renderOption(s: Struggle, index: number): HTMLElement {
    const style = kindStyle(s.kind);
    const kindIcon = icon(style.icon, 'kind-icon');
    kindIcon.style.color = style.color;
    const target = s.target?.selector ?? s.url;
    const option = h(
      'li',
      {
        className: `struggle severity-${s.severity}`,
        attrs: {
          role: 'option',
          id: `struggle-option-${index}`,
          'aria-selected': 'false',
          tabindex: -1,
          'data-struggle-id': s.id,
          'data-kind': s.kind,
          'aria-label': `${style.label} at ${spokenTime(s.atMs)}, ${s.severity} severity, ${s.target ? 'on' : 'page'} ${target}`,
        },
        on: {
          click: () => this.selectIndex(index, true, true),
        },
      },
      h(
        'div',
        { className: 'struggle-line' },
        kindIcon,
        h('span', { className: 'kind' }, style.label),
        h('span', { className: 'time' }, formatTime(s.atMs)),
        h('vscode-badge', { className: `severity severity-${s.severity}` }, s.severity),
      ),
      h('div', { className: 'target', attrs: { title: target } }, target),
    );
    return option;
  }

  private selectIndex(index: number, notify: boolean, focus: boolean): void {
    const previous = this.options[this.selected];
    if (previous) {
      setAttr(previous, 'aria-selected', 'false');
      setAttr(previous, 'tabindex', -1);
    }
    for (const option of this.options) setAttr(option, 'tabindex', -1);
    this.selected = index;
    const option = this.options[index];
    setAttr(option, 'aria-selected', 'true');
    setAttr(option, 'tabindex', 0);
    if (this.listbox) setAttr(this.listbox, 'aria-activedescendant', option.id);
    if (focus) option.focus({ preventScroll: true });
    option.scrollIntoView({ block: 'nearest', behavior: this.opts.reducedMotion() ? 'auto' : 'smooth' });
    this.renderDetails(this.struggles[index]);
    if (notify) this.opts.onSelect(this.struggles[index]);
  }

  private renderDetails(s: Struggle): void {
    const style = kindStyle(s.kind);
    const sources = s.sources.map((src) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            className: 'link',
            attrs: { type: 'button', 'data-testid': 'source-link', title: src.reason, 'aria-label': `Open ${src.file} line ${src.line}: ${src.reason}` },
            on: { click: () => this.opts.onOpenSource({ file: src.file, line: src.line, column: src.column }) },
          },
          icon('go-to-file'),
          ` ${src.file}:${src.line}:${src.column}`,
        ),
        h('span', { className: 'confidence' }, ` ${Math.round(src.confidence * 100)}%`),
      ),
    );
    this.details.replaceChildren(
      h('h3', {}, `${style.label} · ${formatTime(s.atMs)}`),
      h('p', { className: 'summary', attrs: { 'data-testid': 'struggle-summary' } }, s.summary),
      h('p', { className: 'meta' }, `Confidence ${Math.round(s.confidence * 100)}% · ${s.url}`),
      sources.length > 0 ? h('ul', { className: 'sources', attrs: { 'aria-label': 'Linked source' } }, ...sources) : h('p', { className: 'meta' }, 'No source location linked.'),
    );
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (this.options.length === 0) return;
    // Move from the focused option (the selection follows focus).
    const focused = this.options.indexOf(event.target as HTMLElement);
    const current = focused >= 0 ? focused : Math.max(0, this.selected);
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = Math.min(this.options.length - 1, focused < 0 && this.selected < 0 ? 0 : current + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, current - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = this.options.length - 1;
        break;
      case 'Enter':
      case ' ':
        next = current;
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
    if (next !== this.selected || event.key === 'Enter' || event.key === ' ') this.selectIndex(next, true, true);
  }
}
