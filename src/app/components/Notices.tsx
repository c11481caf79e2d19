import { useLab } from '../store';

/**
 * Messages about the app itself (a bad link, storage that fails, an import): visible until
 * dismissed, so nothing that went wrong passes unnoticed. Text only, never HTML.
 */
export function Notices() {
  const notices = useLab((s) => s.notices);
  const dismiss = useLab((s) => s.dismissNotice);
  if (!notices.length) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div key={n.topic} className={`notice notice-${n.tone}`} role={n.tone === 'info' ? 'status' : 'alert'} data-testid={`notice-${n.topic}`} data-tone={n.tone}>
          <div className="notice-body">
            <p>{n.message}</p>
            {n.details?.length ? (
              <ul>
                {n.details.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            ) : null}
          </div>
          {n.action ? (
            <button type="button" className="notice-action" onClick={n.action.run}>
              {n.action.label}
            </button>
          ) : null}
          <button type="button" className="notice-close" aria-label="Dismiss this message" onClick={() => dismiss(n.topic)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
