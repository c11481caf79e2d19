import { useState } from 'react';
import { chartPng } from '../export/png';
import { downloadBlob, slug } from '../export/download';

/**
 * Downloads the chart card it sits in as a PNG. It finds its card from the DOM when clicked,
 * so any ChartCard can take one without the chart knowing about exports.
 */
export function PngButton({ name }: { name: string }) {
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="chart-action"
      data-export-skip=""
      data-testid={`png-${slug(name)}`}
      disabled={state === 'busy'}
      title={state === 'failed' ? 'The PNG could not be made in this browser' : 'Download this chart as a PNG image'}
      onClick={async (e) => {
        const card = e.currentTarget.closest('section');
        if (!(card instanceof HTMLElement)) return;
        setState('busy');
        try {
          downloadBlob(`long-tail-lab-${slug(name)}.png`, await chartPng(card));
          setState('idle');
        } catch {
          setState('failed');
        }
      }}
    >
      {state === 'failed' ? 'PNG failed' : 'PNG'}
    </button>
  );
}
