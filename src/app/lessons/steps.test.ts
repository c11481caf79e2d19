import { describe, expect, it } from 'vitest';
import { LESSONS } from './lessons';
import { LESSON_STEPS } from './lessonSteps';
import { LESSON_CHARTS, progressOf, reachedSteps, type LessonStep, type RunProgress } from './steps';
import type { RunView } from '../store';

const steps: LessonStep[] = [
  { when: { on: 'start' }, text: 'a' },
  { when: { on: 'epoch', epoch: 1 }, text: 'b' },
  { when: { on: 'run-done', run: 0 }, text: 'c' },
  { when: { on: 'all-done' }, text: 'd' },
];
const idle: RunProgress = { started: false, epoch: 0, done: false };
const at = (epoch: number, done = false): RunProgress => ({ started: true, epoch, done });

describe('lesson steps', () => {
  it('reach none before training, then each in turn as the training gets there', () => {
    expect(reachedSteps(steps, [idle, idle])).toBe(0);
    expect(reachedSteps(steps, [at(0), idle])).toBe(1);
    expect(reachedSteps(steps, [at(0.9), idle])).toBe(1);
    expect(reachedSteps(steps, [at(1), idle])).toBe(2);
    expect(reachedSteps(steps, [at(30, true), idle])).toBe(3);
    expect(reachedSteps(steps, [at(30, true), at(30, true)])).toBe(4);
  });

  it('take the furthest run for epochs, and the named run for "run finishes"', () => {
    expect(reachedSteps(steps, [at(0.2), at(1.5)])).toBe(2);
    // Run 2 finishing first does not say "run 1 has finished".
    expect(reachedSteps(steps, [at(3), at(30, true)])).toBe(2);
  });

  it('pass epoch steps once a run finishes, even when it trained fewer epochs than planned', () => {
    const planned: LessonStep[] = [{ when: { on: 'epoch', epoch: 15 }, text: 'x' }, { when: { on: 'all-done' }, text: 'y' }];
    expect(reachedSteps(planned, [at(2.9)])).toBe(0);
    expect(reachedSteps(planned, [at(3, true)])).toBe(2);
  });

  it('show a later step only once every earlier one is reached', () => {
    const late: LessonStep[] = [{ when: { on: 'epoch', epoch: 5 }, text: 'x' }, { when: { on: 'start' }, text: 'y' }];
    expect(reachedSteps(late, [at(2)])).toBe(0);
    expect(reachedSteps(late, [at(5)])).toBe(2);
  });

  it('hold while paused (the progress does not move) and fall back after a reset', () => {
    expect(reachedSteps(steps, [at(0.8), idle])).toBe(1);
    // One Step (a mini-batch) past the epoch line reveals the next step, and no further.
    expect(reachedSteps(steps, [at(1.02), idle])).toBe(2);
    expect(reachedSteps(steps, [idle, idle])).toBe(0);
  });

  it('read a run from the store: queued is not started, stopped is not finished', () => {
    const run = (status: RunView['status'], epoch?: number) => ({ status, latest: epoch === undefined ? undefined : { epoch } }) as unknown as RunView;
    expect(progressOf(undefined)).toEqual(idle);
    expect(progressOf(run('queued'))).toEqual(idle);
    expect(progressOf(run('running', 2.5))).toEqual(at(2.5));
    expect(progressOf(run('stopped', 4)).done).toBe(false);
    expect(progressOf(run('done', 30))).toEqual(at(30, true));
  });

  it('every lesson has steps, in reachable order, naming runs and charts it has', () => {
    for (const lesson of LESSONS) {
      const own = LESSON_STEPS[lesson.id];
      expect(own?.length, lesson.id).toBeGreaterThanOrEqual(3);
      for (const step of own ?? []) {
        if (step.when.on === 'run-done') expect(step.when.run).toBeLessThan(lesson.state.runs.length);
        if (step.when.on === 'epoch') expect(step.when.epoch).toBeLessThanOrEqual(lesson.state.shared.epochs);
        if (step.chart) expect(LESSON_CHARTS).toContain(step.chart);
        expect(step.text.length).toBeLessThan(240);
      }
      // Finished training reaches every step of the lesson.
      const finished = lesson.state.runs.map(() => at(lesson.state.shared.epochs, true));
      expect(reachedSteps(own ?? [], finished), lesson.id).toBe(own?.length);
    }
    expect(Object.keys(LESSON_STEPS).sort()).toEqual(LESSONS.map((l) => l.id).sort());
  });
});
