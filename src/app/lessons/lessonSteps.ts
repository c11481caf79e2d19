/**
 * What each lesson says while it trains, step by step (see steps.ts for when a step is reached).
 * Kept apart from the lessons' text and settings so that either can change without the other;
 * a unit test checks that every lesson has steps and that each names a run the lesson has.
 * Claims match the lessons' "look for" text: the numbers there are measured, these repeat them.
 */
import type { LessonStep } from './steps';

export const LESSON_STEPS: Readonly<Record<string, readonly LessonStep[]>> = {
  'ce-fails-tail': [
    { when: { on: 'start' }, chart: 'frequency', text: 'The grey bars are the training set: class 0 has 100 times the examples of class 9. The line will be each class’s test accuracy.' },
    { when: { on: 'epoch', epoch: 1 }, chart: 'frequency', text: 'One epoch in: the frequent classes on the left are already mostly right. Watch class 9’s accuracy at the right end of the line.' },
    { when: { on: 'epoch', epoch: 5 }, chart: 'boundary', text: 'In the decision regions, the head classes’ colours spread into the doubtful areas between classes; the rare classes keep small islands around their few points.' },
    { when: { on: 'epoch', epoch: 15 }, chart: 'splits', text: 'Halfway: the Few bar stays far below Many. Training longer does not close the gap.' },
    { when: { on: 'all-done' }, chart: 'confusion', text: 'Done. In the confusion matrix the rows of the rare classes (bottom) put many of their examples into head-class columns, left of the diagonal.' },
  ],
  'resampling-vs-reweighting': [
    { when: { on: 'start' }, chart: 'frequency', text: 'Four runs on identical data and weights: cross-entropy first, then re-sampling and two re-weightings. One line per run.' },
    { when: { on: 'epoch', epoch: 1 }, chart: 'frequency', text: 'Watch class 9 at the right end: under cross-entropy its accuracy stays near the bottom.' },
    { when: { on: 'run-done', run: 0 }, chart: 'splits', text: 'Cross-entropy has finished: note its Few bar, about a fifth. The next runs give the tail more say.' },
    { when: { on: 'all-done' }, chart: 'splits', text: 'Compare the Few bars: all three lift Few well over half and give up some Many accuracy. On this small model they end close together.' },
  ],
  'logit-adjustment': [
    { when: { on: 'start' }, chart: 'frequency', text: 'Four runs: cross-entropy, the logit-adjusted loss, balanced softmax, and cross-entropy adjusted after training (run 4).' },
    { when: { on: 'epoch', epoch: 1 }, chart: 'frequency', text: 'Watch class 9’s accuracy at the right end of each line.' },
    { when: { on: 'run-done', run: 0 }, chart: 'splits', text: 'Cross-entropy has finished: its Few bar is about a fifth.' },
    { when: { on: 'all-done' }, chart: 'splits', text: 'Compare the Few bars: the three adjusted runs lift Few to about 70 %. Runs 2 and 3 agree exactly: with τ = 1 they are the same loss.' },
  ],
  decoupling: [
    { when: { on: 'start' }, chart: 'frequency', text: 'Run 1 trains with plain cross-entropy; runs 2–4 train the same way and then re-balance only the classifier.' },
    { when: { on: 'run-done', run: 0 }, chart: 'splits', text: 'Cross-entropy has finished: its Few accuracy is about a fifth. In its Run view the weight norms fall from frequent to rare classes.' },
    { when: { on: 'run-done', run: 1 }, chart: 'curves', text: 'cRT has finished: in the curves, balanced accuracy jumps after its “stage 2” line, where only the classifier was retrained.' },
    { when: { on: 'all-done' }, chart: 'splits', text: 'Compare the Few bars: cRT and LWS lift Few to about 70 %, τ-normalisation at τ = 1 to over half. Select run 3 and move its τ slider in the Run view.' },
  ],
  'unknown-test-distribution': [
    { when: { on: 'start' }, chart: 'frequency', text: 'The test set is backward long-tailed here: the classes rarest in training are the most common in the test set.' },
    { when: { on: 'epoch', epoch: 1 }, chart: 'frequency', text: 'Watch the rare classes at the right: on this test set they carry most of the overall accuracy.' },
    { when: { on: 'run-done', run: 0 }, chart: 'leaderboard', text: 'Cross-entropy has finished: it bet on the training distribution. Note its overall accuracy in the leaderboard.' },
    { when: { on: 'all-done' }, chart: 'leaderboard', text: 'Sort the leaderboard by Overall: τ = 2, the hardest bet on the tail, wins and cross-entropy is last. On a forward test set it is the other way round.' },
  ],
  calibration: [
    { when: { on: 'start' }, chart: 'ece', text: 'Four runs; the ECE chart shows each run’s calibration error, the gap between confidence and accuracy. Lower is better.' },
    { when: { on: 'run-done', run: 0 }, chart: 'ece', text: 'Cross-entropy has finished: its ECE is twenty-odd per cent. It is over-confident.' },
    { when: { on: 'all-done' }, chart: 'ece', text: 'Compare the ECE bars: focal loss and MiSLAS bring it well below cross-entropy’s; mixup hardly moves it on this small model.' },
  ],
  'optimiser-tail': [
    { when: { on: 'start' }, chart: 'frequency', text: 'The grey bars: key 1 is seen 20 times as often as key 20. The line is each key’s accuracy; it reaches 100 % for every key within a few steps, whatever the optimiser.' },
    { when: { on: 'epoch', epoch: 10 }, chart: 'split-probability', text: 'What differs is how sure the memory is. Watch the Many (head) and Few (tail) lines: do they rise together, or does the tail lag?' },
    { when: { on: 'epoch', epoch: 40 }, chart: 'spectrum', text: 'The spectrum of W (32 × 32): with Muon, 20 singular values within a factor of about 1.4 of each other, one per stored fact, and the other 12 at zero. Compare the spectra in the Adam and gradient-descent tabs.' },
    { when: { on: 'all-done' }, chart: 'split-probability', text: 'Done. Compare this tab with the other two: Muon ends with Many and Few together, Adam with Few behind, gradient descent with Few barely started.' },
  ],
  'borrowing-from-the-head': [
    { when: { on: 'start' }, chart: 'frequency', text: 'Two runs on identical data and weights: balanced softmax, and balanced softmax with BatchFormer’s layer across the batch (selected).' },
    { when: { on: 'epoch', epoch: 1 }, chart: 'batch-attention', text: 'The attention map: each row is a class of examples, each column the classes they look at within their batch. Rare classes have few rows of their own and many head-class neighbours to look at.' },
    { when: { on: 'run-done', run: 0 }, chart: 'splits', text: 'Balanced softmax has finished: note its Few bar, about three quarters.' },
    { when: { on: 'all-done' }, chart: 'splits', text: 'Compare the bars: BatchFormer ends level with its base here. Then open the DeiT-LT tab and look at its per-head chart: the DIST head carries the tail, the CLS head the head.' },
  ],
  'unlabelled-data': [
    { when: { on: 'start' }, chart: 'frequency', text: 'Before the run trains, a cross-entropy model learns from the labelled digits alone and labels the unlabelled pool: the run status says how far it is.' },
    { when: { on: 'epoch', epoch: 0.01 }, chart: 'unlabelled', text: 'The pseudo-labels are in: their accuracy falls from the frequent digits (left) to the rare ones (right). The first model alone is the run without unlabelled data: note its Few accuracy under the chart.' },
    { when: { on: 'epoch', epoch: 10 }, chart: 'frequency', text: 'Halfway through training on labelled and pseudo-labelled digits together: watch the rare digits at the right end of the line.' },
    { when: { on: 'all-done' }, chart: 'unlabelled', text: 'Done. Compare this run’s Few accuracy with the first model’s under the chart: over seeds 1–3 a balanced pool lifts Few from 57 % to 66 %. Set ρ_U to 100 and Start again: the gain turns into a loss.' },
  ],
};
