import { AttentionMaps } from '../../charts/AttentionMaps';
import { ChartCard } from '../../charts/ChartCard';
import { FrequencyAccuracy } from '../../charts/FrequencyAccuracy';
import { seriesColor } from '../../charts/palette';
import type { SplitName } from '../../training/data/longtail';
import type { RunSnapshot } from '../../training/snapshot';
import { PngButton } from './PngButton';

interface Props {
  latest: RunSnapshot;
  counts: readonly number[];
  classNames: readonly string[];
  splits: readonly SplitName[];
  splitRule: string;
}

const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`);
const meanOf = (xs: ArrayLike<number>) => {
  const finite = Array.from(xs).filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
};

/**
 * The ViT's views: DeiT-LT's phase (the CNN teacher first), the per-class accuracy of its CLS
 * head, its DIST head, their average and the teacher (the paper: DIST carries the tail, CLS the
 * head), and the last block's CLS attention on a few test images (any ViT run).
 */
export function VitPanel({ latest, counts, classNames, splits, splitRule }: Props) {
  const d = latest.distillation;
  const x = latest.experts;
  const classes = counts.length;
  const heads =
    d?.phase === 'student' && x && x.count === 2
      ? [
          { id: 'cls', label: x.labels[0] ?? 'CLS head', color: seriesColor(0), values: x.perClass.subarray(0, classes) },
          { id: 'dist', label: x.labels[1] ?? 'DIST head', color: seriesColor(1), values: x.perClass.subarray(classes, 2 * classes) },
          { id: 'avg', label: 'average (prediction)', color: seriesColor(2), values: latest.test.perClass, emphasis: true },
          ...(d.teacherPerClass ? [{ id: 'teacher', label: 'CNN teacher', color: seriesColor(3), values: d.teacherPerClass }] : []),
        ]
      : null;
  return (
    <section className="vit-panel" data-testid="vit-panel">
      {d ? (
        <p className="notice-inline" data-testid="distillation-phase" data-phase={d.phase}>
          {d.phase === 'teacher'
            ? `Phase 1 of 2: the CNN teacher trains with balanced softmax (epoch ${Math.min(latest.epoch, d.teacherEpochs).toFixed(1)} of ${d.teacherEpochs}); the charts show the teacher until the ViT starts.`
            : `Phase 2 of 2: the ViT trains, its DIST head on the teacher’s predictions (teacher’s balanced accuracy ${pct(d.teacherPerClass ? meanOf(d.teacherPerClass) : NaN)}).`}
        </p>
      ) : null}
      {heads ? (
        <ChartCard
          testId="chart-deit-heads"
          actions={<PngButton name="deit-heads" />}
          title="DeiT-LT: CLS head, DIST head and their average, per class"
          subtitle={`The paper: the DIST head (taught by the CNN) carries the tail, the CLS head the head classes. Few: CLS ${pct(x?.splits[2])}, DIST ${pct(x?.splits[5])}; Many: CLS ${pct(x?.splits[0])}, DIST ${pct(x?.splits[3])}.`}
        >
          <FrequencyAccuracy counts={counts} classNames={classNames} splits={splits} splitRuleLabel={splitRule} series={heads} />
        </ChartCard>
      ) : null}
      {latest.attention ? (
        <ChartCard
          testId="chart-attention"
          actions={<PngButton name="vit-attention" />}
          title="Where the ViT looks: last block’s CLS attention"
          subtitle="One test image per class, from the most frequent to the rarest."
        >
          <AttentionMaps {...latest.attention} classNames={classNames} />
        </ChartCard>
      ) : null}
    </section>
  );
}
