/**
 * The replay webview: asks the host for the recording (the `ready` handshake), replays it with
 * rrweb-player (struggle and error markers on the timeline), and shows the analysis beside it —
 * the struggle list, the errors with source links, the current page's load metrics. The playback
 * position and the selected struggle are kept in the webview state, so a reload (the tab was
 * hidden) comes back to the same moment.
 */
import 'rrweb-player/dist/style.css';
import '@vscode/codicons/dist/codicon.css';
import './main.css';
import {
  AnalysisMessage,
  CopyLinkMessage,
  LoadFailedMessage,
  LoadRecordingMessage,
  OpenSourceMessage,
  PlayerShownMessage,
  ReadyMessage,
  SeekMessage,
  WebviewErrorMessage,
  isReplayWebviewState,
  type LoadRecordingParams,
  type ReplayWebviewState,
} from '../src/protocol';
import type { SourceLocation } from '../src/core/model';
import { vscodeApi } from './vscodeApi';
import { ReplayView } from './replayView';

const vscode = vscodeApi<ReplayWebviewState>();
const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));

let view: ReplayView | undefined;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (LoadRecordingMessage.is(message)) {
    showRecording(message.params);
  } else if (AnalysisMessage.is(message)) {
    view?.setAnalysis(message.params.analysis);
  } else if (SeekMessage.is(message)) {
    view?.seek(message.params.atMs, message.params.struggleId);
  } else if (LoadFailedMessage.is(message)) {
    disposeView();
    showStatus(message.params.message, true);
  }
});

vscode.postMessage(ReadyMessage.create({}));

function showRecording(params: LoadRecordingParams): void {
  disposeView();
  // The host page marks #app aria-live for the loading/failure text; the replay view has its own
  // live regions, and announcing every change under #app (the running clock) would be noise.
  app.removeAttribute('aria-live');
  try {
    const saved = vscode.getState();
    view = new ReplayView(app, params, isReplayWebviewState(saved) ? saved : undefined, {
      saveState: (state) => vscode.setState(state),
      openSource: (location: SourceLocation) => vscode.postMessage(OpenSourceMessage.create(location)),
      copyLink: (atMs: number) => vscode.postMessage(CopyLinkMessage.create({ atMs: Math.round(atMs) })),
    });
    vscode.postMessage(PlayerShownMessage.create({ totalTimeMs: view.totalTimeMs, currentTimeMs: view.currentTimeMs() }));
  } catch (error) {
    disposeView();
    const message = `Cannot replay ${params.fileName}: ${(error as Error).message}`;
    showStatus(message, true);
    vscode.postMessage(WebviewErrorMessage.create({ message }));
  }
}

function disposeView(): void {
  view?.dispose();
  view = undefined;
}

function showStatus(text: string, isError: boolean): void {
  const paragraph = document.createElement('p');
  paragraph.className = isError ? 'status error' : 'status';
  paragraph.setAttribute('role', isError ? 'alert' : 'status');
  paragraph.textContent = text; // text, never HTML: messages may quote file content
  app.replaceChildren(paragraph);
}
