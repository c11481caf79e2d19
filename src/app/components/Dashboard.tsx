import { useMemo } from 'react';
import { ChartCard } from '../../charts/ChartCard';
import { Curves } from '../../charts/Curves';
import { ConfusionMatrix } from '../../charts/ConfusionMatrix';
import { DecisionBoundary } from '../../charts/DecisionBoundary';
import { ImageGrid } from '../../charts/ImageGrid';
import { FrequencyAccuracy } from '../../charts/FrequencyAccuracy';
import { ReliabilityDiagram } from '../../charts/ReliabilityDiagram';
import { SplitBars } from '../../charts/SplitBars';
import { WeightNorms } from '../../charts/WeightNorms';
import { seriesColor } from '../../charts/palette';
import { SPLIT_NAMES, type SplitName } from '../../training/data/longtail';
import { getMethod } from '../../training/methods/registry';
import type { RunView } from '../store';
import { BatchAttentionPanel } from './BatchAttentionPanel';
import { ExpertsPanel } from './ExpertsPanel';
import { VitPanel } from './VitPanel';
import { LiveKnob } from './LiveKnob';
import { OptimiserPanel } from './OptimiserPanel';
import { PngButton } from './PngButton';
import { SubclassPanel } from './SubclassPanel';
import { UnlabelledCard } from './UnlabelledCard';

