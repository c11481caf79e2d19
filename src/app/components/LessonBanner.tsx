import { LessonVariants } from './Lessons';
import { useEffect } from 'react';
import { findLesson, type Lesson } from '../lessons/lessons';
import { LESSON_STEPS } from '../lessons/lessonSteps';
import { progressOf, reachedSteps, triggerLabel, type LessonChart, type LessonStep } from '../lessons/steps';
import { useLab, type LabState } from '../store';
import { NARROW, useMediaQuery } from '../useMediaQuery';

const NO_STEPS: readonly LessonStep[] = [];

function stepsOf(lesson: Lesson | undefined): readonly LessonStep[] {
  return (lesson && LESSON_STEPS[lesson.id]) ?? NO_STEPS;
}

/** How many of the open lesson's steps the training has reached (one number: re-renders stay rare). */
function selectReached(s: LabState): number {
  const steps = stepsOf(findLesson(s.workspace.lesson));
  return steps.length ? reachedSteps(steps, s.workspace.runs.map((entry) => progressOf(s.runs[entry.id]))) : 0;
}

/** The test ids of the cards the latest step speaks of, in the Run and the Compare view. */
export function focusIds(chart: LessonChart | undefined): readonly string[] {
  return chart ? [`chart-${chart}`, `compare-${chart}`, chart] : [];
}

/** The open lesson's current step, for the chart highlight. */
export function useLessonFocus(): readonly string[] {
  const lesson = findLesson(useLab((s) => s.workspace.lesson));
  const reached = useLab(selectReached);
  const steps = stepsOf(lesson);
  return focusIds(reached > 0 ? steps[reached - 1]?.chart : undefined);
}

/**
 * The open lesson above the charts: its question, the steps the training has reached so far
 * (the latest one marked, its chart highlighted), and the text to read. On a phone the text
 * starts folded, so the steps and the charts come first.
 */
export function LessonBanner() {
  const lesson = findLesson(useLab((s) => s.workspace.lesson));
  const setLesson = useLab((s) => s.setLesson);
  const present = useLab((s) => Boolean(s.workspace.present));
  const reached = useLab(selectReached);
  const narrow = useMediaQuery(NARROW);
  const steps = stepsOf(lesson);

  // On a projector the chart a new step speaks of is scrolled into view; on a phone the reader
  // scrolls, and the page must not move under their thumb.
  useEffect(() => {
    if (!present || reached === 0) return;
    const card = document.querySelector('[data-lesson-focus="true"]');
    const box = card?.getBoundingClientRect();
    if (!card || !box || (box.top >= 0 && box.bottom <= window.innerHeight)) return;
    // Its top at the top: a card still drawing grows downwards, and stays in view.
    const calm = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    card.scrollIntoView({ block: 'start', behavior: calm ? 'auto' : 'smooth' });
  }, [present, reached]);

  if (!lesson) return null;
  const next = steps[reached];
  const current = reached > 0 ? steps[reached - 1] : undefined;
  return (
    <section className="card lesson-banner" aria-labelledby="lesson-title" data-testid="lesson-banner">
      <header>
        <h2 id="lesson-title">Lesson: {lesson.title}</h2>
        <button type="button" className="link-button" onClick={() => setLesson(null)}>
          Hide
        </button>
      </header>
      <p className="lesson-question">{lesson.question}</p>
      <LessonVariants lesson={lesson} />
      {steps.length ? (
        <div className="lesson-steps" aria-live="polite" data-testid="lesson-steps" data-reached={reached}>
          {/* Earlier steps fold away: the latest one must stay in view on a phone and in the
              projector's sticky column, however many came before it. */}
          {reached > 1 ? (
            <details className="lesson-earlier">
              <summary>Earlier steps ({reached - 1})</summary>
              <ol>
                {steps.slice(0, reached - 1).map((step, i) => (
                  <li key={i} data-testid="lesson-step">
                    {step.text}
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
          {current ? (
            <p className="lesson-current" aria-current="step" data-testid="lesson-step">
              <span className="lesson-step-number">
                Step {reached} of {steps.length}
              </span>{' '}
              {current.text}
            </p>
          ) : null}
          <p className="muted lesson-next">
            {reached === 0
              ? `Press Start: ${steps.length} steps appear here as the runs train.`
              : next
                ? `Next step ${triggerLabel(next.when)}; Pause holds this one.`
                : `All ${steps.length} steps shown.`}
          </p>
        </div>
      ) : null}
      <details className="lesson-text" open={!narrow}>
        <summary>Read the lesson</summary>
        {lesson.text.map((paragraph, i) => (
          <p key={i}>{paragraph}</p>
        ))}
        <p>
          <strong>Look for:</strong> {lesson.lookFor}
        </p>
      </details>
    </section>
  );
}
