import { useMemo, useRef } from 'react';
import { linearScale } from './svg/geometry';
import { classColor } from './palette';
import { useWidth } from './useWidth';
import { BORDER, MUTED, SMALL_FONT } from './theme';

export interface SubclassScatterProps {
  /** Row-major [points × 2]. */
  points: Float32Array;
  /** Class of each point. */
  labels: Int32Array;
  /** Subclass of each point within its class; −1: none yet (drawn as plain dots). */
  subclass: Int32Array;
  classNames: readonly string[];
  /** Axis captions, e.g. 'x₁' / 'x₂' or 'PC 1' / 'PC 2'. */
  axes: [string, string];
  /** Largest side in CSS px. */
  maxSize?: number;
}

/** Marker shapes cycled over a class's subclasses (with a lighter shade every fifth), so neighbouring subclasses differ. */
const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'cross'] as const;
const R = 3.2;
const PAD = 14;

function marker(shape: (typeof SHAPES)[number], x: number, y: number): string {
  switch (shape) {
    case 'square':
      return `M${x - R},${y - R}h${2 * R}v${2 * R}h${-2 * R}Z`;
    case 'triangle':
      return `M${x},${y - R * 1.2}L${x + R * 1.1},${y + R * 0.8}L${x - R * 1.1},${y + R * 0.8}Z`;
    case 'diamond':
      return `M${x},${y - R * 1.3}L${x + R},${y}L${x},${y + R * 1.3}L${x - R},${y}Z`;
    case 'cross':
      return `M${x - R},${y - R}L${x + R},${y + R}M${x - R},${y + R}L${x + R},${y - R}`;
    default:
      return `M${x - R},${y}a${R},${R} 0 1,0 ${2 * R},0a${R},${R} 0 1,0 ${-2 * R},0`;
  }
}

/**
 * Training points in a plane (the 2-D inputs, or the embedding's first two principal components),
 * coloured by class, with a marker per subclass and a ring at the centre of each subclass: SBCL's
 * k-means splits the head classes into many small groups, the tail stays one group.
 */
export function SubclassScatter({ points, labels, subclass, classNames, axes, maxSize = 420 }: SubclassScatterProps) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  const size = Math.max(160, Math.min(maxSize, width || maxSize));
  const layout = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of points) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    if (!(hi > lo)) [lo, hi] = [-1, 1];
    const x = linearScale(lo, hi, PAD, size - PAD);
    const y = linearScale(lo, hi, size - PAD, PAD);
    const centres = new Map<string, { c: number; sx: number; sy: number; n: number }>();
    const marks = Array.from(labels, (c, i) => {
      const px = x(points[2 * i] ?? 0);
      const py = y(points[2 * i + 1] ?? 0);
      const k = subclass[i] ?? -1;
      if (k >= 0) {
        const key = `${c}:${k}`;
        const e = centres.get(key) ?? { c, sx: 0, sy: 0, n: 0 };
        centres.set(key, { c, sx: e.sx + px, sy: e.sy + py, n: e.n + 1 });
      }
      return { c, k, d: marker(k >= 0 ? (SHAPES[k % SHAPES.length] ?? 'circle') : 'circle', px, py), light: k >= 0 && Math.floor(k / SHAPES.length) % 2 === 1 };
    });
    return { marks, centres: [...centres.values()].filter((e) => e.n >= 2) };
  }, [points, labels, subclass, size]);

  return (
    <div ref={ref} style={{ width: '100%' }}>
      <svg width={size} height={size} role="img" aria-label={`Training points by class and subclass, ${axes[0]} against ${axes[1]}`} style={{ display: 'block', maxWidth: '100%' }}>
        <rect x={0.5} y={0.5} width={size - 1} height={size - 1} fill="#ffffff" stroke={BORDER} />
        {layout.marks.map((m, i) => {
          const color = classColor(m.c);
          const line = SHAPES[m.k % SHAPES.length] === 'cross';
          return (
            <path key={i} d={m.d} fill={line ? 'none' : color} fillOpacity={m.light ? 0.35 : 0.75} stroke={color} strokeWidth={line ? 1.4 : 0.6}>
              <title>{`${classNames[m.c] ?? `class ${m.c}`}${m.k >= 0 ? `, subclass ${m.k + 1}` : ''}`}</title>
            </path>
          );
        })}
        {layout.centres.map((e, i) => (
          <circle key={`c${i}`} cx={e.sx / e.n} cy={e.sy / e.n} r={6} fill="none" stroke={classColor(e.c)} strokeWidth={1.6} />
        ))}
        <text x={size - 6} y={size - 4} textAnchor="end" fontSize={SMALL_FONT} fill={MUTED}>
          {axes[0]}
        </text>
        <text x={6} y={SMALL_FONT + 2} fontSize={SMALL_FONT} fill={MUTED}>
          {axes[1]}
        </text>
      </svg>
    </div>
  );
}
