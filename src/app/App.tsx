import { getMethod } from '../training/methods/registry';
import { ConfigPanel } from './components/ConfigPanel';
import { Dashboard } from './components/Dashboard';
import { MethodCard } from './components/MethodPicker';
import { RunControls, isLive } from './components/RunControls';
import { RunStatus } from './components/RunStatus';
import { selectActiveRun, useLab } from './store';

export function App() {
  const run = useLab(selectActiveRun);
  const methodId = useLab((s) => s.config.method.id);
  const method = getMethod(run?.config.method.id ?? methodId);
  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>Long-Tail Lab</h1>
          <p className="tagline">Train a small model on long-tailed data, live in your browser, and watch what happens to the rare classes.</p>
        </div>
      </header>
      <div className="app-body">
        <ConfigPanel locked={isLive(run?.status)} />
        <main className="main">
          <RunControls />
          <RunStatus />
          <MethodCard method={method} />
          {run ? <Dashboard run={run} /> : <Intro />}
        </main>
      </div>
    </div>
  );
}

function Intro() {
  return (
    <section className="card intro">
      <h2>What you will see</h2>
      <p>
        The training set is long-tailed: class 0 has the most examples and each following class fewer, down to a handful. Press{' '}
        <strong>Start</strong> and a small neural network trains in a background worker while the charts update: how accurate each class
        is against how often it was seen, the Many / Medium / Few split, calibration, and the regions the model gives to each class.
      </p>
      <p>With plain cross-entropy the rare classes lose: the model learns that head classes are likely and gives them the doubtful regions.</p>
    </section>
  );
}
