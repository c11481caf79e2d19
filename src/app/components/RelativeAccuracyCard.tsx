import { useShallow } from 'zustand/react/shallow';
import { formatPercent } from '../../charts/theme';
import { getMethod } from '../../training/methods/registry';
import { trainingTotal } from '../../training/measures/relativeAccuracy';
import { neededReferences } from '../relative';
import { useLab } from '../store';

/**
 * The relative-accuracy switch and its reference runs, shown apart from the comparison: they
 * train on balanced data, so they are a yardstick, not competitors.
 */
export function RelativeAccuracyCard() {
  const { workspace, runs, setRelativeAccuracy } = useLab(useShallow((s) => ({ workspace: s.workspace, runs: s.runs, setRelativeAccuracy: s.setRelativeAccuracy })));
  const on = workspace.relativeAccuracy === true;
  const references = [...neededReferences(workspace)];
  return (
    <section className="card" data-testid="relative-accuracy">
      <label>
        <input type="checkbox" data-testid="toggle-relative-accuracy" checked={on} onChange={(e) => setRelativeAccuracy(e.currentTarget.checked)} /> Relative accuracy
        (RA = A_t / A_u)
      </label>
      <p className="muted">
        The survey’s point (Zhang et al., <em>Deep Long-Tailed Learning: A Survey</em>): a method can gain accuracy over cross-entropy yet stay far from what
        balanced data would give. A_u is the better of cross-entropy and the same method trained on a balanced set with as many examples; RA says how
        much of that the method reaches on the long tail. Turning it on trains those reference runs (same seed, model and test set) in the background.
      </p>
      {on && references.length ? (
        <table className="reference-runs" data-testid="reference-runs">
          <caption>Reference runs: balanced training set, {references[0] ? Math.floor(trainingTotal(references[0][1]) / references[0][1].dataset.classes) : 0} examples per class</caption>
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Status</th>
              <th scope="col">Accuracy</th>
            </tr>
          </thead>
          <tbody>
            {references.map(([id, config]) => {
              const run = runs[id];
              return (
                <tr key={id} data-testid="reference-run" data-status={run?.status ?? 'none'}>
                  <td>{getMethod(config.method.id).label}</td>
                  <td>{run?.status ?? '…'}</td>
                  <td>{run?.status === 'done' && run.latest ? formatPercent(run.latest.test.accuracy, 1) : '…'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
