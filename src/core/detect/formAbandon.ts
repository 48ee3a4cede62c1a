/**
 * Form abandonment: the user typed into a form (text inputs, textarea, contenteditable inside a
 * `<form>`) and then left — navigated away or the session ended — without a submit or a button
 * click in it. A click on a button-like target inside the form (or a button naming it with
 * `form=`) settles the form; so does a navigation within submitNavigationMs of the last keystroke
 * with no click between (an Enter-key submit). A form that is removed from the page before the
 * user leaves (a dialog closed, a step replaced) is not judged. Typed values are never read.
 *
 * The struggle is at the moment the user left (the click that led away, else the navigation);
 * when the session simply ends, at the last keystroke.
 */
import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import type { ElementInfo, RecordingEvent, Struggle } from '../model';
import type { NodeMirror } from '../recording/mirror';
import type { EventObserver, PassContext } from '../recording/pass';
import type { DetectConfig } from './config';
import { clamp01, pathOf, seconds, targetOf } from './text';
import { quickDescribe, quickSelector } from './describe';
import { resolveTarget } from './target';

const TEXT_INPUT_TYPES = new Set(['', 'text', 'email', 'password', 'search', 'tel', 'url', 'number']);

interface FormState {
  formId: number;
  firstInputAtMs: number;
  lastInputAtMs: number;
  fields: Map<number, string>;
  /** The form as the first keystroke found it (quick description); the exact one is made on leaving. */
  quick?: ElementInfo;
  url: string;
}

interface WindowState {
  forms: Map<number, FormState>;
  lastClickAtMs: number;
  url: string;
  mirror?: NodeMirror;
}

export class FormAbandonDetector implements EventObserver {
  readonly struggles: Struggle[] = [];
  private readonly windows = new Map<string, WindowState>();
  private lastAtMs = 0;

  constructor(private readonly config: DetectConfig) {}

  onEvent(event: RecordingEvent, ctx: PassContext): void {
    this.lastAtMs = ctx.atMs;
    const key = ctx.windowId ?? '';
    let state = this.windows.get(key);
    if (!state) this.windows.set(key, (state = { forms: new Map(), lastClickAtMs: -Infinity, url: ctx.url }));
    state.mirror = ctx.mirror;
    const navigated = ctx.url !== state.url && state.url !== '';
    if (navigated && state.forms.size) {
      // Leaving the URL: judge the forms typed into.
      this.leave(state, ctx.atMs, 'navigation');
      state.forms.clear();
    }
    // A new document under the same URL (reload, or an rrweb checkout): node ids restart and
    // there is no telling a reload from a checkout, so the forms are not judged.
    if (event.type === EventType.FullSnapshot) state.forms.clear();
    state.url = ctx.url;
    if (event.type !== EventType.IncrementalSnapshot) return;
    const data = event.data;
    if (data?.source === IncrementalSource.Input && data.userTriggered !== false && typeof data.id === 'number') {
      this.input(state, data.id, ctx);
    } else if (data?.source === IncrementalSource.MouseInteraction && data.type === MouseInteractions.Click && typeof data.id === 'number') {
      state.lastClickAtMs = ctx.atMs;
      if (state.forms.size) this.click(state, data.id, ctx);
    }
  }

  finish(): void {
    for (const state of this.windows.values()) {
      if (state.forms.size) this.leave(state, this.lastAtMs, 'session end');
      state.forms.clear();
    }
  }

  private input(state: WindowState, id: number, ctx: PassContext): void {
    const node = ctx.mirror.getNode(id);
    if (!node || !node.tagName) return;
    const tag = node.tagName;
    const editable = node.attributes.contenteditable;
    const typed =
      tag === 'textarea' ||
      (tag === 'input' && TEXT_INPUT_TYPES.has((node.attributes.type ?? '').toLowerCase())) ||
      (editable !== undefined && editable.toLowerCase() !== 'false');
    if (!typed) return;
    const formId = formOf(ctx.mirror, id);
    if (formId === undefined) return;
    let form = state.forms.get(formId);
    if (!form) {
      form = { formId, firstInputAtMs: ctx.atMs, lastInputAtMs: ctx.atMs, fields: new Map(), url: ctx.url };
      // The page-wide (exact) description waits until the form is judged abandoned: most forms
      // typed into are submitted.
      const quick = quickDescribe(ctx.mirror, formId);
      if (quick) form.quick = quick;
      state.forms.set(formId, form);
    }
    form.lastInputAtMs = ctx.atMs;
    if (!form.fields.has(id)) form.fields.set(id, quickSelector(ctx.mirror, id) ?? '');
  }

  private click(state: WindowState, id: number, ctx: PassContext): void {
    const resolved = resolveTarget(ctx.mirror, id, ctx.url);
    if (!resolved || !resolved.interactive || resolved.textEntry) return;
    const target = ctx.mirror.getNode(resolved.nodeId);
    const why = resolved.why ?? '';
    const buttonLike = why === 'button' || why.startsWith('input[type=') || why === 'role=button' || why === 'a[href]' || why === 'onclick';
    if (!buttonLike) return;
    const named = target?.attributes.form;
    for (const form of state.forms.values()) {
      const inside = resolved.chain.some((s) => s.nodeId === form.formId);
      const byName = named !== undefined && ctx.mirror.getNode(form.formId)?.attributes.id === named;
      if (inside || byName) state.forms.delete(form.formId);
    }
  }

  private leave(state: WindowState, atMs: number, how: 'navigation' | 'session end'): void {
    for (const form of state.forms.values()) {
      if (state.mirror?.isDetached(form.formId)) continue;
      if (how === 'navigation' && state.lastClickAtMs < form.lastInputAtMs && atMs - form.lastInputAtMs <= this.config.formAbandon.submitNavigationMs) continue;
      const fields = [...form.fields.values()].filter(Boolean);
      // The moment they left: the click that led away (after the last keystroke), else the navigation.
      const leftAtMs = how === 'navigation' && state.lastClickAtMs > form.lastInputAtMs ? state.lastClickAtMs : atMs;
      // Leaving is seen before the next page replaces this one: the form is still in the mirror.
      const info = state.mirror?.describe(form.formId) ?? form.quick;
      const where = info ? info.selector : 'a form';
      const struggle: Struggle = {
        id: '',
        kind: 'form-abandon',
        atMs: how === 'navigation' ? leftAtMs : form.lastInputAtMs,
        durationMs: Math.max(0, leftAtMs - form.firstInputAtMs),
        url: form.url,
        severity: 'low',
        confidence: clamp01(how === 'navigation' ? 0.65 : 0.5),
        summary: `Typed into ${form.fields.size} field${form.fields.size === 1 ? '' : 's'} of ${where} on ${pathOf(form.url)}, then ${how === 'navigation' ? 'left' : 'ended the session'} ${seconds(Math.max(0, leftAtMs - form.lastInputAtMs))} later without submitting`,
        details: {
          fields,
          fieldCount: form.fields.size,
          firstInputAtMs: form.firstInputAtMs,
          lastInputAtMs: form.lastInputAtMs,
          leftAtMs,
          leftBy: how,
        },
        sources: [],
      };
      if (info) struggle.target = targetOf(info);
      this.struggles.push(struggle);
    }
  }
}

function formOf(mirror: NodeMirror, id: number): number | undefined {
  let cur: number | undefined = id;
  for (let steps = 0; cur !== undefined && steps < 10_000; steps++) {
    const node = mirror.getNode(cur);
    if (!node) return undefined;
    if (node.tagName === 'form') return node.id;
    cur = node.parentId;
  }
  return undefined;
}
