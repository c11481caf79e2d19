import { useCallback, useMemo } from 'react';
import type { WeightSpectrum } from '../training/measures/spectrum';
import { ChartLegend } from './ChartLegend';
import { seriesColor } from './palette';
import { ChartSvg, GridRows, XAxis, YAxis, type Plot } from './svg/Axes';
import { linearScale, linePath } from './svg/geometry';
import { PlotArea } from './svg/PlotArea';
import { MUTED, SMALL_FONT } from './theme';
import { TooltipBox, TooltipRow } from './TooltipBox';

const MARGIN = { top: 8, right: 12, bottom: 46, left: 52 };
const Y_TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * The singular values of each weight matrix, divided by its largest, against their rank (as a
 * share of the matrix's min(rows, cols), so matrices of different sizes share one axis). A flat
 * line is an isotropic spectrum (every direction used alike: Muon's updates push towards it); a
 * line that drops at once is a matrix dominated by a few directions.
 */
export function SpectrumChart({ spectra, height = 240 }: { spectra: readonly WeightSpectrum[]; height?: number }) {
  const lines = useMemo(
    () =>
      spectra.map((w, i) => {
        const top = w.singularValues[0] ?? 0;
        const k = w.singularValues.length;
        return {
          w,
          color: seriesColor(i),
          points: Array.from(w.singularValues, (s, j) => ({ share: k > 1 ? j / (k - 1) : 0, value: top > 0 ? s / top : 0 })),
        };
      }),
    [spectra],
  );

  const layout = useCallback((width: number) => {
    const plot: Plot = { left: MARGIN.left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
    return { plot, x: linearScale(0, 1, plot.left, plot.right), y: linearScale(0, 1, plot.bottom, plot.top) };
  }, [height]);

  const draw = useCallback(
    (width: number) => {
      const { plot, x, y } = layout(width);
      const yTicks = Y_TICKS.map((v) => ({ value: v, at: y(v) }));
      const xTicks = Y_TICKS.map((v) => ({ value: v, at: x(v) }));
      return (
        <ChartSvg width={width} height={height} label="Singular values of each weight matrix">
          <GridRows plot={plot} ticks={yTicks} />
          <YAxis plot={plot} side="left" ticks={yTicks} format={(v) => v.toFixed(2)} title="σᵢ / σ₁" titleOffset={MARGIN.left - 12} />
          <XAxis plot={plot} ticks={xTicks} format={(v) => `${Math.round(v * 100)}%`} title="rank i, as a share of min(rows, cols)" />
          {lines.map((l) => (
            <path key={l.w.name} d={linePath(l.points.map((p) => ({ x: x(p.share), y: y(p.value) })))} fill="none" stroke={l.color} strokeWidth={2.5} />
          ))}
        </ChartSvg>
      );
    },
    [layout, lines, height],
  );

  const hitTest = useCallback(
    (px: number, py: number, width: number) => {
      const { plot, x } = layout(width);
      return px >= plot.left && px <= plot.right && py >= plot.top && py <= plot.bottom ? Math.min(1, Math.max(0, x.invert(px))) : null;
    },
    [layout],
  );

  const tooltip = useCallback(
    (share: number) => (
      <TooltipBox title={`${Math.round(share * 100)}% along the spectrum`}>
        {lines.map((l) => {
          const k = l.points.length;
          const p = l.points[Math.round(share * (k - 1))];
          return <TooltipRow key={l.w.name} label={l.w.name} color={l.color} value={p ? p.value.toFixed(3) : '—'} />;
        })}
      </TooltipBox>
    ),
    [lines],
  );

  const highlight = useCallback(
    (share: number, width: number) => {
      const { plot, x } = layout(width);
      return <line x1={x(share)} x2={x(share)} y1={plot.top} y2={plot.bottom} stroke={MUTED} strokeDasharray="3 3" />;
    },
    [layout],
  );

  return (
    <div>
      <ChartLegend items={lines.map((l) => ({ label: `${l.w.name} (${l.w.shape[0]} × ${l.w.shape[1]})`, color: l.color, mark: 'line' as const }))} />
      <PlotArea height={height} draw={draw} hitTest={hitTest} tooltip={tooltip} highlight={highlight} />
      <table className="spectrum-table" data-testid="spectrum-table" style={{ fontSize: SMALL_FONT, color: MUTED, marginTop: 4 }}>
        <thead>
          <tr>
            <th scope="col">Matrix</th>
            <th scope="col">Effective rank</th>
            <th scope="col">SVD entropy</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.w.name}>
              <td>{l.w.name}</td>
              <td>
                {l.w.effectiveRank.toFixed(1)} of {l.w.singularValues.length}
              </td>
              <td>{l.w.entropy.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
