/**
 * Player shortcuts: Space play/pause, ←/→ seek 5 s, [ and ] previous/next struggle. They never
 * fire while typing in a text field, and Space/Enter keep their own meaning on buttons, checkboxes
 * and list options.
 */

export interface ShortcutHandlers {
  togglePlay(): void;
  seekBy(deltaMs: number): void;
  previousStruggle(): void;
  nextStruggle(): void;
}

export const SEEK_STEP_MS = 5000;

export const SHORTCUTS: Array<[keys: string, action: string]> = [
  ['Space', 'Play / pause'],
  ['← / →', 'Seek 5 seconds'],
  ['[ / ]', 'Previous / next struggle'],
  ['↑ / ↓', 'Move through the struggle list'],
];

const TEXT_INPUT_TYPES = /^(?:text|search|email|url|tel|password|number|date|datetime-local|month|time|week)$/i;
const SPACE_OWNERS = 'button, summary, a[href], select, input, textarea, [role="button"], [role="option"], [role="checkbox"], [role="switch"], [role="tab"], vscode-button, vscode-checkbox, vscode-badge';

export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.test(target.type || 'text');
  if ((target as HTMLElement).isContentEditable) return true;
  return /^vscode-(?:textfield|textarea|single-select|multi-select)$/i.test(target.tagName);
}

export function installShortcuts(handlers: ShortcutHandlers): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.composedPath()[0] ?? event.target;
    if (isTextField(target)) return;
    const onProgress = target instanceof Element && target.closest('.rr-progress') !== null;
    switch (event.key) {
      case ' ':
        if (target instanceof Element && target.closest(SPACE_OWNERS)) return;
        handlers.togglePlay();
        break;
      case 'ArrowLeft':
        handlers.seekBy(-SEEK_STEP_MS);
        break;
      case 'ArrowRight':
        handlers.seekBy(SEEK_STEP_MS);
        break;
      case '[':
        handlers.previousStruggle();
        break;
      case ']':
        handlers.nextStruggle();
        break;
      default:
        return;
    }
    event.preventDefault();
    // The player's own progress-bar handler seeks 5 ms; ours replaces it.
    if (onProgress) event.stopPropagation();
  };
  window.addEventListener('keydown', onKeyDown, true);
  return () => window.removeEventListener('keydown', onKeyDown, true);
}
