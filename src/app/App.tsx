import { useCallback, useDeferredValue, useState } from 'react';
import { ChartFocus } from '../charts/focus';
import { findMethod, getMethod } from '../training/methods/registry';
import { ConfigPanel } from './components/ConfigPanel';
import { CompareView } from './components/CompareView';
import { Dashboard } from './components/Dashboard';
import { LessonBanner, useLessonFocus } from './components/LessonBanner';
import { LessonsGallery } from './components/Lessons';
import { MethodCard } from './components/MethodPicker';
import { Notices } from './components/Notices';
import { RunControls } from './components/RunControls';
import { RunStatus } from './components/RunStatus';
import { ShareBar } from './components/ShareBar';
import { ShortcutsHelp } from './components/ShortcutsHelp';
import { useShortcuts } from './keyboard/useShortcuts';
import { LESSONS } from './lessons/lessons';
import { selectAnyBusy, selectSelectedEntry, selectSelectedRun, useLab } from './store';
import { runLabel, type ViewId } from './workspace';

/**
 * The page. Wide screens: settings and runs in a sidebar, the stage (controls, lesson) and the
 * views beside it. Narrow screens: one column, charts first, settings folded behind one button.
 * Presentation mode hides the settings, the run list and the share bar, keeps the controls and
 * the lesson beside the charts and enlarges everything (styles.css).
 */
export function App() {
  const busy = useLab(selectAnyBusy);
  const view = useLab((s) => s.workspace.view);
  const present = useLab((s) => Boolean(s.workspace.present));
  // A new view (a lesson opening, a tab clicked) is drawn in a transition, which React slices
  // into short tasks; store updates alone are always drawn in one synchronous task.
  const shownView = useDeferredValue(view);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const closeHelp = useCallback(() => setHelpOpen(false), []);
  useShortcuts(helpOpen, setHelpOpen);
  const focus = useLessonFocus();
  return (
    <div className={present ? 'app presenting' : 'app'} data-testid="app" data-present={present ? 'true' : 'false'}>
      <header className="app-header">
        <div className="app-title">
          <h1>Long-Tail Lab</h1>
          <p className="tagline">Train small models on long-tailed data, live in your browser, and watch what happens to the rare classes.</p>
        </div>
        <AppActions settingsOpen={settingsOpen} toggleSettings={() => setSettingsOpen((o) => !o)} openHelp={() => setHelpOpen(true)} />
      </header>
      <Notices />
      <div className="app-body">
        <div id="settings" className={settingsOpen ? 'settings open' : 'settings'} data-testid="settings">
          <ConfigPanel locked={busy} />
        </div>
        <main className="main">
          <div className="stage">
            <RunControls />
            <ShareBar />
            {shownView !== 'lessons' ? <LessonBanner /> : null}
          </div>
          <div className="stage-views">
            <ViewTabs />
            <ChartFocus.Provider value={focus}>
              {shownView === 'run' ? <SingleRunView /> : shownView === 'compare' ? <CompareView /> : <LessonsGallery />}
            </ChartFocus.Provider>
          </div>
        </main>
      </div>
      <ShortcutsHelp open={helpOpen} onClose={closeHelp} />
    </div>
  );
}

/** The header's buttons: settings (on narrow screens), presentation mode, keyboard help. */
function AppActions({ settingsOpen, toggleSettings, openHelp }: { settingsOpen: boolean; toggleSettings: () => void; openHelp: () => void }) {
  const present = useLab((s) => Boolean(s.workspace.present));
  const setPresent = useLab((s) => s.setPresent);
  const runs = useLab((s) => s.workspace.runs.length);
  return (
    <div className="app-actions">
      <button type="button" className="header-button settings-toggle" aria-expanded={settingsOpen} aria-controls="settings" onClick={toggleSettings} data-testid="settings-toggle">
        {settingsOpen ? 'Hide settings' : `Settings & runs (${runs})`}
      </button>
      <button type="button" className="header-button" aria-pressed={present} onClick={() => setPresent(!present)} data-testid="present-toggle" title="Presentation mode for a projector (P)">
        {present ? 'Leave presentation' : 'Present'}
      </button>
      <button type="button" className="header-button" onClick={openHelp} data-testid="help-open" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
        ?
      </button>
    </div>
  );
}

function ViewTabs() {
  const view = useLab((s) => s.workspace.view);
  const setView = useLab((s) => s.setView);
  const entry = useLab(selectSelectedEntry);
  const index = useLab((s) => s.workspace.selected);
  const count = useLab((s) => s.workspace.runs.length);
  // The detail (which run, how many) is dropped on a phone, where three full labels do not fit.
  const tabs: { id: ViewId; label: string; detail: string }[] = [
    { id: 'run', label: 'Run', detail: entry ? ` ${count > 1 ? runLabel(index, entry.method) : `· ${findMethod(entry.method.id)?.label ?? entry.method.id}`}` : '' },
    { id: 'compare', label: 'Compare', detail: ` ${count} ${count === 1 ? 'run' : 'runs'}` },
    { id: 'lessons', label: 'Lessons', detail: ` (${LESSONS.length})` },
  ];
  return (
    <div className="view-tabs" role="tablist" aria-label="Views">
      {tabs.map((t, i) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          aria-selected={view === t.id}
          aria-keyshortcuts={String(i + 1)}
          className={view === t.id ? 'active' : undefined}
          onClick={() => setView(t.id)}
          data-testid={`view-${t.id}`}
        >
          {t.label}
          <span className="tab-detail">{t.detail}</span>
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
