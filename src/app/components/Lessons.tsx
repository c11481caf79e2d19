import { loadWorkspace, startAll } from '../actions';
import { estimatedSeconds } from '../lessons/cost';
import { LESSONS, type Lesson } from '../lessons/lessons';
import { encodeState, fromLinkState } from '../share/codec';
import { parseLinkState } from '../share/schema';
import { useLab } from '../store';
import { methodLabel } from '../workspace';

/** Loads a lesson's workspace and trains it. Lessons are validated like links before they load. */
function openLesson(lesson: Lesson): void {
  const parsed = parseLinkState(lesson.state);
  if (!parsed.ok) {
    useLab.getState().notify({ topic: 'lesson', tone: 'error', message: `The lesson “${lesson.title}” cannot open in this version: ${parsed.errors[0] ?? 'invalid settings'}.` });
    return;
  }
  // A teacher presenting stays in presentation mode from one lesson to the next.
  loadWorkspace({ ...fromLinkState(parsed.state), present: useLab.getState().workspace.present });
  useLab.getState().dismissNotice('lesson');
  // The runs start in a task of their own: drawing the lesson's view and starting four runs in
  // the click's task would block the page for longer than a frame should take.
  setTimeout(startAll, 0);
}

/**
 * A lesson's other settings (another optimiser), each a link that opens beside this tab: the runs
 * of one workspace share the optimiser, so the comparison is three tabs side by side.
 */
export function LessonVariants({ lesson }: { lesson: Lesson }) {
  if (!lesson.variants) return null;
  return (
    <p className="lesson-variants" data-testid="lesson-variants">
      <strong>{lesson.variantsIntro ?? 'The same in another tab (press Start there):'}</strong>{' '}
      {lesson.variants.map((v, i) => (
        <span key={v.label}>
          {i > 0 ? ' · ' : null}
          <a href={`#w=${encodeState(v.state)}`} target="_blank" rel="noreferrer" data-testid={`lesson-variant-${i}`}>
            {v.label}
          </a>
        </span>
      ))}
    </p>
  );
}

function LessonCard({ lesson }: { lesson: Lesson }) {
  const seconds = Math.max(5, Math.round(estimatedSeconds(lesson.state) / 5) * 5);
  return (
    <article className="card lesson-card" data-testid="lesson-card" data-lesson={lesson.id}>
      <h3>{lesson.title}</h3>
      <p className="lesson-question">{lesson.question}</p>
      {lesson.text.map((paragraph, i) => (
        <p key={i}>{paragraph}</p>
      ))}
      <p className="lesson-runs">
        <strong>Runs:</strong> {lesson.state.runs.map((r) => methodLabel(r.method)).join(' · ')}
      </p>
      <LessonVariants lesson={lesson} />
      <div className="lesson-footer">
        <span className="muted">
          {lesson.state.runs.length} {lesson.state.runs.length === 1 ? 'run' : 'runs'} · under {seconds} s on a laptop
        </span>
        <button type="button" className="primary" onClick={() => openLesson(lesson)} data-testid={`open-lesson-${lesson.id}`}>
          Run this lesson
        </button>
      </div>
    </article>
  );
}

/** The lessons for a class: each one loads its runs and trains them. */
export function LessonsGallery() {
  return (
    <section className="lessons" aria-label="Lessons" data-testid="lessons">
      <p className="lessons-intro">
        Each lesson sets up a small comparison that trains in under a minute, with a text to read to the class while it trains. Opening a lesson replaces the current runs.
      </p>
      <div className="lesson-grid">
        {LESSONS.map((lesson) => (
          <LessonCard key={lesson.id} lesson={lesson} />
        ))}
      </div>
    </section>
  );
}
