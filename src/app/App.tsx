import { useDeferredValue } from 'react';
import { findMethod, getMethod } from '../training/methods/registry';
import { ConfigPanel } from './components/ConfigPanel';
import { CompareView } from './components/CompareView';
import { Dashboard } from './components/Dashboard';
import { LessonBanner, LessonsGallery } from './components/Lessons';
import { MethodCard } from './components/MethodPicker';
import { Notices } from './components/Notices';
import { RunControls } from './components/RunControls';
import { RunStatus } from './components/RunStatus';
import { ShareBar } from './components/ShareBar';
import { LESSONS } from './lessons/lessons';
import { selectAnyBusy, selectSelectedEntry, selectSelectedRun, useLab } from './store';
import { runLabel, type ViewId } from './workspace';

export function App() {
  const busy = useLab(selectAnyBusy);
  const view = useLab((s) => s.workspace.view);
  // A new view (a lesson opening, a tab clicked) is drawn in a transition, which React slices
  // into short tasks; store updates alone are always drawn in one synchronous task.
  const shownView = useDeferredValue(view);
  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>Long-Tail Lab</h1>
          <p className="tagline">Train small models on long-tailed data, live in your browser, and watch what happens to the rare classes.</p>
        </div>
      </header>
      <Notices />
      <div className="app-body">
        <ConfigPanel locked={busy} />
        <main className="main">
          <RunControls />
          <ShareBar />
          <ViewTabs />
          {shownView !== 'lessons' ? <LessonBanner /> : null}
          {shownView === 'run' ? <SingleRunView /> : shownView === 'compare' ? <CompareView /> : <LessonsGallery />}
        </main>
      </div>
    </div>
  );
}

function ViewTabs() {
  const view = useLab((s) => s.workspace.view);
  const setView = useLab((s) => s.setView);
  const entry = useLab(selectSelectedEntry);
  const index = useLab((s) => s.workspace.selected);
  const count = useLab((s) => s.workspace.runs.length);
  const tabs: { id: ViewId; label: string }[] = [
    { id: 'run', label: entry ? `Run ${count > 1 ? runLabel(index, entry.method) : `· ${findMethod(entry.method.id)?.label ?? entry.method.id}`}` : 'Run' },
    { id: 'compare', label: `Compare ${count} ${count === 1 ? 'run' : 'runs'}` },
    { id: 'lessons', label: `Lessons (${LESSONS.length})` },
  ];
  return (
    <div className="view-tabs" role="tablist" aria-label="Views">
      {tabs.map((t) => (
        <button key={t.id} type="button" role="tab" aria-selected={view === t.id} className={view === t.id ? 'active' : undefined} onClick={() => setView(t.id)} data-testid={`view-${t.id}`}>
          {t.label}
        </button>
      ))}
    </div>
  );
}

/** The selected run on its own: status, the method's card, and its live charts. */
function SingleRunView() {
  const run = useLab(selectSelectedRun);
  const entry = useLab(selectSelectedEntry);
  const index = useLab((s) => s.workspace.selected);
  const method = getMethod(run?.config.method.id ?? entry?.method.id ?? 'ce');
  return (
    <>
      <RunStatus />
      <MethodCard method={method} />
      {run ? <Dashboard run={run} index={index} /> : <Intro />}
    </>
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
      <p>
        Add runs with other methods in the <strong>Runs</strong> list to compare them on the identical data, or open a <strong>Lesson</strong>.
      </p>
    </section>
  );
}
