import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ChartCard } from '../../charts/ChartCard';
import { Curves } from '../../charts/Curves';
import { FrequencyAccuracy } from '../../charts/FrequencyAccuracy';
import { RunBars } from '../../charts/RunBars';
import { SplitBars } from '../../charts/SplitBars';
import { formatPercent } from '../../charts/theme';
import type { SplitName } from '../../training/data/longtail';
import { compareRuns, type ComparedRun } from '../compare';
import { useLab } from '../store';
import { Leaderboard } from './Leaderboard';
import { PngButton } from './PngButton';
import { SweepCard } from './SweepCard';
import { RelativeAccuracyCard } from './RelativeAccuracyCard';
import { MemorisationCard } from './MemorisationCard';

const formatEce = (v: number) => formatPercent(v, 1);

/** "run 2": the bar's name under the axis; the legend above has the whole label. */
function shortLabelOf(shown: readonly ComparedRun[]): (i: number) => string {
  return (i) => `run ${(shown[i]?.index ?? i) + 1}`;
}

/** Runs whose results can share the charts: trained with today's settings, data in hand. */
function overlayable(compared: readonly ComparedRun[]) {
  return compared.filter((c) => c.run?.dataset && c.run.latest && !c.stale);
}

/**
 * Every run of the workspace at once: the leaderboard, then per-class accuracy over the shared
 * frequency bars, Many / Medium / Few, ECE and the training curves, one colour per run.
 */
export function CompareView() {
  const { workspace, runs } = useLab(useShallow((s) => ({ workspace: s.workspace, runs: s.runs })));
  const compared = useMemo(() => compareRuns(workspace, runs), [workspace, runs]);
  const shown = useMemo(() => overlayable(compared), [compared]);
  const dataset = shown[0]?.run?.dataset;

  const perClass = useMemo(() => shown.map((c) => ({ id: c.entry.id, label: c.label, color: c.color, values: c.run?.latest?.test.perClass ?? [] })), [shown]);
  const splits = useMemo(
    () => shown.flatMap((c) => (c.run?.latest ? [{ id: c.entry.id, label: c.label, color: c.color, values: c.run.latest.test.splits }] : [])),
    [shown],
  );
  const shortLabel = useMemo(() => shortLabelOf(shown), [shown]);
  const ece = useMemo(() => shown.map((c) => ({ id: c.entry.id, label: c.label, color: c.color, values: c.run?.latest?.test.reliability.ece ?? NaN })), [shown]);
  const curves = useMemo(() => shown.map((c) => ({ id: c.entry.id, label: c.label, color: c.color, values: c.run?.history ?? [] })), [shown]);
  const markers = useMemo(
    () =>
      shown.flatMap((c) => {
        const d = c.run?.dataset;
        return d && d.secondStageStartStep !== null ? [{ epoch: d.secondStageStartStep / d.stepsPerEpoch, label: `stage 2 (run ${c.index + 1})` }] : [];
      }),
    [shown],
  );
  const classesPerSplit = useMemo(() => {
    const counts: Record<SplitName, number> = { many: 0, medium: 0, few: 0 };
    for (const s of dataset?.splits ?? []) counts[s]++;
    return counts;
  }, [dataset]);

  const stale = compared.filter((c) => c.stale).length;
  const missing = compared.length - shown.length - stale;

  return (
    <div className="compare" data-testid="compare-view">
      <Leaderboard compared={compared} />
      <RelativeAccuracyCard />
      {stale > 0 || missing > 0 ? (
        <p className="compare-note" data-testid="compare-note">
          {stale > 0 ? `${stale} ${stale === 1 ? 'run was' : 'runs were'} trained with settings that have changed since and ${stale === 1 ? 'is' : 'are'} left out of the charts: re-run ${stale === 1 ? 'it' : 'them'} (↻). ` : ''}
          {missing > 0 ? `${missing} ${missing === 1 ? 'run has' : 'runs have'} no results yet.` : ''}
        </p>
      ) : null}
      {dataset ? (
        <>
          <ChartCard
            testId="compare-frequency"
            title="Per-class test accuracy of every run, over the class frequencies"
            subtitle="Bars: training examples per class (log scale), most frequent first; every run trains on these same examples. Lines: each run's test accuracy per class."
            actions={<PngButton name="compare-per-class-accuracy" />}
          >
            <FrequencyAccuracy counts={dataset.trainCounts} classNames={dataset.classNames} splits={dataset.splits} splitRuleLabel={dataset.splitRule} series={perClass} height={400} />
          </ChartCard>
          {/* With many runs the grouped bars need the whole width to stay readable: one column then. */}
          <div className="dashboard-grid" style={splits.length > 3 ? { gridTemplateColumns: 'minmax(0, 1fr)' } : undefined}>
            <ChartCard testId="compare-splits" title="Many / Medium / Few accuracy" subtitle={dataset.splitRule} actions={<PngButton name="compare-many-medium-few" />}>
              <SplitBars series={splits} classesPerSplit={classesPerSplit} height={300} />
            </ChartCard>
            <ChartCard
              testId="compare-ece"
              title="Calibration error (ECE) per run"
              subtitle="The average gap between confidence and accuracy over the test set: lower is better."
              actions={<PngButton name="compare-ece" />}
            >
              <RunBars series={ece} format={formatEce} axisTitle="ECE (lower is better)" shortLabel={shortLabel} height={300} />
            </ChartCard>
          </div>
          <ChartCard
            testId="compare-curves"
            title="Loss and accuracy over training, every run"
            subtitle="Solid: training loss / overall test accuracy. Dashed: test loss / balanced accuracy."
            actions={<PngButton name="compare-curves" />}
          >
            <Curves series={curves} markers={markers} height={300} />
          </ChartCard>
          <SweepCard shown={shown} />
        </>
      ) : (
        <p className="card muted">The overlay charts appear as soon as a run reports its first evaluation.</p>
      )}
      <MemorisationCard />
    </div>
  );
}
