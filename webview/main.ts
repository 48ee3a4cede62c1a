/**
 * The replay webview: asks the host for the recording (the `ready` handshake), replays it with
 * rrweb-player, and keeps the playback position in the webview state so a reload (the tab was
 * hidden) comes back to the same moment.
 */
import rrwebPlayer from 'rrweb-player';
import 'rrweb-player/dist/style.css';
import './main.css';
import {
  LoadFailedMessage,
  LoadRecordingMessage,
  PlayerShownMessage,
  ReadyMessage,
  WebviewErrorMessage,
  isReplayWebviewState,
  type LoadRecordingParams,
  type ReplayWebviewState,
} from '../src/protocol';
import { vscodeApi } from './vscodeApi';

const CONTROLS_HEIGHT = 80;
const SAVE_INTERVAL_MS = 500;

const vscode = vscodeApi<ReplayWebviewState>();
const app = document.getElementById('app') ?? document.body;

/** Svelte component methods the player has; its typings import them from `svelte`, not installed. */
interface SvelteComponentMethods {
  $set(props: Record<string, unknown>): void;
  $destroy(): void;
}
type Player = rrwebPlayer & SvelteComponentMethods;

let player: Player | undefined;
let saveTimer: number | undefined;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (LoadRecordingMessage.is(message)) {
    showRecording(message.params);
  } else if (LoadFailedMessage.is(message)) {
    showStatus(message.params.message, true);
  }
});

window.addEventListener('resize', () => {
  if (!player) return;
  player.$set(playerSize());
  player.triggerResize();
});

vscode.postMessage(ReadyMessage.create({}));

function playerSize(): { width: number; height: number } {
  return {
    width: Math.max(320, window.innerWidth - 16),
    height: Math.max(200, window.innerHeight - CONTROLS_HEIGHT - 16),
  };
}

function showRecording({ fileName, events }: LoadRecordingParams): void {
  disposePlayer();
  app.replaceChildren();
  try {
    const container = document.createElement('div');
    container.className = 'player';
    container.setAttribute('aria-label', `Replay of ${fileName}`);
    app.append(container);
    player = new rrwebPlayer({
      target: container,
      props: {
        // rrweb's own type; the host validated the envelope of every event.
        events: events as ConstructorParameters<typeof rrwebPlayer>[0]['props']['events'],
        autoPlay: false,
        skipInactive: true,
        speedOption: [1, 2, 4, 8],
        ...playerSize(),
      },
    }) as Player;
    const saved = vscode.getState();
    const { totalTime } = player.getMetaData();
    const startAt = isReplayWebviewState(saved) ? Math.min(Math.max(0, saved.currentTimeMs), totalTime) : 0;
    player.goto(startAt, false);
    trackPlaybackTime(player);
    vscode.postMessage(PlayerShownMessage.create({ totalTimeMs: totalTime, currentTimeMs: startAt }));
  } catch (error) {
    disposePlayer();
    const message = `Cannot replay ${fileName}: ${(error as Error).message}`;
    showStatus(message, true);
    vscode.postMessage(WebviewErrorMessage.create({ message }));
  }
}

function trackPlaybackTime(current: rrwebPlayer): void {
  const save = () => vscode.setState({ currentTimeMs: current.getReplayer().getCurrentTime() });
  saveTimer = window.setInterval(save, SAVE_INTERVAL_MS);
  current.addEventListener('ui-update-player-state', (state) => {
    if (isPayload(state) && state.payload === 'paused') save();
  });
}

function isPayload(value: unknown): value is { payload: unknown } {
  return typeof value === 'object' && value !== null && 'payload' in value;
}

function disposePlayer(): void {
  if (saveTimer !== undefined) window.clearInterval(saveTimer);
  saveTimer = undefined;
  player?.$destroy();
  player = undefined;
}

function showStatus(text: string, isError: boolean): void {
  const paragraph = document.createElement('p');
  paragraph.className = isError ? 'status error' : 'status';
  paragraph.setAttribute('role', isError ? 'alert' : 'status');
  paragraph.textContent = text; // text, never HTML: messages may quote file content
  app.replaceChildren(paragraph);
}
