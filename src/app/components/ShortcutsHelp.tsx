import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../keyboard/shortcuts';

/**
 * The help overlay (`?`): every shortcut and what it does. A modal <dialog>, so focus stays in
 * it, Esc closes it, and focus returns to where it was.
 */
export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="shortcuts-help" aria-labelledby="shortcuts-title" onClose={onClose} data-testid="shortcuts-help">
      <div className="dialog-head">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <button type="button" className="dialog-close" onClick={onClose} aria-label="Close the keyboard shortcuts">
          ×
        </button>
      </div>
      <p className="muted">They act on every run, like the buttons, and never while you type in a field.</p>
      <table className="shortcuts-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <th scope="row">
                {s.keys.map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </th>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </dialog>
  );
}
