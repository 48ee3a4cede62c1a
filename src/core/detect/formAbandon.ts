/**
 * Form abandonment: the user typed into a form (text inputs, textarea, contenteditable) and then
 * left — navigated away or the session (their tab's recording) ended — without a submit or a
 * button click in it. A form is the field's `<form>` or, without one, its field group: the nearest
 * ancestor that also holds a submit-like control (formGroup.ts). A click on a button-like target
 * inside the `<form>` (or a button naming it with `form=`) settles the form; a click on a
 * submit-like control inside a group settles the group. Settling a form or group settles the
 * groups nested in it (a "show password" button makes a group of its own inside the login box),
 * and nested groups still open are judged with the group around them: one struggle per form. A
 * navigation within submitNavigationMs of the last keystroke with no click between (an Enter-key
 * submit) settles it too. A form that is removed from the page before the user leaves (a dialog
 * closed, a step replaced) is not judged. Typed values are never read.
 *
 * The struggle is at the moment the user left (the click that led away, else the navigation);
 * when the recording simply ends, at the last keystroke.
 */
import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import type { ElementInfo, RecordingEvent, Struggle } from '../model';
import type { NodeMirror } from '../recording/mirror';
import type { EventObserver, PassContext } from '../recording/observer';
import type { DetectConfig } from './config';
import { clamp01 } from '../numbers';
import { targetOf } from './struggleTarget';
import { pathOf, seconds } from './wording';
import { quickDescribe, quickSelector } from './describe';
import { resolveTarget } from './target';
import { formOf, groupOfControl, isInside, isSubmitLike, isTextField, ownControlOf, type FormKind } from './formGroup';

interface FormState {
  formId: number;
  kind: FormKind;
  /** A group whose own control was clicked: judged with a group around it that was not. */
  settled?: boolean;
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
  /** The window's latest event: where its recording ends. */
  lastAtMs: number;
  /** The form of each field typed into, as of a mirror version (groups move as the page changes). */
  fieldForms: Map<number, { version: number; form: ReturnType<typeof formOf> }>;
  url: string;
  mirror?: NodeMirror;
}

export class FormAbandonDetector implements EventObserver {
  readonly struggles: Struggle[] = [];
  private readonly windows = new Map<string, WindowState>();
  /** The session's last event (a window may end before it). */
  private lastAtMs = 0;

  constructor(private readonly config: DetectConfig) {}

  onEvent(event: RecordingEvent, ctx: PassContext): void {
    const key = ctx.windowId ?? '';
    let state = this.windows.get(key);
    if (!state) this.windows.set(key, (state = { forms: new Map(), lastClickAtMs: -Infinity, lastAtMs: ctx.atMs, fieldForms: new Map(), url: ctx.url }));
    state.lastAtMs = ctx.atMs;
    this.lastAtMs = ctx.atMs;
    state.mirror = ctx.mirror;
    const navigated = ctx.url !== state.url && state.url !== '';
    if (navigated && state.forms.size) {
      // Leaving the URL: judge the forms typed into.
      this.leave(state, ctx.atMs, 'navigation');
      state.forms.clear();
    }
    // A new document under the same URL (reload, or an rrweb checkout): node ids restart and
    // there is no telling a reload from a checkout, so the forms are not judged.
    if (event.type === EventType.FullSnapshot) {
      state.forms.clear();
      state.fieldForms.clear();
    }
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
    // Each window's recording ends with its own last event (a tab left alone ends before the session).
    for (const state of this.windows.values()) {
      if (state.forms.size) this.leave(state, state.lastAtMs, 'session end');
      state.forms.clear();
    }
  }

  private input(state: WindowState, id: number, ctx: PassContext): void {
    const node = ctx.mirror.getNode(id);
    if (!node || !isTextField(node)) return;
    const found = this.formOfField(state, ctx.mirror, id);
    if (!found) return;
    const formId = found.id;
    let form = state.forms.get(formId);
    if (!form) {
      form = { formId, kind: found.kind, firstInputAtMs: ctx.atMs, lastInputAtMs: ctx.atMs, fields: new Map(), url: ctx.url };
      // The page-wide (exact) description waits until the form is judged abandoned: most forms
      // typed into are submitted.
      const quick = quickDescribe(ctx.mirror, formId);
      if (quick) form.quick = quick;
      state.forms.set(formId, form);
    }
    form.lastInputAtMs = ctx.atMs;
    if (!form.fields.has(id)) form.fields.set(id, quickSelector(ctx.mirror, id) ?? '');
  }

  /** The form of a typed field, recomputed only when the page has changed since. */
  private formOfField(state: WindowState, mirror: NodeMirror, id: number): ReturnType<typeof formOf> {
    const cached = state.fieldForms.get(id);
    if (cached && cached.version === mirror.version) return cached.form;
    const form = formOf(mirror, id);
    state.fieldForms.set(id, { version: mirror.version, form });
    return form;
  }

