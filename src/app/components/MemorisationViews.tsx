import { useMemo } from 'react';
import { ChartCard } from '../../charts/ChartCard';
import { ExampleThumb, type ExampleInput } from '../../charts/ExampleThumb';
import { MemorisationByClass, RemovalChart, SPLIT_MARKS } from '../../charts/MemorisationCharts';
import { SPLIT_LABELS } from '../../charts/palette';
import { formatPercent } from '../../charts/theme';
import { SPLIT_NAMES } from '../../training/data/longtail';
import { estimateMemorisation, type SubsetModelResult } from '../../training/measures/memorisation';
import type { ExplorerData } from '../../workers/memorisationProtocol';
import type { RemovalResult } from '../memorisation/plan';
import { classRows, galleryEntries, removalSeries, splitMeans } from '../memorisation/views';
import { PngButton } from './PngButton';

/** How the gallery draws training example i (or test example i): its image, or its point among the training points. */
function inputOf(data: ExplorerData, split: 'train' | 'test', i: number): ExampleInput | null {
  const labels = split === 'train' ? data.trainY : data.testY;
  if (data.images) {
    const [h, w] = data.images.shape;
    return { kind: 'image', shape: data.images.shape, pixels: data.images[split], offset: i * h * w };
  }
  if (data.points) {
    const xy = data.points[split];
    return { kind: 'point', all: data.points.train, allLabels: data.trainY, extent: data.points.extent, x: xy[2 * i] ?? 0, y: xy[2 * i + 1] ?? 0, label: labels[i] ?? 0 };
  }
  return null;
}

function Example({ data, split, i, caption }: { data: ExplorerData; split: 'train' | 'test'; i: number; caption: string }) {
  const input = useMemo(() => inputOf(data, split, i), [data, split, i]);
  return (
    <figure className="memo-example">
      {input ? <ExampleThumb input={input} size={split === 'train' ? 76 : 56} label={caption} /> : null}
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

/**
 * The explorer's three views over the finished models: memorisation per class against class
 * frequency, the most memorised training examples with the test examples they help most, and
 * the removal experiment.
 */
export function MemorisationViews({ models, removals, data, t }: { models: readonly SubsetModelResult[]; removals: readonly RemovalResult[]; data: ExplorerData; t: number }) {
  const est = useMemo(() => estimateMemorisation(models, data.trainY.length), [models, data]);
  const rows = useMemo(() => classRows(est, data), [est, data]);
  const bySplit = useMemo(() => splitMeans(est, data), [est, data]);
  const gallery = useMemo(() => galleryEntries(models, est, data, 8, 3), [models, est, data]);
  const series = useMemo(() => removalSeries(removals, data), [removals, data]);
  const name = (c: number) => data.classNames[c] ?? String(c);
  return (
    <div className="memo-views">
      <ChartCard
        testId="memo-by-class"
        title="Mean memorisation per class, against how many training examples the class has"
        subtitle={`From ${models.length} subset models; bars: ± one standard error over the class's examples. Rare classes are learnt by memorising their few examples.`}
        actions={<PngButton name="memorisation-per-class" />}
      >
        <p className="memo-split-means" data-testid="memo-split-means" data-many={bySplit.many} data-few={bySplit.few}>
          {SPLIT_NAMES.filter((s) => Number.isFinite(bySplit[s])).map((s) => (
            <span key={s} style={{ color: SPLIT_MARKS[s] }}>
              {SPLIT_LABELS[s]}: {formatPercent(bySplit[s], 1)}{' '}
            </span>
          ))}
        </p>
        <MemorisationByClass points={rows} />
      </ChartCard>
      <ChartCard
        testId="memo-gallery"
        title="The most memorised training examples, and the test examples they help most"
        subtitle="mem ± its standard error (from the counts of models with and without the example). infl: how much more often a test example is right when this training example was in the subset."
      >
        <ol className="memo-gallery">
          {gallery.map((g) => (
            <li key={g.i} data-testid="memo-gallery-item">
              <Example data={data} split="train" i={g.i} caption={`#${g.i} · ${name(g.label)} · mem ${formatPercent(g.mem)} ± ${formatPercent(g.se)}`} />
              <div className="memo-influenced">
                {g.influenced.length ? (
                  g.influenced.map((p) => <Example key={p.test} data={data} split="test" i={p.test} caption={`test #${p.test} · ${name(p.label)} · infl ${formatPercent(p.influence)}`} />)
                ) : (
                  <span className="muted">no test example it helps</span>
                )}
              </div>
            </li>
          ))}
        </ol>
      </ChartCard>
      <ChartCard
        testId="memo-removal"
        title="Test accuracy without the most memorised examples, against without as many random ones"
        subtitle={`Retrained (one model each, the run's own seed) on the training set without the top-memorised examples by the ${t} models' estimates, or without as many drawn at random.`}
        actions={<PngButton name="memorisation-removal" />}
      >
        {series.length ? (
          <>
            <RemovalChart points={series} total={data.trainY.length} />
            <table className="memo-removal-table" data-testid="memo-removal-table">
              <thead>
                <tr>
                  <th scope="col">Removed</th>
                  <th scope="col">Top-memorised: acc / balanced</th>
                  <th scope="col">Random: acc / balanced</th>
                </tr>
              </thead>
              <tbody>
                {series.map((p) => (
                  <tr key={p.count}>
                    <td>{p.count}</td>
                    <td>
                      {formatPercent(p.top, 1)} / {formatPercent(p.topBalanced, 1)}
                    </td>
                    <td>
                      {formatPercent(p.random, 1)} / {formatPercent(p.randomBalanced, 1)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p className="muted">These models train once all {t} subset models have finished.</p>
        )}
      </ChartCard>
    </div>
  );
}
