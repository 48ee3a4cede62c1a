/**
 * Recorded errors: type, message and time (a button that seeks to the error), then the stack.
 * Frames mapped to workspace source are buttons that ask the host to open the file at the line;
 * library frames (node_modules, not in_app) are dimmed.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import type { SourceLocation, StackFrame } from '../src/core/model';
import type { ErrorReport } from '../src/core/report';
import { h, icon } from './dom';
import { formatTime, spokenTime } from './format';

export interface ErrorPanelOptions {
  onSeek(atMs: number): void;
  onOpenSource(location: SourceLocation): void;
}

export class ErrorPanel {
  readonly element: HTMLElement;
  private readonly count: HTMLElement;
  private readonly body: HTMLElement;

  constructor(private readonly opts: ErrorPanelOptions) {
    this.count = h('vscode-badge', { attrs: { variant: 'counter', 'aria-hidden': 'true' } });
    this.body = h('div', { className: 'error-body' });
    this.element = h(
      'section',
      { className: 'panel errors', attrs: { 'aria-labelledby': 'errors-heading' } },
      h('h2', { attrs: { id: 'errors-heading' } }, icon('error'), 'Errors ', this.count),
      this.body,
    );
    this.setErrors(undefined);
  }

  /** `undefined` while the analysis is pending. */
  setErrors(errors: readonly ErrorReport[] | undefined): void {
    this.count.textContent = errors ? String(errors.length) : '…';
    if (!errors) {
      this.body.replaceChildren(h('p', { className: 'empty', attrs: { role: 'status' } }, 'Analyzing the recording…'));
      return;
    }
    if (errors.length === 0) {
      this.body.replaceChildren(h('p', { className: 'empty' }, icon('pass'), ' No errors recorded.'));
      return;
    }
    const sorted = [...errors].sort((a, b) => a.atMs - b.atMs);
    this.body.replaceChildren(h('ul', { className: 'error-list', attrs: { 'aria-label': 'Recorded errors' } }, ...sorted.map((e) => this.renderError(e))));
  }

  private renderError(error: ErrorReport): HTMLElement {
    const title = `${error.type}: ${error.message}${error.handled ? ' (handled)' : ''}`;
    return h(
      'li',
      { className: 'error-item', attrs: { 'data-testid': 'error-item' } },
      h(
        'button',
        {
          className: 'error-seek',
          attrs: { type: 'button', 'data-testid': 'error-seek', 'aria-label': `${title}, at ${spokenTime(error.atMs)}. Seek to it.`, title: 'Seek to this error' },
          on: { click: () => this.opts.onSeek(error.atMs) },
        },
        icon(error.handled ? 'info' : 'error', 'error-icon'),
        h('span', { className: 'error-text' }, h('span', { className: 'error-type' }, error.type), ': ', h('span', { className: 'error-message' }, error.message)),
        ...(error.handled ? [h('span', { className: 'meta error-handled', attrs: { title: 'The app caught this error' } }, 'handled')] : []),
        h('span', { className: 'time' }, formatTime(error.atMs)),
      ),
      error.frames.length > 0
        ? h('ol', { className: 'frames', attrs: { 'aria-label': `Stack of ${error.type}` } }, ...error.frames.map((f) => this.renderFrame(f)))
        : h('p', { className: 'meta' }, 'No stack trace recorded.'),
    );
  }

  private renderFrame(frame: StackFrame): HTMLElement {
    const name = frame.function || '(anonymous)';
    const className = frame.library ? 'frame library' : 'frame';
    if (frame.source) {
      const { file, line, column } = frame.source;
      return h(
        'li',
        { className },
        h(
          'button',
          {
            className: 'link frame-link',
            attrs: { type: 'button', 'data-testid': 'frame-link', title: frameGenerated(frame), 'aria-label': `${name}, open ${file} line ${line}` },
            on: { click: () => this.opts.onOpenSource({ file, line, column }) },
          },
          h('span', { className: 'fn' }, name),
          ' ',
          h('span', { className: 'loc' }, `${file}:${line}:${column}`),
        ),
      );
    }
    return h('li', { className, attrs: { title: frameGenerated(frame) } }, h('span', { className: 'fn' }, name), ' ', h('span', { className: 'loc' }, shortLocation(frame)));
  }
}

function frameGenerated(frame: StackFrame): string {
  if (!frame.url) return '';
  return `${frame.url}${frame.line !== undefined ? `:${frame.line}` : ''}${frame.column !== undefined ? `:${frame.column}` : ''}`;
}

function shortLocation(frame: StackFrame): string {
  if (!frame.url) return '';
  const base = frame.url.replace(/[?#].*$/, '').split('/').pop() || frame.url;
  return `${base}${frame.line !== undefined ? `:${frame.line}` : ''}${frame.column !== undefined ? `:${frame.column}` : ''}`;
}
