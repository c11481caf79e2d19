import { useContext, type ReactNode } from 'react';
import { ChartFocus } from './focus';
import { BORDER, FOCUS, MUTED, TEXT, TITLE_FONT } from './theme';
import { useTurnTakingValue } from './turns';

/**
 * The frame of every chart: a title and one line that says what to look at. The subtitle is for
 * the teacher reading the chart aloud, so it is plain language, not a caption of the axes.
 * `actions` (e.g. a PNG download) sit at the right of the title. The chart itself redraws when
 * its turn comes (turns.ts), not in the same task as every other chart on the page.
 */
export function ChartCard(props: { title: string; subtitle?: string; children: ReactNode; testId?: string; actions?: ReactNode }) {
  const { title, subtitle, testId, actions } = props;
  const children = useTurnTakingValue(props.children);
  const focus = useContext(ChartFocus);
  const focused = testId !== undefined && focus.includes(testId);
  return (
    <section
      data-testid={testId}
      data-chart-title={title}
      data-lesson-focus={focused ? 'true' : undefined}
      style={{
        outline: focused ? `4px solid ${FOCUS}` : undefined,
        outlineOffset: 2,
        background: '#ffffff',
        border: `1px solid ${BORDER}`,
        borderRadius: 10,
        padding: '14px 16px 12px',
        color: TEXT,
        minWidth: 0,
      }}
    >
      <div style={{ display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: 12 }}>
        <h3 style={{ margin: 0, fontSize: TITLE_FONT + 1, fontWeight: 600, lineHeight: 1.3 }}>
          {focused ? <span style={{ background: FOCUS, color: '#ffffff', borderRadius: 4, padding: '0 6px', marginRight: 8, fontSize: TITLE_FONT - 2 }}>Look here</span> : null}
          {title}
        </h3>
        {actions}
      </div>
      {subtitle ? <p style={{ margin: '2px 0 8px', fontSize: 13, color: MUTED, lineHeight: 1.4 }}>{subtitle}</p> : <div style={{ height: 8 }} />}
      {children === undefined ? <div className="chart-pending" style={{ minHeight: 240 }} aria-busy="true" /> : children}
    </section>
  );
}