/** The live charts of one run, in its colour in the comparison. */
export function Dashboard({ run, index }: { run: RunView; index: number }) {
  const dataset = run.dataset;
  const latest = run.latest;
  const method = getMethod(run.config.method.id);
  const label = method.label;
  const color = seriesColor(index);
  const classesPerSplit = useMemo(() => {
    const counts: Record<SplitName, number> = { many: 0, medium: 0, few: 0 };
    for (const s of dataset?.splits ?? []) counts[s]++;
    return counts;
  }, [dataset]);

  if (!dataset) return <p className="muted">Preparing the data…</p>;
  const split = latest?.test.splits;
  const stageStart = dataset.secondStageStartStep;
  const markers = stageStart !== null ? [{ epoch: stageStart / dataset.stepsPerEpoch, label: 'stage 2' }] : [];
  return (
    <div className="dashboard">
      {method.posthoc ? <LiveKnob run={run} spec={method.posthoc} /> : null}
      {latest ? (
        <p className="headline" data-testid="headline">
          Test accuracy <strong data-testid="accuracy">{(latest.test.accuracy * 100).toFixed(1)}%</strong> · balanced{' '}
          {(latest.test.balancedAccuracy * 100).toFixed(1)}% · Few classes{' '}
          <strong data-testid="few-accuracy">{Number.isNaN(latest.test.splits.few) ? '—' : `${(latest.test.splits.few * 100).toFixed(1)}%`}</strong> · ECE{' '}
          {(latest.test.reliability.ece * 100).toFixed(1)}%
        </p>
      ) : null}
      <ChartCard
        testId="chart-frequency"
        actions={<PngButton name="frequency-accuracy" />}
        title="Class frequency vs. per-class test accuracy"
        subtitle="Bars: training examples per class (log scale), most frequent first. Line: test accuracy of each class."
      >
        <FrequencyAccuracy
          counts={dataset.trainCounts}
          classNames={dataset.classNames}
          splits={dataset.splits}
          splitRuleLabel={dataset.splitRule}
          series={latest ? [{ id: run.id, label, color, values: latest.test.perClass }] : []}
        />
      </ChartCard>
      {latest?.batchAttention && latest.batchAttention.attention.length === dataset.classes ** 2 ? (
        <BatchAttentionPanel attention={latest.batchAttention} classNames={dataset.classNames} counts={dataset.trainCounts} splits={dataset.splits} />
      ) : null}
      <div className="dashboard-grid">
        {/* The associative memory has neither a plane to draw nor images to show. */}
        {dataset.extent || dataset.images ? (
          <ChartCard
            testId="chart-boundary"
            actions={<PngButton name={dataset.extent ? 'decision-regions' : 'training-images'} />}
            title={dataset.extent ? 'Decision regions' : 'Training images per class'}
            subtitle={
              dataset.extent
                ? 'Colour: predicted class (paler = less confident). Dots: training points; rare classes lose their border regions.'
                : 'What the model learns from: the head classes fill their rows, the tail has a handful of images.'
            }
          >
            {dataset.extent ? (
              <DecisionBoundary grid={latest?.decision ?? null} points={dataset.points ?? null} classes={dataset.classes} extent={dataset.extent} />
            ) : dataset.images ? (
              <ImageGrid shape={dataset.images.shape} classNames={dataset.classNames} counts={dataset.trainCounts} pixels={dataset.images.pixels} labels={dataset.images.labels} />
            ) : null}
          </ChartCard>
        ) : null}
        <ChartCard testId="chart-splits" actions={<PngButton name="many-medium-few" />} title="Many / Medium / Few accuracy" subtitle={dataset.splitRule}>
          <SplitBars series={split ? [{ id: run.id, label, color, values: split }] : []} classesPerSplit={classesPerSplit} />
          {split ? (
            <p className="sr-only" data-testid="split-values">
              {SPLIT_NAMES.map((n) => `${n} ${Number.isNaN(split[n]) ? '—' : (split[n] * 100).toFixed(1)}`).join(', ')}
            </p>
          ) : null}
        </ChartCard>
        <ChartCard
          testId="chart-curves"
          actions={<PngButton name="loss-and-accuracy" />}
          title="Loss and accuracy"
          subtitle="Solid: training loss / overall test accuracy. Dashed: test loss / balanced accuracy."
        >
          <Curves series={[{ id: run.id, label, color, values: run.history }]} markers={markers} />
        </ChartCard>
        <ChartCard
          testId="chart-reliability"
          actions={<PngButton name="calibration" />}
          title="Calibration (reliability diagram)"
          subtitle="Accuracy against confidence in 15 bins; bars below the diagonal mean over-confidence. ECE: the average gap."
        >
          {latest ? <ReliabilityDiagram reliability={latest.test.reliability} /> : <p className="muted">Waiting for the first evaluation…</p>}
        </ChartCard>
        <ChartCard
          testId="chart-norms"
          actions={<PngButton name="weight-norms" />}
          title="Classifier weight norm per class"
          subtitle="Under cross-entropy, frequent classes get longer weight vectors and win doubtful cases; τ-normalisation evens them out."
        >
          {latest ? (
            <WeightNorms counts={dataset.trainCounts} classNames={dataset.classNames} norms={latest.headNorms} label={label} color={color} />
          ) : (
            <p className="muted">Waiting for the first evaluation…</p>
          )}
        </ChartCard>
        {dataset.unlabelled ? <UnlabelledCard run={run} report={dataset.unlabelled} color={color} /> : null}
        {latest && latest.test.confusion.length === dataset.classes ** 2 ? (
          <ChartCard
            testId="chart-confusion"
            actions={<PngButton name="confusion-matrix" />}
            title="Confusion matrix"
            subtitle="Where each class's test examples go. Imbalance pushes tail examples into head classes."
          >
            <ConfusionMatrix matrix={latest.test.confusion} classNames={dataset.classNames} counts={dataset.trainCounts} />
          </ChartCard>
        ) : null}
      </div>
      {latest?.subclasses ? <SubclassPanel subclasses={latest.subclasses} classNames={dataset.classNames} stage={latest.stage} /> : null}
      {latest ? <OptimiserPanel run={run} /> : null}
      {latest?.experts ? (
        <ExpertsPanel
          experts={latest.experts}
          ensemble={latest.test.perClass}
          counts={dataset.trainCounts}
          classNames={dataset.classNames}
          splits={dataset.splits}
          splitRule={dataset.splitRule}
        />
      ) : null}
      {latest && (latest.attention || latest.distillation) ? (
        <VitPanel latest={latest} counts={dataset.trainCounts} classNames={dataset.classNames} splits={dataset.splits} splitRule={dataset.splitRule} />
      ) : null}
    </div>
  );
}
