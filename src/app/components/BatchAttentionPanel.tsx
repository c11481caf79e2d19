import { useState } from 'react';
import { BatchAttentionMap } from '../../charts/BatchAttentionMap';
import { ChartCard } from '../../charts/ChartCard';
import { attentionCsv, splitShares, type AttentionMode } from '../../charts/attentionMatrix';
import { formatPercent } from '../../charts/theme';
import type { SplitName } from '../../training/data/longtail';
import type { BatchAttentionSnapshot } from '../../training/snapshot';
import { downloadText } from '../export/download';
import { PngButton } from './PngButton';

interface Props {
  attention: BatchAttentionSnapshot;
  classNames: readonly string[];
  counts: readonly number[];
  splits: readonly SplitName[];
}

const MODES: readonly { mode: AttentionMode; label: string }[] = [
  { mode: 'share', label: 'Share of attention' },
  { mode: 'lift', label: 'Against uniform' },
];

/**
 * BatchFormer's view: which classes borrow from which. The class × class attention of its batch
 * transformer over the last epoch of training, with the tail-to-head share spelled out.
 */
export function BatchAttentionPanel({ attention, classNames, counts, splits }: Props) {
  const [mode, setMode] = useState<AttentionMode>('share');
  const shares = splitShares(attention.attention, splits);
  const uniform = splitShares(attention.uniform, splits);
  const hasTail = splits.includes('few') && splits.includes('many');
  const csv = () => downloadText(`long-tail-lab-batchformer-attention-epoch-${attention.epoch}.csv`, attentionCsv(attention.attention, attention.uniform, classNames), 'text/csv');
  return (
    <ChartCard
      testId="chart-batch-attention"
      title="BatchFormer: which classes borrow from which"
      subtitle={`Attention between the samples of each training batch, by class, ${attention.complete ? `over epoch ${attention.epoch}` : `over epoch ${attention.epoch} so far (${attention.steps} steps)`}. Test predictions never use it.`}
      actions={
        <span style={{ display: 'flex', gap: 6 }}>
          <button type="button" className="chart-action" data-export-skip="" data-testid="csv-batch-attention" onClick={csv} title="Download the matrix as CSV">
            CSV
          </button>
          <PngButton name="batchformer-attention" />
        </span>
      }
    >
      <div className="segmented" role="group" aria-label="How to read the cells" data-export-skip="">
        {MODES.map((m) => (
          <button key={m.mode} type="button" aria-pressed={mode === m.mode} data-testid={`attention-mode-${m.mode}`} onClick={() => setMode(m.mode)}>
            {m.label}
          </button>
        ))}
      </div>
      <BatchAttentionMap attention={attention.attention} uniform={attention.uniform} classNames={classNames} counts={counts} splits={splits} mode={mode} />
      {hasTail ? (
        <p className="small-text" data-testid="attention-tail-share">
          Few-class samples gave <strong>{formatPercent(shares.few.many)}</strong> of their attention to Many-class samples (uniform attention:{' '}
          {formatPercent(uniform.few.many)}), and {formatPercent(shares.few.few)} to Few-class ones (uniform: {formatPercent(uniform.few.few)}).
        </p>
      ) : null}
    </ChartCard>
  );
}
