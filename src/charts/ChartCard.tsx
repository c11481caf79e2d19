import type { ReactNode } from 'react';
import { BORDER, MUTED, TEXT, TITLE_FONT } from './theme';

/**
 * The frame of every chart: a title and one line that says what to look at. The subtitle is for
 * the teacher reading the chart aloud, so it is plain language, not a caption of the axes.
 * `actions` (e.g. a PNG download) sit at the right of the title.
 */
export function ChartCard(props: { title: string; subtitle?: string; children: ReactNode; testId?: string; actions?: ReactNode }) {
  const { title, subtitle, children, testId, actions } = props;
  return (
    <section
      data-testid={testId}
      data-chart-title={title}
      style={{
        background: '#ffffff',
        border: `1px solid ${BORDER}`,
        borderRadius: 10,
        padding: '14px 16px 12px',
        color: TEXT,
        minWidth: 0,
      }}
    >
      <div style={{ display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: 12 }}>
        <h3 style={{ margin: 0, fontSize: TITLE_FONT + 1, fontWeight: 600, lineHeight: 1.3 }}>{title}</h3>
        {actions}
      </div>
      {subtitle ? <p style={{ margin: '2px 0 8px', fontSize: 13, color: MUTED, lineHeight: 1.4 }}>{subtitle}</p> : <div style={{ height: 8 }} />}
      {children}
    </section>
  );
}
