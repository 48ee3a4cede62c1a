/**
 * One open recording: the toolbar, the remote-resources notice, the player with its markers, and
 * the analysis panels, wired together (selecting a struggle seeks and highlights; playback moves
 * the metrics panel; the time is saved every 500 ms and on pause).
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { LoadRecordingParams, ReplayWebviewState } from '../src/protocol';
import type { SourceLocation, Struggle } from '../src/core/model';
import type { SessionReport } from '../src/core/report';
import { h, icon } from './dom';
import { ErrorPanel } from './errorPanel';
import { formatTime, kindStyle } from './format';
import { Highlighter, type HighlightState } from './highlight';
import { SHORTCUTS, installShortcuts } from './keyboard';
import { withMarkers } from './markers';
import { MetricsPanel } from './metricsPanel';
import { CONTROLS_HEIGHT, ReplayPlayer } from './player';
import { findRemoteResources } from './remoteAssets';
import { StruggleList } from './struggleList';

const SAVE_INTERVAL_MS = 500;
const NARROW_WIDTH = 760;

export interface ReplayHost {
  saveState(state: ReplayWebviewState): void;
  openSource(location: SourceLocation): void;
  copyLink(atMs: number): void;
}

const reducedMotionQuery = window.matchMedia('(prefers-reduced-motion: reduce)');

export class ReplayView {
  private player: ReplayPlayer | undefined;
  private analysis: SessionReport | undefined;
  private readonly playerHost: HTMLElement;
  private readonly timeLabel: HTMLElement;
  private readonly highlightStatus: HTMLElement;
  private readonly notices: HTMLElement;
  private readonly struggles: StruggleList;
  private readonly errors: ErrorPanel;
  private readonly metrics: MetricsPanel;
  private readonly highlighter: Highlighter;
  private readonly disposers: Array<() => void> = [];
  private saveTimer: number | undefined;

  constructor(
    root: HTMLElement,
    private readonly params: LoadRecordingParams,
    saved: ReplayWebviewState | undefined,
    private readonly host: ReplayHost,
  ) {
    this.struggles = new StruggleList({
      onSelect: (s) => this.focusStruggle(s, true),
      onOpenSource: (l) => host.openSource(l),
      reducedMotion: () => reducedMotionQuery.matches,
    });
    this.errors = new ErrorPanel({ onSeek: (ms) => this.seek(ms), onOpenSource: (l) => host.openSource(l) });
    this.metrics = new MetricsPanel();
    this.metrics.setBudgets(params.budgets);
    this.highlighter = new Highlighter(() => (this.player ? { replayer: this.player.replayer, wrapper: this.player.wrapper } : undefined));
    this.highlightStatus = h('span', { className: 'highlight-status meta', attrs: { role: 'status', 'data-testid': 'highlight-status' } });
    this.highlighter.onStateChange((state) => this.showHighlightState(state));

    this.timeLabel = h('span', { className: 'time-label', attrs: { 'data-testid': 'current-time' } }, formatTime(0));
    this.notices = h('div', { className: 'notices' });
    this.playerHost = h('div', { className: 'player', attrs: { role: 'region', 'aria-label': `Replay of ${params.fileName}` } });

    const copyButton = h(
      'vscode-button',
      { attrs: { secondary: true, 'data-testid': 'copy-link', title: 'Copy a vscode:// link that opens this recording at this moment' }, on: { click: () => host.copyLink(this.currentTimeMs()) } },
      icon('link'),
      ' Copy link to this moment',
    );
    const shortcuts = h(
      'details',
      { className: 'shortcuts' },
      h('summary', {}, icon('keyboard'), ' Shortcuts'),
      h('dl', {}, ...SHORTCUTS.flatMap(([keys, action]) => [h('dt', {}, h('kbd', {}, keys)), h('dd', {}, action)])),
    );
    const toolbar = h(
      'header',
      { className: 'toolbar' },
      h('h1', { className: 'file-name', attrs: { title: params.fileName } }, icon('device-camera-video'), ' ', params.fileName),
      this.timeLabel,
      this.highlightStatus,
      h('span', { className: 'spacer' }),
      shortcuts,
      copyButton,
    );
    const side = h('aside', { className: 'side-pane', attrs: { 'aria-label': 'Analysis of the recording' } }, this.struggles.element, this.errors.element, this.metrics.element);
    root.replaceChildren(h('div', { className: 'layout' }, h('div', { className: 'replay-pane' }, toolbar, this.notices, this.playerHost), side));

    if (!params.allowRemoteAssets) this.showRemoteNotice(findRemoteResources(params.events).size);

    this.analysis = params.analysis;
    this.applyAnalysisToPanels();
    this.createPlayer(this.startTime(saved), false);
    this.restoreSelection(saved);

    this.disposers.push(
      installShortcuts({
        togglePlay: () => this.player?.toggle(),
        seekBy: (delta) => this.player && this.seek(this.currentTimeMs() + delta, undefined, this.player.isPlaying),
        previousStruggle: () => this.struggles.step(-1, this.currentTimeMs()),
        nextStruggle: () => this.struggles.step(1, this.currentTimeMs()),
      }),
    );
    const resize = new ResizeObserver(() => this.resizePlayer());
    resize.observe(this.playerHost);
    const onWindowResize = () => this.resizePlayer();
    window.addEventListener('resize', onWindowResize);
    this.disposers.push(() => resize.disconnect(), () => window.removeEventListener('resize', onWindowResize));
    this.saveTimer = window.setInterval(() => this.save(), SAVE_INTERVAL_MS);
  }

  get totalTimeMs(): number {
    return this.player?.totalTimeMs ?? 0;
  }

  currentTimeMs(): number {
    return this.player?.currentTimeMs() ?? 0;
  }

  /** A new or refreshed analysis: panels re-render and the player is rebuilt with its markers. */
  setAnalysis(analysis: SessionReport): void {
    const at = this.currentTimeMs();
    const wasPlaying = this.player?.isPlaying ?? false;
    const selected = this.struggles.selectedId;
    this.analysis = analysis;
    this.applyAnalysisToPanels();
    this.createPlayer(at, wasPlaying);
    if (selected) {
      const s = this.struggles.select(selected, { notify: false });
      if (s) this.highlighter.show(s.target?.nodeId);
    } else if (this.params.focusStruggleId) {
      this.restoreSelection(undefined);
    }
  }

  /** Jumps (paused unless `play`); with a struggle id, selects it and highlights its target. */
  seek(atMs: number, struggleId?: string, play = false): void {
    if (!this.player) return;
    if (struggleId) {
      const s = this.struggles.select(struggleId, { notify: false });
      this.player.goto(atMs, play);
      this.highlighter.show(s?.target?.nodeId);
    } else {
      this.player.goto(atMs, play);
      this.highlighter.scheduleUpdate();
    }
    this.onTime(this.currentTimeMs());
    if (!play) this.save();
  }

  dispose(): void {
    if (this.saveTimer !== undefined) window.clearInterval(this.saveTimer);
    for (const dispose of this.disposers.splice(0)) dispose();
    this.player?.destroy();
    this.player = undefined;
  }

  private startTime(saved: ReplayWebviewState | undefined): number {
    if (saved) return saved.currentTimeMs;
    if (this.params.startAtMs !== undefined) return this.params.startAtMs;
    const focus = this.params.focusStruggleId && this.analysis?.struggles.find((s) => s.id === this.params.focusStruggleId);
    return focus ? focus.atMs : 0;
  }

  private restoreSelection(saved: ReplayWebviewState | undefined): void {
    const id = saved?.selectedStruggleId ?? this.params.focusStruggleId;
    if (!id) return;
    const s = this.struggles.select(id, { notify: false });
    if (s) this.highlighter.show(s.target?.nodeId);
  }

  private focusStruggle(s: Struggle, seek: boolean): void {
    if (seek) this.player?.goto(s.atMs, false);
    this.highlighter.show(s.target?.nodeId);
    this.onTime(this.currentTimeMs());
    this.save();
  }

  private applyAnalysisToPanels(): void {
    const a = this.analysis;
    this.struggles.setStruggles(a?.struggles);
    this.errors.setErrors(a?.errors);
    this.metrics.setPages(a?.pages, this.currentTimeMs());
  }

  private createPlayer(startAtMs: number, play: boolean): void {
    this.player?.destroy();
    this.player = undefined;
    this.playerHost.replaceChildren();
    const { events, tags } = withMarkers(this.params.events, this.analysis);
    const size = this.playerSize();
    const player = new ReplayPlayer({ container: this.playerHost, events, tags, ...size, reducedMotion: reducedMotionQuery.matches });
    this.player = player;
    player.onTime((ms) => this.onTime(ms));
    player.onPlayingChange((playing) => {
      if (!playing) this.save();
    });
    player.goto(Math.min(Math.max(0, startAtMs), player.totalTimeMs), play);
    this.onTime(player.currentTimeMs());
  }

  private onTime(ms: number): void {
    const label = `${formatTime(ms)} / ${formatTime(this.totalTimeMs)}`;
    if (this.timeLabel.textContent !== label) this.timeLabel.textContent = label;
    this.metrics.update(ms);
    this.highlighter.scheduleUpdate();
  }

  private save(): void {
    if (!this.player) return;
    const selectedStruggleId = this.struggles.selectedId;
    this.host.saveState({ currentTimeMs: this.currentTimeMs(), ...(selectedStruggleId ? { selectedStruggleId } : {}) });
  }

  private playerSize(): { width: number; height: number } {
    const width = Math.max(240, Math.floor(this.playerHost.clientWidth || window.innerWidth - 16));
    const narrow = window.innerWidth < NARROW_WIDTH;
    const top = this.playerHost.getBoundingClientRect().top;
    const height = narrow ? Math.round(width * 0.6) : window.innerHeight - top - CONTROLS_HEIGHT - 12;
    return { width, height: Math.max(160, Math.floor(height)) };
  }

  private lastSize = '';
  private resizePlayer(): void {
    if (!this.player) return;
    const { width, height } = this.playerSize();
    const key = `${width}x${height}`;
    if (key === this.lastSize) return;
    this.lastSize = key;
    this.player.resize(width, height);
    this.highlighter.scheduleUpdate();
  }

  private showRemoteNotice(count: number): void {
    if (count === 0) return;
    const notice = h(
      'div',
      { className: 'notice', attrs: { role: 'status', 'data-testid': 'remote-notice' } },
      icon('shield'),
      h(
        'span',
        { className: 'notice-text' },
        `${count} remote resource${count === 1 ? '' : 's'} in this recording ${count === 1 ? 'was' : 'were'} blocked (setting: struggleLens.replay.allowRemoteAssets)`,
      ),
      h('button', { className: 'icon-button', attrs: { type: 'button', 'aria-label': 'Dismiss this notice', title: 'Dismiss' }, on: { click: () => this.dismissNotice(notice) } }, icon('close')),
    );
    this.notices.append(notice);
  }

  private dismissNotice(notice: HTMLElement): void {
    notice.remove();
    // Keep the keyboard focus in the page (on the timeline), and give the freed space to the player.
    this.playerHost.querySelector<HTMLElement>('.rr-progress')?.focus();
    this.resizePlayer();
  }

  private showHighlightState(state: HighlightState): void {
    const selected = this.struggles.selectedId;
    const s = selected ? this.analysis?.struggles.find((x) => x.id === selected) : undefined;
    const label = s ? kindStyle(s.kind).label.toLowerCase() : 'struggle';
    const text =
      state === 'missing' && s?.target
        ? `The ${label} target is not in the page at this moment`
        : state === 'hidden'
          ? `The ${label} target is not visible at this moment`
          : '';
    if (this.highlightStatus.textContent !== text) this.highlightStatus.textContent = text;
  }
}
