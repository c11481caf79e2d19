import type { ReactNode } from 'react';
import { BORDER, MUTED, TEXT } from './theme';

/** The frame every custom tooltip shares, so hover read-outs look alike across charts. */
export function TooltipBox({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <div
      style={{
        background: '#ffffff',
        border: `1px solid ${BORDER}`,
        borderRadius: 6,
        padding: '8px 10px',
        boxShadow: '0 2px 8px rgba(15, 23, 42, 0.12)',
        fontSize: 13,
        color: TEXT,
        lineHeight: 1.45,
        minWidth: 140,
      }}
    >
      <div style={{ fontWeight: 600, marginBottom: 2 }}>{title}</div>
      {children}
    </div>
  );
}

/** One "label: value" line of a tooltip, with an optional colour key. */
export function TooltipRow({ label, value, color }: { label: string; value: string; color?: string }) {
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, color: MUTED }}>
        {color ? <span style={{ width: 10, height: 10, borderRadius: 2, background: color, display: 'inline-block' }} /> : null}
        {label}
      </span>
      <span style={{ fontVariantNumeric: 'tabular-nums' }}>{value}</span>
    </div>
  );
}
