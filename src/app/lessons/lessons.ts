/**
 * Lessons for a class: a short text and a workspace that trains in well under a minute on a
 * laptop (a unit test bounds the steps). Text is plain strings, rendered by React as text.
 * Lessons name methods by registry id; a unit test checks every id exists, and a lesson whose
 * state stops validating is refused when opened, never half-loaded.
 */
import { defaultRunConfig, optionLabel, settingLabel } from '../../training/config';
import { findMethod } from '../../training/methods/registry';
import { resolveParams, type ParamValues } from '../../training/methods/types';
import type { LinkState } from '../share/linkState';
import { sharedOf, type SharedConfig, type ViewId } from '../workspace';

export interface Lesson {
  id: string;
  title: string;
  /** The question the lesson answers, in one line. */
  question: string;
  /** Paragraphs of plain text. */
  text: string[];
  /** What to look at once it has trained. */
  lookFor: string;
  state: LinkState;
  /**
   * The same workspace with another setting the runs share (e.g. the optimiser), each opened from
   * its own link in a tab of its own: runs in one workspace share the optimiser.
   */
  variants?: { label: string; state: LinkState }[];
  /** What the variants' links are, when they are not this workspace with one setting changed. */
  variantsIntro?: string;
}

interface SharedEdits {
  dataset?: Partial<SharedConfig['dataset']>;
  epochs?: number;
  seed?: number;
  optimizer?: Partial<SharedConfig['optimizer']>;
  model?: Partial<SharedConfig['model']>;
  batchSize?: number;
  unlabelled?: Partial<SharedConfig['unlabelled']>;
}

function state(edits: SharedEdits, methods: [id: string, params?: ParamValues][], view: ViewId, lesson: string): LinkState {
  const shared = sharedOf(defaultRunConfig());
  return {
    v: 1,
    shared: {
      ...shared,
      ...edits,
      dataset: { ...shared.dataset, ...edits.dataset },
      optimizer: { ...shared.optimizer, ...edits.optimizer },
      model: { ...shared.model, ...edits.model },
      unlabelled: { ...shared.unlabelled, ...edits.unlabelled },
    },
    runs: methods.map(([id, params = {}]) => {
      const method = findMethod(id);
      return { method: { id, params: method ? resolveParams(method, params) : params } };
    }),
    view,
    selected: 0,
    lesson,
  };
}

/** The associative memory of arXiv 2509.26030, as the lesson and the efficacy test train it (muonTail.efficacy.test.ts). */
const ASSOC_MEMORY = { kind: 'assoc-memory', classes: 20, memoryDim: 32, profile: 'power', rho: 20, nMax: 200 } as const;
/** Full-batch steps (1024 ≥ its 720 examples) on the linear memory W, with the optimiser given; Many / Medium / Few by thirds (7 / 7 / 6 classes). */
function optimiserLesson(optimizer: SharedEdits['optimizer']): LinkState {
  const base = state({ dataset: ASSOC_MEMORY, epochs: 80, optimizer }, [['ce']], 'run', 'optimiser-tail');
  return { ...base, shared: { ...base.shared, batchSize: 1024, model: { ...base.shared.model, kind: 'assoc' }, splits: { kind: 'thirds' } } };
}

/**
 * The borrowing lesson: BatchFormer on the efficacy setting of batchFormer.efficacy.test.ts (blobs,
 * ρ = 100, MLP 16 × 2, Adam 0.01, batch 64, 10 epochs), seed 1, whose numbers the text repeats.
 */
function borrowingLesson(): LinkState {
  const base = state(
    { dataset: { kind: 'blobs', classes: 10, nMax: 500, rho: 100, testPerClass: 100 }, epochs: 10, seed: 1, optimizer: { kind: 'adam', learningRate: 0.01 } },
    [['balanced-softmax'], ['batchformer', { baseLoss: 1 }]],
    'run',
    'borrowing-from-the-head',
  );
  return { ...base, selected: 1, shared: { ...base.shared, batchSize: 64, model: { ...base.shared.model, kind: 'mlp', width: 16, depth: 2 } } };
}

