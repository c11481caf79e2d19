import { useEffect } from 'react';
import { pauseAll, resetAll, resumeAll, stepAll } from '../actions';
import { startAllAfterConfirmation } from '../costEstimate';
import { selectAnyBusy, selectAnyPaused, selectAnyResults, selectAnyTraining, selectSelectedRun, useLab } from '../store';
import { shortcutFor, type ShortcutAction } from './shortcuts';

/** Does what the matching button does, and only when that button would be enabled. */
function perform(action: ShortcutAction, help: { open: boolean; setOpen: (open: boolean) => void }): void {
  const s = useLab.getState();
  switch (action) {
    case 'start-pause':
      if (selectAnyTraining(s)) pauseAll();
      else if (selectAnyPaused(s)) resumeAll();
      else if (!selectAnyBusy(s)) startAllAfterConfirmation();
      return;
    case 'step':
      if (selectSelectedRun(s)?.status !== 'starting') stepAll();
      return;
    case 'reset':
      if (selectAnyResults(s)) resetAll();
      return;
    case 'view-run':
      return s.setView('run');
    case 'view-compare':
      return s.setView('compare');
    case 'view-lessons':
      return s.setView('lessons');
    case 'present':
      return s.setPresent(!s.workspace.present);
    case 'help':
      return help.setOpen(!help.open);
    case 'leave':
      if (s.workspace.present) s.setPresent(false);
      return;
  }
}

/**
 * The control last focused by a pointer (a click), until the keyboard moves focus (Tab). Space
 * there is the shortcut, not a second click. (:focus-visible cannot tell: pressing a key turns
 * it on before the key event arrives.)
 */
let clicked: Element | null = null;

/**
 * Listens for the shortcuts on the whole page. While the help is open (a modal dialog) only `?`
 * acts, closing it; the dialog closes itself on Esc.
 */
export function useShortcuts(helpOpen: boolean, setHelpOpen: (open: boolean) => void): void {
  useEffect(() => {
    const onPointer = (e: PointerEvent) => {
      clicked = e.target instanceof Element ? e.target.closest('button, a, summary, [role]') : null;
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Tab') clicked = null;
      if (e.defaultPrevented) return;
      const el = e.target instanceof Element ? e.target : null;
      const action = shortcutFor({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        repeat: e.repeat,
        target: el
          ? { tagName: el.tagName, isContentEditable: el instanceof HTMLElement && el.isContentEditable, role: el.getAttribute('role'), focusVisible: el !== clicked }
          : null,
      });
      if (action === null || (helpOpen && action !== 'help')) return;
      // Space would scroll the page (or click the mouse-focused button), → scroll sideways: the
      // key is the shortcut's alone.
      e.preventDefault();
      perform(action, { open: helpOpen, setOpen: setHelpOpen });
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer, true);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer, true);
    };
  }, [helpOpen, setHelpOpen]);
}
