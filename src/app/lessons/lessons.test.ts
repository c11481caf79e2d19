import { describe, expect, it } from 'vitest';
import { findMethod } from '../../training/methods/registry';
import { parseLinkState } from '../share/schema';
import { estimatedSeconds, stepsPerRun } from './cost';
import { LESSONS } from './lessons';
import { KANG_OPTIMIZER } from '../../training/methods/tauNorm';

describe('lessons', () => {
  it('offers at least six, with distinct ids', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(6);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
  });

  it.each(LESSONS.map((l) => [l.id, l] as const))('%s names only methods of the registry', (_id, lesson) => {
    for (const run of lesson.state.runs) expect(findMethod(run.method.id), `method "${run.method.id}"`).toBeDefined();
  });

  it.each(LESSONS.map((l) => [l.id, l] as const))('%s is a valid link state, already in normal form', (_id, lesson) => {
    const parsed = parseLinkState(structuredClone(lesson.state));
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    if (parsed.ok) expect(parsed.state).toEqual(lesson.state);
    expect(lesson.state.lesson).toBe(lesson.id);
  });

  it.each(LESSONS.map((l) => [l.id, l] as const))('%s trains in under a minute on a laptop, even one run after another', (_id, lesson) => {
    expect(stepsPerRun(lesson.state)).toBeGreaterThan(50);
    expect(estimatedSeconds(lesson.state)).toBeLessThan(60);
  });

  it.each(LESSONS.filter((l) => l.variants).map((l) => [l.id, l] as const))('%s opens every variant from a valid link in normal form', (_id, lesson) => {
    for (const variant of lesson.variants ?? []) {
      const parsed = parseLinkState(structuredClone(variant.state));
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      if (parsed.ok) expect(parsed.state).toEqual(variant.state);
      expect(variant.state.lesson).toBe(lesson.id);
    }
  });

  it('keeps lesson text plain: short paragraphs, no markup', () => {
    for (const lesson of LESSONS) {
      for (const text of [lesson.title, lesson.question, lesson.lookFor, ...lesson.text]) {
        expect(text.trim().length).toBeGreaterThan(5);
        expect(text).not.toMatch(/<[a-z/]/i);
      }
      expect(lesson.text.join(' ').length).toBeLessThan(1200);
    }
  });

  it('points the experts lesson at SADE, which exists in the registry', () => {
    const lesson = LESSONS.find((l) => l.id === 'unknown-test-distribution');
    expect(lesson?.text.join(' ')).toMatch(/SADE/);
    expect(findMethod('sade')).toBeDefined();
    expect(lesson?.state.shared.dataset.testDistribution).not.toBe('uniform');
  });
});

describe('the optimiser lesson', () => {
  it('opens Muon here and Adam and gradient descent from links, on the same associative memory', () => {
    const lesson = LESSONS.find((l) => l.id === 'optimiser-tail');
    expect(lesson?.state.shared.optimizer.kind).toBe('muon');
    expect(lesson?.variants?.map((v) => v.state.shared.optimizer.kind)).toEqual(['adam', 'sgd']);
    for (const v of lesson?.variants ?? []) {
      const parsed = parseLinkState(structuredClone(v.state));
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      expect({ ...v.state.shared, optimizer: null }).toEqual({ ...lesson?.state.shared, optimizer: null });
      expect(v.state.lesson).toBe('optimiser-tail');
    }
  });
});

describe('the decoupling lesson', () => {
  it('trains in the optimiser setting where its weight-norm claim holds (SGD, momentum, weight decay; decoupling.efficacy.test.ts)', () => {
    const lesson = LESSONS.find((l) => l.id === 'decoupling');
    expect(lesson?.state.shared.optimizer).toMatchObject(KANG_OPTIMIZER);
  });
});

describe('the borrowing lesson', () => {
  it('compares BatchFormer with its base loss here and DeiT-LT with a plain ViT in its variant, as their efficacy tests train them', () => {
    const lesson = LESSONS.find((l) => l.id === 'borrowing-from-the-head');
    expect(lesson?.state.runs.map((r) => r.method.id)).toEqual(['balanced-softmax', 'batchformer']);
    expect(lesson?.state.runs[1]?.method.params.baseLoss).toBe(1);
    const variant = lesson?.variants?.[0]?.state;
    expect(variant?.runs.map((r) => r.method.id)).toEqual(['ce', 'deit-lt']);
    expect(variant?.shared.model.kind).toBe('vit');
  });
});
