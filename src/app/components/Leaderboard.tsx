import { useContext, useMemo, useState } from 'react';
import { ChartFocus } from '../../charts/focus';
import { formatPercent } from '../../charts/theme';
import { LEADERBOARD_COLUMNS, leaderboardRows, naturalDirection, sortRows, type ComparedRun, type LeaderboardColumn, type LeaderboardRow, type SortDirection } from '../compare';
import { PngButton } from './PngButton';

const HEADERS: Record<LeaderboardColumn, { label: string; title: string }> = {
  index: { label: '#', title: 'Run number, as in the runs list and the charts' },
  label: { label: 'Run', title: 'Method and the parameters that differ from its defaults' },
  overall: { label: 'Overall', title: 'Test accuracy over all test examples' },
  balanced: { label: 'Balanced', title: 'Mean of per-class accuracies: accuracy on a balanced test set' },
  many: { label: 'Many', title: 'Mean accuracy of the frequent classes' },
  medium: { label: 'Medium', title: 'Mean accuracy of the medium classes' },
  few: { label: 'Few', title: 'Mean accuracy of the rare classes' },
  ece: { label: 'ECE', title: 'Expected calibration error: lower is better' },
  lawSlope: { label: 'Slope /10×', title: 'Frequency–accuracy law: per-class accuracy gained per tenfold more training examples (fitted on log10 count); flatter is fairer to the tail' },
  lawR2: { label: 'R²', title: 'How well accuracy ∝ log(training count) explains the classes' },
  ra: { label: 'RA', title: 'Relative accuracy A_t / A_u: the share of what balanced training data of the same size would give' },
  upper: { label: 'A_u', title: 'Upper reference: the better of cross-entropy and this method trained on a balanced set of the same size' },
  trainSeconds: { label: 'Train time', title: 'Time spent training (evaluation and pauses excluded)' },
  backend: { label: 'Backend', title: 'Where the run trained' },
};

const NUMERIC = new Set<LeaderboardColumn>(['index', 'overall', 'balanced', 'many', 'medium', 'few', 'ece', 'lawSlope', 'lawR2', 'ra', 'upper', 'trainSeconds']);

function cell(row: LeaderboardRow, column: LeaderboardColumn): string {
  switch (column) {
    case 'index':
      return String(row.index + 1);
    case 'label':
      return row.label.replace(/^\d+ · /, '');
    case 'trainSeconds':
      return `${row.trainSeconds.toFixed(1)} s`;
    case 'backend':
      return row.backend || '…';
    case 'lawSlope':
      return Number.isFinite(row.lawSlope) ? `${row.lawSlope >= 0 ? '+' : '−'}${Math.abs(row.lawSlope * 100).toFixed(1)} pp` : '—';
    case 'ra':
      return Number.isFinite(row.ra) ? row.ra.toFixed(3) : '…';
    case 'lawR2':
      return Number.isFinite(row.lawR2) ? row.lawR2.toFixed(2) : '—';
    default:
      return formatPercent(row[column], 1);
  }
}

/**
 * The runs side by side, one row each, sortable by any column (click its header). Large type:
 * a teacher should be able to read it from the back of a room. Every value carries its raw
 * number in `data-value` for tests and scripts.
 */
export function Leaderboard({ compared }: { compared: readonly ComparedRun[] }) {
  const [sort, setSort] = useState<{ column: LeaderboardColumn; direction: SortDirection }>({ column: 'balanced', direction: 'desc' });
  const rows = useMemo(() => sortRows(leaderboardRows(compared), sort.column, sort.direction), [compared, sort]);
  const best = useMemo(() => bestValues(rows), [rows]);
  const waiting = compared.length - rows.length;
  const focused = useContext(ChartFocus).includes('leaderboard');
  // RA and A_u only while relative accuracy is on.
  const withRa = compared.some((c) => c.relative);
  const columns = useMemo(() => LEADERBOARD_COLUMNS.filter((c) => withRa || (c !== 'ra' && c !== 'upper')), [withRa]);

  const clickHeader = (column: LeaderboardColumn) =>
    setSort((s) => (s.column === column ? { column, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { column, direction: naturalDirection(column) }));

  return (
    <section className="card leaderboard-card" data-testid="leaderboard" data-chart-title="Leaderboard" data-lesson-focus={focused ? 'true' : undefined}>
      <div className="card-title-row">
        <h2>Leaderboard</h2>
        <PngButton name="leaderboard" />
      </div>
      <p className="muted small-text">
        Test-set results of each run; best value of each column in bold. Click a column to sort.
        {waiting > 0 ? ` ${waiting} ${waiting === 1 ? 'run has' : 'runs have'} no results yet.` : ''}
      </p>
      {rows.length === 0 ? (
        <p className="muted">Press Start: the runs appear here as they report.</p>
      ) : (
        <div className="table-scroll">
          <table className="leaderboard">
            <thead>
              <tr>
                {columns.map((column) => (
                  <th
                    key={column}
                    scope="col"
                    className={NUMERIC.has(column) ? 'num' : column === 'label' ? 'run-col' : undefined}
                    aria-sort={sort.column === column ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                  >
                    <button type="button" title={HEADERS[column].title} onClick={() => clickHeader(column)} data-testid={`sort-${column}`}>
                      {HEADERS[column].label}
                      <span aria-hidden="true" className="sort-mark">
                        {sort.column === column ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-testid="leaderboard-row" data-status={row.status} data-stale={row.stale ? 'true' : undefined}>
                  {columns.map((column) => {
                    const value = row[column];
                    const isBest = typeof value === 'number' && best.get(column) === value && column !== 'index';
                    return column === 'label' ? (
                      <th key={column} scope="row" className="run-col" data-column={column}>
                        <span className="swatch" style={{ background: row.color }} aria-hidden="true" />
                        {cell(row, column)}
                        {row.status !== 'done' ? <span className="row-status">{statusText(row)}</span> : null}
                        {row.stale ? <span className="stale-tag" title="The settings changed after this run: re-run it to compare fairly"> settings changed</span> : null}
                      </th>
                    ) : (
                      <td key={column} className={NUMERIC.has(column) ? 'num' : undefined} data-column={column} data-value={String(value)}>
                        {isBest ? <strong>{cell(row, column)}</strong> : cell(row, column)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Where an unfinished run is, under its name: its numbers are not final yet. */
function statusText(row: LeaderboardRow): string {
  const progress = `${Math.round((100 * row.step) / Math.max(1, row.totalSteps))}%`;
  return row.status === 'running' || row.status === 'warming-up' ? `training, ${progress}` : `${row.status} at ${progress}`;
}

/** Best value per metric column among finished, up-to-date runs (highest accuracy, lowest ECE). */
function bestValues(rows: readonly LeaderboardRow[]): Map<LeaderboardColumn, number> {
  const best = new Map<LeaderboardColumn, number>();
  const eligible = rows.filter((r) => r.status === 'done' && !r.stale);
  if (eligible.length < 2) return best;
  for (const column of ['overall', 'balanced', 'many', 'medium', 'few', 'ece', 'ra'] as const) {
    const values = eligible.map((r) => r[column]).filter((v) => Number.isFinite(v));
    if (values.length) best.set(column, column === 'ece' ? Math.min(...values) : Math.max(...values));
  }
  return best;
}
