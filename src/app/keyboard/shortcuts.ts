/**
 * Keyboard shortcuts, as a pure mapping from a key press to an action, so the rules (which key,
 * and when a key must be left alone) are tested without a browser. The keys follow the browser
 * training tools people know: Space starts and pauses, → steps, digits switch views.
 */

export type ShortcutAction = 'start-pause' | 'step' | 'reset' | 'view-run' | 'view-compare' | 'view-lessons' | 'present' | 'help' | 'leave';

/** The shortcuts as the help overlay lists them, in its order. */
export const SHORTCUTS: readonly { keys: readonly string[]; action: ShortcutAction; label: string }[] = [
  { keys: ['Space'], action: 'start-pause', label: 'Start, pause or resume training' },
  { keys: ['→'], action: 'step', label: 'Step: one mini-batch, then pause' },
  { keys: ['R'], action: 'reset', label: 'Reset: stop every run and clear the results' },
  { keys: ['1'], action: 'view-run', label: 'Run view' },
  { keys: ['2'], action: 'view-compare', label: 'Compare view' },
  { keys: ['3'], action: 'view-lessons', label: 'Lessons' },
  { keys: ['P'], action: 'present', label: 'Presentation mode on or off' },
  { keys: ['Esc'], action: 'leave', label: 'Close this help, or leave presentation mode' },
  { keys: ['?'], action: 'help', label: 'Show or hide this help' },
];

const KEYS: Readonly<Record<string, ShortcutAction>> = {
  ' ': 'start-pause',
  ArrowRight: 'step',
  r: 'reset',
  R: 'reset',
  '1': 'view-run',
  '2': 'view-compare',
  '3': 'view-lessons',
  p: 'present',
  P: 'present',
  '?': 'help',
  Escape: 'leave',
};

/** What a key event's target looks like, read from the DOM element (or faked in a test). */
export interface KeyTarget {
  tagName?: string;
  isContentEditable?: boolean;
  /** The `role` attribute, if any. */
  role?: string | null;
  /**
   * False when the element got focus from a click rather than the keyboard. A button clicked
   * with the mouse keeps focus: Space then means the shortcut, not a second click.
   */
  focusVisible?: boolean;
}

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Held-down keys repeat: a held Space must not start and pause in turn. */
  repeat?: boolean;
  target: KeyTarget | null;
}

/** Where a person types: every key belongs to the field, arrows and Space included. */
const FIELDS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
/** Controls that Space (and Enter) activate: Space there must press the control, not start training. */
const CONTROLS = new Set(['BUTTON', 'A', 'SUMMARY']);
const CONTROL_ROLES = new Set(['button', 'tab', 'checkbox', 'switch', 'menuitem', 'link', 'radio', 'option']);

/**
 * The action a key press asks for, or null when it is not a shortcut or must be left to the page:
 * typing in a field, a browser or system shortcut (Ctrl, ⌘, Alt), a repeat, or Space on a control
 * reached with the keyboard (where Space presses it).
 */
export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey || press.repeat) return null;
  const action = KEYS[press.key];
  if (!action) return null;
  const target = press.target;
  if (target) {
    if (target.isContentEditable || FIELDS.has(target.tagName?.toUpperCase() ?? '')) return null;
    const onControl = CONTROLS.has(target.tagName?.toUpperCase() ?? '') || CONTROL_ROLES.has(target.role ?? '');
    if (onControl && action === 'start-pause' && target.focusVisible !== false) return null;
  }
  return action;
}
