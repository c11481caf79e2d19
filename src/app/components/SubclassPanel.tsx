import { ChartCard } from '../../charts/ChartCard';
import { SubclassScatter } from '../../charts/SubclassScatter';
import type { SubclassSnapshot } from '../../training/snapshot';
import { PngButton } from './PngButton';

interface Props {
  subclasses: SubclassSnapshot;
  classNames: readonly string[];
  /** The stage of the latest evaluation, for the status line. */
  stage: 1 | 2;
}

/**
 * SBCL's view: the training points (a sample of each head class, every tail point) in the input
 * plane for 2-D data and in the embedding's principal plane, coloured by class, marked by the
 * subclass k-means gave them, with K_c and the class-adaptive temperature of each class.
 */
export function SubclassPanel({ subclasses, classNames, stage }: Props) {
  const { epoch, perClass, temperatures } = subclasses;
  const status =
    epoch < 0
      ? 'Warm-up: plain supervised contrastive learning on the classes; no subclasses yet.'
      : `Subclasses from k-means at the start of epoch ${epoch + 1}${stage === 2 ? '; stage 2 now trains the classifier on the frozen representation' : ''}.`;
  return (
    <ChartCard
      testId="chart-subclasses"
      actions={<PngButton name="sbcl-subclasses" />}
      title="Subclasses (SBCL)"
      subtitle="Colour: class. Marker: subclass (rings: subclass centres). Head classes are split into groups the size of the tail; contrastive learning balances the groups."
    >
      <p className="muted" data-testid="subclass-status" style={{ margin: '0 0 8px', fontSize: 13 }}>
        {status}
      </p>
      <div className="dashboard-grid">
        {subclasses.input ? (
          <figure style={{ margin: 0 }}>
            <figcaption className="muted" style={{ fontSize: 13 }}>Input space</figcaption>
            <SubclassScatter points={subclasses.input} labels={subclasses.labels} subclass={subclasses.subclass} classNames={classNames} axes={['x₁', 'x₂']} />
          </figure>
        ) : null}
        <figure style={{ margin: 0 }}>
          <figcaption className="muted" style={{ fontSize: 13 }}>Embedding (projection head, first two principal components)</figcaption>
          <SubclassScatter points={subclasses.embedding} labels={subclasses.labels} subclass={subclasses.subclass} classNames={classNames} axes={['PC 1', 'PC 2']} />
        </figure>
      </div>
      <p data-testid="subclass-counts" style={{ margin: '8px 0 0', fontSize: 13, lineHeight: 1.5 }}>
        {Array.from(perClass, (k, c) => `${classNames[c] ?? `class ${c}`}: ${k} subclass${k === 1 ? '' : 'es'}, τ ${(temperatures[c] ?? NaN).toFixed(3)}`).join(' · ')}
      </p>
    </ChartCard>
  );
}