  private click(state: WindowState, id: number, ctx: PassContext): void {
    const resolved = resolveTarget(ctx.mirror, id, ctx.url);
    if (!resolved || !resolved.interactive || resolved.textEntry) return;
    const target = ctx.mirror.getNode(resolved.nodeId);
    if (!target) return;
    const why = resolved.why ?? '';
    const submitLike = isSubmitLike(target);
    // In a <form>, any button click counts (struggles.md); links and onclick handlers styled as
    // buttons too. A checkbox, radio or picker is filling the form in, not leaving it.
    const buttonLike = submitLike || why === 'button' || why === 'input[type=reset]' || why === 'a[href]' || why === 'onclick';
    if (!buttonLike) return;
    const named = target.attributes.form;
    for (const form of [...state.forms.values()]) {
      if (form.kind !== 'form') continue;
      const inside = resolved.chain.some((s) => s.nodeId === form.formId);
      const byName = named !== undefined && ctx.mirror.getNode(form.formId)?.attributes.id === named;
      if (inside || byName) state.forms.delete(form.formId);
    }
    // A submit-like control settles the groups of the fields around it: those inside its nearest
    // ancestor holding a text field ("Sign in" the login box, "show password" only the password's).
    if (!submitLike) return;
    const owner = groupOfControl(ctx.mirror, target.id);
    if (owner === undefined) return;
    for (const form of state.forms.values()) {
      if (form.kind === 'group' && isInside(ctx.mirror, form.formId, owner)) form.settled = true;
    }
  }

  private leave(state: WindowState, atMs: number, how: 'navigation' | 'session end'): void {
    const mirror = state.mirror;
    const open = [...state.forms.values()].filter((form) => !mirror?.isDetached(form.formId));
    // Groups are judged with the outermost group around them: one struggle per form, settled when
    // that group's own control was clicked (the groups inside it with it).
    const judged: FormState[] = [];
    for (const form of open) {
      const outer = form.kind === 'group' && mirror ? outermostGroup(mirror, form, open) : form;
      if (outer !== form) {
        for (const [fieldId, selector] of form.fields) if (!outer.fields.has(fieldId)) outer.fields.set(fieldId, selector);
        outer.firstInputAtMs = Math.min(outer.firstInputAtMs, form.firstInputAtMs);
        outer.lastInputAtMs = Math.max(outer.lastInputAtMs, form.lastInputAtMs);
      } else if (!form.settled) judged.push(form);
    }
    for (const form of judged) {
      if (how === 'navigation' && state.lastClickAtMs < form.lastInputAtMs && atMs - form.lastInputAtMs <= this.config.formAbandon.submitNavigationMs) continue;
      const fields = [...form.fields.values()].filter(Boolean);
      // The moment they left: the click that led away (after the last keystroke), else the navigation.
      const leftAtMs = how === 'navigation' && state.lastClickAtMs > form.lastInputAtMs ? state.lastClickAtMs : atMs;
      // Leaving is seen before the next page replaces this one: the form is still in the mirror.
      const info = state.mirror?.describe(form.formId) ?? form.quick;
      const group = form.kind === 'group';
      // Evidence for a group: the control that would have submitted it.
      const controlId = group && mirror ? ownControlOf(mirror, form.formId) : undefined;
      const control = controlId !== undefined && mirror ? mirror.selectorFor(controlId) : '';
      const where = info ? `${group ? 'the field group ' : ''}${info.selector}` : group ? 'a field group' : 'a form';
      const struggle: Struggle = {
        id: '',
        kind: 'form-abandon',
        atMs: how === 'navigation' ? leftAtMs : form.lastInputAtMs,
        durationMs: Math.max(0, leftAtMs - form.firstInputAtMs),
        url: form.url,
        severity: 'low',
        // A group is inferred from the page's layout: a little less sure than a <form>.
        confidence: clamp01((how === 'navigation' ? 0.65 : 0.5) - (group ? 0.1 : 0)),
        summary: `Typed into ${form.fields.size} field${form.fields.size === 1 ? '' : 's'} of ${where} on ${pathOf(form.url)}, then ${how === 'navigation' ? 'left' : atMs < this.lastAtMs ? "their tab's recording ended" : 'ended the session'} ${seconds(Math.max(0, leftAtMs - form.lastInputAtMs))} later without submitting`,
        details: {
          fields,
          fieldCount: form.fields.size,
          firstInputAtMs: form.firstInputAtMs,
          lastInputAtMs: form.lastInputAtMs,
          leftAtMs,
          leftBy: how,
          formKind: group ? 'field group' : 'form',
          ...(control ? { control } : {}),
        },
        sources: [],
      };
      if (info) {
        struggle.target = targetOf(info);
        // A group's text holds what its fields show; typed text may be among it (contenteditable).
        if (group) delete struggle.target.text;
      }
      this.struggles.push(struggle);
    }
  }
}

/** The outermost of the open groups containing `form`'s group (itself when none does). */
function outermostGroup(mirror: NodeMirror, form: FormState, open: readonly FormState[]): FormState {
  let outer = form;
  for (const other of open) {
    if (other !== form && other.kind === 'group' && other.formId !== outer.formId && isInside(mirror, outer.formId, other.formId)) outer = other;
  }
  return outer;
}
