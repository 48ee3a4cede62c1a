/**
 * rrweb-player wrapped for the webview: created paused with the markers' tags, the replay iframe
 * left as rrweb makes it (`sandbox="allow-same-origin"`, no scripts — never UNSAFE_replayCanvas),
 * the mouse tail off under reduced motion, and the player's controls given accessible names.
 */
import rrwebPlayer from 'rrweb-player';
import type { RecordingEvent } from '../src/core/model';
import { setAttr } from './dom';
import { formatTime, spokenTime } from './format';

/** The controls rrweb-player draws under the replay. */
export const CONTROLS_HEIGHT = 80;
export const SPEEDS = [1, 2, 4, 8];

/** Svelte component methods the player has; its typings import them from `svelte`, not installed. */
interface SvelteComponentMethods {
  $set(props: Record<string, unknown>): void;
  $destroy(): void;
}
type RawPlayer = rrwebPlayer & SvelteComponentMethods;
export type Replayer = ReturnType<rrwebPlayer['getReplayer']>;
type PlayerEvents = ConstructorParameters<typeof rrwebPlayer>[0]['props']['events'];

export interface ReplayOptions {
  container: HTMLElement;
  events: RecordingEvent[];
  tags: Record<string, string>;
  width: number;
  height: number;
  reducedMotion: boolean;
}

export class ReplayPlayer {
  private readonly raw: RawPlayer;
  private readonly timeListeners: Array<(ms: number) => void> = [];
  private readonly stateListeners: Array<(playing: boolean) => void> = [];
  private readonly observer: MutationObserver;
  private playing = false;
  readonly totalTimeMs: number;

  constructor(options: ReplayOptions) {
    this.raw = new rrwebPlayer({
      target: options.container,
      props: {
        // rrweb's own event type; the host validated the envelope of every event.
        events: options.events as PlayerEvents,
        autoPlay: false,
        skipInactive: true,
        speedOption: SPEEDS,
        tags: options.tags,
        width: options.width,
        height: options.height,
        mouseTail: !options.reducedMotion,
        // Replaying a recorded focus would move the keyboard focus into the replay iframe and
        // strand keyboard users there (our shortcuts and the list stop receiving keys).
        triggerFocus: false,
        inactiveColor: 'var(--vscode-disabledForeground, #888888)',
      },
    }) as RawPlayer;
    this.totalTimeMs = this.raw.getMetaData().totalTime;
    this.raw.addEventListener('ui-update-current-time', (event) => {
      const ms = payloadOf(event);
      if (typeof ms !== 'number') return;
      this.updateSlider(ms);
      for (const listener of this.timeListeners) listener(ms);
    });
    this.raw.addEventListener('ui-update-player-state', (event) => {
      const state = payloadOf(event);
      if (state !== 'playing' && state !== 'paused') return;
      this.playing = state === 'playing';
      this.labelPlayButton();
      for (const listener of this.stateListeners) listener(this.playing);
    });
    this.observer = new MutationObserver(() => this.labelSpeedButtons());
    this.labelControls(options.container);
    // The replayed page is a picture of the recording, not something to operate: keep it out of
    // the tab order (keys pressed inside it would not reach our shortcuts) but give it a name.
    setAttr(this.iframe, 'tabindex', -1);
    setAttr(this.iframe, 'title', 'Replayed page (read-only)');
  }

  get replayer(): Replayer {
    return this.raw.getReplayer();
  }

  /** The element that holds the replay iframe, scaled with it (overlays go in here). */
  get wrapper(): HTMLElement | undefined {
    return this.replayer.wrapper as HTMLElement | undefined;
  }

  get iframe(): HTMLIFrameElement {
    return this.replayer.iframe;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  currentTimeMs(): number {
    return Math.min(this.totalTimeMs, Math.max(0, this.replayer.getCurrentTime()));
  }

  /** Jumps to a moment, paused unless `play`. */
  goto(ms: number, play = false): void {
    this.raw.goto(Math.min(this.totalTimeMs, Math.max(0, ms)), play);
  }

  toggle(): void {
    this.raw.toggle();
  }

  pause(): void {
    this.raw.pause();
  }

  onTime(listener: (ms: number) => void): void {
    this.timeListeners.push(listener);
  }

  onPlayingChange(listener: (playing: boolean) => void): void {
    this.stateListeners.push(listener);
  }

  resize(width: number, height: number): void {
    this.raw.$set({ width, height });
    this.raw.triggerResize();
  }

  destroy(): void {
    this.observer.disconnect();
    this.raw.$destroy();
  }

  /** The player's buttons are icons and bare numbers; give each a name a screen reader can say. */
  private labelControls(container: HTMLElement): void {
    const controller = container.querySelector('.rr-controller');
    if (!controller) return;
    const progress = controller.querySelector<HTMLElement>('.rr-progress');
    if (progress) {
      setAttr(progress, 'role', 'slider');
      setAttr(progress, 'tabindex', 0);
      setAttr(progress, 'aria-label', 'Playback position (Left and Right arrows seek 5 seconds)');
      setAttr(progress, 'aria-valuemin', 0);
      setAttr(progress, 'aria-valuemax', Math.round(this.totalTimeMs));
      this.updateSlider(0);
    }
    const buttons = controller.querySelector('.rr-controller__btns');
    if (buttons) {
      const all = buttons.querySelectorAll('button');
      if (all.length > 0) setAttr(all[all.length - 1], 'aria-label', 'Full screen');
      // The switch's <label> is the drawn toggle and its text sits in an unrelated span.
      const skip = buttons.querySelector('.switch input[type="checkbox"]');
      if (skip) {
        setAttr(skip, 'aria-label', 'Skip inactive periods');
        setAttr(skip, 'role', 'switch');
      }
      this.labelPlayButton();
      this.labelSpeedButtons();
      this.observer.observe(buttons, { subtree: true, attributes: true, attributeFilter: ['class'] });
    }
  }

  private updateSlider(ms: number): void {
    const progress = this.raw.getReplayer().wrapper?.closest('.rr-player')?.querySelector('.rr-progress');
    if (!progress) return;
    setAttr(progress, 'aria-valuenow', Math.round(ms));
    setAttr(progress, 'aria-valuetext', `${formatTime(ms)} of ${formatTime(this.totalTimeMs)} (${spokenTime(ms)})`);
  }

  private labelPlayButton(): void {
    const button = this.controlButtons()[0];
    if (button) setAttr(button, 'aria-label', this.playing ? 'Pause (Space)' : 'Play (Space)');
  }

  private labelSpeedButtons(): void {
    for (const button of this.controlButtons()) {
      const speed = /^(\d+)x$/.exec(button.textContent?.trim() ?? '')?.[1];
      if (!speed) continue;
      const label = `Speed ${speed}×`;
      if (button.getAttribute('aria-label') !== label) setAttr(button, 'aria-label', label);
      const pressed = String(button.classList.contains('active'));
      if (button.getAttribute('aria-pressed') !== pressed) setAttr(button, 'aria-pressed', pressed);
    }
  }

  private controlButtons(): HTMLButtonElement[] {
    const root = this.raw.getReplayer().wrapper?.closest('.rr-player');
    return root ? [...root.querySelectorAll<HTMLButtonElement>('.rr-controller__btns > button')] : [];
  }
}

function payloadOf(event: unknown): unknown {
  return typeof event === 'object' && event !== null && 'payload' in event ? (event as { payload: unknown }).payload : undefined;
}
