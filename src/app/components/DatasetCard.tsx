import { useEffect, useRef } from 'react';
import type { DatasetConfig } from '../../training/config';
import { ownCard, testCountsOf, trainCountsOf, type OwnData } from '../../training/data/own';

/** Images of each class shown on the card: enough to see what a class looks like, small enough for 360 px. */
const THUMBS = 4;
/** Pixels between two thumbnails. */
const GAP = 2;
/** Feature columns of the sample rows shown for a table (what fits the sidebar); the rest are summarised as "…". */
const SAMPLE_FEATURES = 3;

/** The first `k` row indices of each class (class indices as stored), in stored order. */
export function firstRowsOf(y: Int32Array, classes: number, k: number): number[][] {
  const rows: number[][] = Array.from({ length: classes }, () => []);
  let missing = classes;
  for (let i = 0; i < y.length && missing > 0; i++) {
    const list = rows[y[i] ?? 0];
    if (list && list.length < k) {
      list.push(i);
      if (list.length === k) missing--;
    }
  }
  return rows;
}

/** A value as it was in the file (undoing the standardisation when the mean and spread were kept), for people. */
export function fileValue(data: Pick<OwnData, 'x' | 'mean' | 'std' | 'featureNames'>, row: number, feature: number): string {
  const d = data.featureNames.length;
  const z = data.x[row * d + feature] ?? 0;
  if (!data.mean || !data.std) return z.toFixed(2);
  const s = data.std[feature] ?? 1;
  const v = z * (s > 1e-12 ? s : 1) + (data.mean[feature] ?? 0);
  return String(Number(v.toPrecision(4)));
}

/**
 * Thumbnails of some images of one class, drawn from the stored pixels onto a canvas
 * (putImageData: no image URLs, so nothing for the content security policy to allow).
 */
function Thumbnails({ data, rows, label }: { data: OwnData; rows: number[]; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [h = 28, w = 28, channels = 1] = data.inputShape;
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const width = w * rows.length + GAP * (rows.length - 1);
    const image = ctx.createImageData(width, h);
    // The gaps between images in the border's grey, so that images of stripes do not run together.
    image.data.fill(220);
    rows.forEach((row, k) => {
      const base = row * h * w * channels;
      for (let p = 0; p < h * w; p++) {
        const at = 4 * (Math.floor(p / w) * width + k * (w + GAP) + (p % w));
        for (let c = 0; c < 3; c++) image.data[at + c] = Math.round(255 * (data.x[base + p * channels + (channels === 1 ? 0 : c)] ?? 0));
        image.data[at + 3] = 255;
      }
    });
    ctx.putImageData(image, 0, 0);
  }, [data, rows, h, w, channels]);
  return <canvas ref={canvas} className="own-thumbs" width={w * rows.length + GAP * (rows.length - 1)} height={h} role="img" aria-label={`${rows.length} images of class ${label}`} data-testid="own-sample" />;
}

/** Classes and counts as found, a sample of each, the natural imbalance, and what the current split makes of them. */
export function DatasetCard({ data, config }: { data: OwnData; config: DatasetConfig }) {
  const card = ownCard(data.counts);
  const images = data.inputShape.length === 3;
  const samples = firstRowsOf(data.y, data.counts.length, images ? THUMBS : 1);
  const test = testCountsOf(card.counts, { testFraction: config.ownTestFraction, test: config.ownTest });
  let train: number[] | null = null;
  let problem: string | null = null;
  try {
    train = trainCountsOf(
      card.counts.map((n, i) => n - (test[i] ?? 0)),
      { distribution: config.ownDistribution, nMax: config.nMax, rho: config.rho, headFraction: config.headFraction, testFraction: config.ownTestFraction, test: config.ownTest },
      card.order.map((c) => data.classNames[c] ?? ''),
    );
  } catch (e) {
    problem = e instanceof Error ? e.message : String(e);
  }
  const shown = data.featureNames.slice(0, SAMPLE_FEATURES);
  return (
    <div className="dataset-card" data-testid="dataset-card">
      <p>
        <strong>{data.name}</strong>: {card.rows.toLocaleString()} {images ? `images (${data.inputShape.join(' × ')})` : `rows, ${data.featureNames.length} features`}, {card.classes} classes, natural imbalance ratio{' '}
        <strong data-testid="own-imbalance">{card.imbalance.toFixed(1)}</strong>
        {data.projection ? ' · decision regions shown in the plane of the first two principal components' : ''}.
      </p>
      <div className="card-scroll">
        <table className="card-table">
          <thead>
            <tr>
              <th>Class</th>
              <th>As found</th>
              <th>Train</th>
              <th>Test</th>
            </tr>
          </thead>
          <tbody>
            {card.order.map((c, i) => (
              <tr key={c}>
                <td>{data.classNames[c]}</td>
                <td>{card.counts[i]}</td>
                <td>{train?.[i] ?? '—'}</td>
                <td>{test[i]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {images ? (
        <div className="card-samples" role="group" aria-label="A sample of each class" data-testid="own-samples">
          {card.order.map((c) => (
            <figure key={c}>
              <Thumbnails data={data} rows={samples[c] ?? []} label={data.classNames[c] ?? ''} />
              <figcaption>{data.classNames[c]}</figcaption>
            </figure>
          ))}
        </div>
      ) : null}
      {!images && shown.length ? (
        <div className="card-scroll">
          <table className="card-table card-rows" data-testid="own-sample-rows">
            <caption>A row of each class{data.mean ? ', as in the file' : ' (standardised)'}</caption>
            <thead>
              <tr>
                <th>Class</th>
                {shown.map((f, j) => (
                  <th key={j}>{f}</th>
                ))}
                {data.featureNames.length > shown.length ? <th>…</th> : null}
              </tr>
            </thead>
            <tbody>
              {card.order.map((c) => (
                <tr key={c} data-testid="own-sample">
                  <td>{data.classNames[c]}</td>
                  {shown.map((_, j) => (
                    <td key={j}>{fileValue(data, samples[c]?.[0] ?? 0, j)}</td>
                  ))}
                  {data.featureNames.length > shown.length ? <td>…</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {problem ? <p className="field-error">{problem}</p> : null}
    </div>
  );
}