/** DeiT-LT against the plain ViT, as deitLt.efficacy.test.ts trains them (digits-LT, ρ = 20, ViT 32 / 2 / 4, teacher 20 epochs), seed 1. */
function distillationLesson(): LinkState {
  const base = state(
    { dataset: { kind: 'digits', nMax: 100, rho: 20, testPerClass: 50 }, epochs: 20, seed: 1, optimizer: { kind: 'adam', learningRate: 0.003 } },
    [['ce'], ['deit-lt', { teacherEpochs: 20 }]],
    'run',
    'borrowing-from-the-head',
  );
  const model = { ...base.shared.model, kind: 'vit' as const, vitWidth: 32, vitBlocks: 2, vitHeads: 4, filters1: 8, filters2: 16, dense: 32 };
  return { ...base, selected: 1, shared: { ...base.shared, batchSize: 32, model } };
}

export const LESSONS: readonly Lesson[] = [
  {
    id: 'ce-fails-tail',
    title: 'Why cross-entropy fails the tail',
    question: 'Train on data where class 0 has 100 times the examples of class 9: what happens to class 9?',
    text: [
      'Plain cross-entropy minimises the average loss over training examples, so a class with 500 examples counts 100 times more than a class with 5. Where classes overlap, the cheapest answer is the frequent class.',
      'The model learns the training prior: where it is unsure, it answers with a head class, so the head classes take over the doubtful regions between classes. On a test set as long-tailed as the training set this would barely show, since there are few tail examples to lose; on this balanced test set it costs the tail most of its accuracy.',
    ],
    lookFor: 'Per-class accuracy falls from left (frequent) to right (rare); the Few bar is far below Many; in the decision regions the rare classes keep only small islands around their few points.',
    state: state({}, [['ce']], 'run', 'ce-fails-tail'),
  },
  {
    id: 'resampling-vs-reweighting',
    title: 'Re-sampling vs re-weighting',
    question: 'Show the model more rare examples, or count each rare example more: is there a difference?',
    text: [
      'Re-sampling draws rare-class examples more often, so each batch is closer to balanced: the model sees the same few tail points again and again. Re-weighting keeps the data as it is and multiplies each example’s loss by a weight that grows as its class gets rarer.',
      'In expectation both give the tail the same say. With large models the difference shows: re-sampling over-fits the repeated tail points, and re-weighting makes the gradient noisy (a few examples with huge weights). The class-balanced loss softens inverse-frequency weights with the “effective number” of examples.',
    ],
    lookFor: 'All three lift Few accuracy from about a fifth to well over half and give up some Many accuracy: compare the Many / Medium / Few bars and the leaderboard. On this small model the three end close together.',
    state: state({}, [['ce'], ['resampling'], ['reweight-inverse'], ['reweight-cb']], 'compare', 'resampling-vs-reweighting'),
  },
  {
    id: 'logit-adjustment',
    title: 'Logit adjustment in one line',
    question: 'Can one line of code, log n_j added to a logit, fix the tail?',
    text: [
      'A model trained with cross-entropy learns p(y | x), which includes the training prior π_y. A balanced test set needs p(x | y), i.e. the same scores without the prior. Subtracting τ · log π_y from each logit removes it: that is post-hoc logit adjustment, and it needs no retraining.',
      'The same correction can be built into training instead: add τ · log π_y to the logits inside the loss (logit-adjusted loss; with τ = 1 it is balanced softmax). Select run 4 in the Run view and move its τ slider to watch the trade-off between head and tail live.',
    ],
    lookFor: 'The three adjusted runs lift Few accuracy from about a fifth to about 70 %, and balanced accuracy with it. Runs 2 and 3 give identical numbers: with τ = 1 they are the same loss. Run 4 gets there from weights trained exactly like run 1’s.',
    state: state({}, [['ce'], ['logit-adjustment'], ['balanced-softmax'], ['la-posthoc']], 'compare', 'logit-adjustment'),
  },
  {
    id: 'decoupling',
    title: 'Decoupling: the classifier is the problem',
    question: 'Are the features bad for rare classes, or only the last layer?',
    text: [
      'Kang et al. trained with plain cross-entropy, froze everything but the classifier, and only re-balanced that last layer. Tail accuracy rose to match methods that re-balance the whole training: the features were fine, the classifier was biased.',
      'Their classifier shows the bias in its weights: trained with SGD, momentum and weight decay (the setting of this lesson), the weight vectors of frequent classes grow longer. Under Adam without weight decay, the app’s default, they need not, and τ-normalisation then has little to undo.',
      'cRT retrains the classifier with class-balanced sampling; LWS keeps it and learns one scale per class; τ-normalisation divides each class’s weight vector by its norm to the power τ, after training. Open the Run view of each run and compare the weight-norm chart with run 1’s.',
    ],
    lookFor: 'Run 1’s weight norms fall from frequent to rare classes (correlation with log frequency near 0.9). cRT and LWS lift Few accuracy from about a fifth to about 70 %, after the “stage 2” line in the curves; τ-normalisation at τ = 1 to over half: select run 3 and move its τ slider while its weight norms flatten.',
    state: state(
      { epochs: 40, optimizer: { kind: 'sgd', learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4 } },
      [['ce'], ['crt'], ['tau-norm'], ['lws']],
      'compare',
      'decoupling',
    ),
  },
  {
    id: 'unknown-test-distribution',
    title: 'Experts for an unknown test distribution',
    question: 'What if the test data is not balanced either, and we do not know how it is skewed?',
    text: [
      'This lesson shows the problem that multi-expert methods such as SADE solve, with single models first. The test set here is backward long-tailed: the rare training classes are the common test classes (ρ_test = 10).',
      `Each fixed method bets on one test distribution: cross-entropy bets on the training distribution, logit adjustment with τ = 1 on a uniform one, and with τ = 2 on an inverted one. Run 4 moves its bet after training: select it and slide τ in the Run view. Now set “${settingLabel('dataset.testDistribution')}” to ${optionLabel('dataset.testDistribution', 'forward').toLowerCase()} and press Start: the ranking flips. A multi-expert model keeps one expert per bet and weighs them at test time: add a run with SADE (“Module improvement”) and watch its experts panel, where the aggregation weights learned on the unlabelled test data appear after training.`,
    ],
    lookFor: 'On the backward test set, the run that bets hardest on the tail (τ = 2) has the best overall accuracy and cross-entropy the worst; on a forward test set it is the other way round.',
    state: state(
      { dataset: { testDistribution: 'backward', testRho: 10 } },
      [['ce'], ['logit-adjustment', { tau: 1 }], ['logit-adjustment', { tau: 2 }], ['la-posthoc', { tau: 1 }]],
      'compare',
      'unknown-test-distribution',
    ),
  },
  {
    id: 'calibration',
    title: 'Calibration on the tail',
    question: 'When the model says 90 %, is it right 90 % of the time, and does that hold for rare classes?',
    text: [
      'Expected calibration error (ECE) is the average gap between how confident the model is and how often it is right. Long-tailed training makes models over-confident: they are sure of head-class answers even in regions where tail classes live.',
      'Focal loss (γ = 2) stops pushing examples the model already gets right, so it stops inflating their confidence. MiSLAS trains with mixup, then retrains the classifier on balanced batches with label-aware smoothing, which softens the targets of head classes more than those of tail classes, cutting the over-confidence where it comes from. mixup, which calibrates large image models, barely helps this small 2-D model: not every published effect carries over.',
    ],
    lookFor: 'The ECE chart and the leaderboard’s ECE column: focal loss and MiSLAS bring ECE well below cross-entropy’s twenty-odd per cent, mixup hardly moves it; the Run view’s reliability diagram of each run shows how close its bars come to the diagonal.',
    state: state({}, [['ce'], ['focal', { gamma: 2 }], ['label-aware-smoothing'], ['mixup']], 'compare', 'calibration'),
  },
  {
    id: 'optimiser-tail',
    title: 'Does the optimiser matter for the tail?',
    question: 'Same data, same model, same loss: can the optimiser alone leave rare classes behind?',
    text: [
      'A one-layer associative memory stores 20 facts: each class has a random key and a random value, and one matrix W must map every key to its value. Key 1 is seen 20 times as often as key 20 (Zipf’s law), as words and facts are in the text a language model reads. Every step uses all the data.',
      'Gradient descent moves W most in the directions of the frequent keys. Adam scales each entry of W on its own, which helps, but the entries mix all keys, so the frequent ones still lead. Muon replaces each update by its orthogonal part: every direction of W, rare keys included, grows at the same rate (Wang et al., 2025).',
      'This tab trains with Muon. Open the two other links in tabs of their own, Adam and plain gradient descent, and compare the same two charts in each.',
    ],
    lookFor:
      'The correct-class probability chart: with Muon the Few line rises with the Many line (Few at 0.88 when Many reaches 0.9; 0.99 for both at the end); with Adam Many ends near 0.80 and Few near 0.30; with gradient descent Many near 0.69 and Few near 0.15. Accuracy is 100 % for all three: every key is retrieved, the difference is how sure the memory is. In the spectrum, Muon’s W has 20 nearly equal singular values, one per stored fact (effective rank 18.9).',
    state: optimiserLesson({ kind: 'muon', learningRate: 0.01, muonLearningRate: 0.1, weightDecay: 0 }),
    variants: [
      { label: 'Adam', state: optimiserLesson({ kind: 'adam', learningRate: 0.01, weightDecay: 0 }) },
      { label: 'Gradient descent', state: optimiserLesson({ kind: 'sgd', learningRate: 1, momentum: 0, weightDecay: 0 }) },
    ],
  },
  {
    id: 'borrowing-from-the-head',
    title: 'Can the tail borrow from the head?',
    question: 'Two newer ideas let rare classes learn from frequent ones: does that lift the tail of a small model?',
    text: [
      'BatchFormer (Hou et al., 2022) puts one transformer layer across the batch during training: each example looks at the other examples of its batch and mixes in what it finds, so a rare-class example can borrow features from frequent-class neighbours. The classifier learns from both the mixed and the plain features; at test time the layer is removed. This tab trains balanced softmax with and without it.',
      'DeiT-LT (Rangwani et al., 2024) trains a small vision transformer with two outputs: a CLS head that learns the labels, and a DIST head that copies a CNN teacher trained first with balanced softmax, on strongly augmented images. The teacher knows the tail; the DIST head inherits it. The second link opens it on digits, against a plain ViT.',
      'On data this small, the papers’ overall gains are not what you will see; watch where each part of the model puts its accuracy instead.',
    ],
    lookFor:
      'Here (seed 1): balanced softmax ends near 78 % overall with Few 76 %, and BatchFormer level with it (79 %, Few 75 %; over seeds 1–3 +0.9 pp balanced, within seed noise). Its attention map shows which classes the examples of each class look at. In the DeiT-LT tab: the CLS head gets Many right (88 %) and almost no Few (1 %), the DIST head carries the tail (Few 61 %) and gets almost no Many, and their average (balanced 53 %) stays below the plain ViT (65 %) in 20 epochs; the authors train 1,200.',
    state: borrowingLesson(),
    variants: [{ label: 'DeiT-LT against a plain ViT, on digits', state: distillationLesson() }],
    variantsIntro: 'The second comparison in another tab (press Start there):',
  },
  {
    id: 'unlabelled-data',
    title: 'What does unlabelled data buy the tail?',
    question: 'Labels for rare classes are scarce, unlabelled examples are cheap: can the cheap ones help the tail?',
    text: [
      'Yang and Xu (NeurIPS 2020) asked this of semi-supervised learning. Here a cross-entropy model is first trained on the labelled digits alone (class 0 has 20 times the examples of class 9). It then labels a pool of digits whose labels it never sees: its pseudo-labels. The run trains again on the labelled and pseudo-labelled digits together.',
      'The pseudo-labels are only as good as that first model, and it is worst on the rare classes: watch the pseudo-label accuracy chart fall from left to right. The pool here is balanced (ρ_U = 1), so it brings many examples of rare classes. The paper finds the gain shrinks as the pool gets as skewed as the labels; on these digits it turns into a loss at ρ_U = 100. Try it: set “Unlabelled imbalance ρ_U” to 100 and press Start again.',
      'The other use of unlabelled data, self-supervised pre-training (rotation prediction), needs images and a CNN: choose “Rotation pre-training” with the CNN. On these tiny digits it did not lift the tail (measured in docs/methods.md).',
    ],
    lookFor: 'The card under the charts compares the first model alone (cross-entropy, no unlabelled data) with the run: measured over seeds 1–3 with these settings, Few accuracy rises from 57 % to 66 % and balanced accuracy from 79 % to 81 % with a balanced pool; with ρ_U = 100 Few falls to 47 %.',
    state: state(
      {
        dataset: { kind: 'digits', classes: 10, nMax: 60, rho: 20, testPerClass: 50 },
        model: { kind: 'mlp', width: 64, depth: 2 },
        batchSize: 32,
        epochs: 20,
        unlabelled: { kind: 'pseudo-label', ratio: 5, rhoU: 1 },
      },
      [['ce']],
      'run',
      'unlabelled-data',
    ),
  },
];

export function findLesson(id: string | null): Lesson | undefined {
  return id === null ? undefined : LESSONS.find((l) => l.id === id);
}
