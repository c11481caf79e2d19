/**
 * Choices the UI offers, read from the run schema so that a dataset or model kind added there
 * appears in the menus (and a link that names it shows it) without a change here.
 */
import { z } from 'zod';
import { datasetSchema, modelSchema, numberBounds, type NumberBounds } from '../training/config';
import { IMAGE_DATASETS, isImageDataset } from '../training/data/catalog';
import type { SharedConfig } from './workspace';

type DatasetKind = SharedConfig['dataset']['kind'];
type ModelKind = SharedConfig['model']['kind'];

function enumOptions<T extends string>(field: z.ZodType): T[] {
  let inner: z.ZodType = field;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault) inner = inner.unwrap() as z.ZodType;
  return inner instanceof z.ZodEnum ? (inner.options as T[]) : [];
}

const DATASET_LABELS: Partial<Record<DatasetKind, string>> = { blobs: 'Gaussian blobs (2-D)', spiral: 'Spiral arms (2-D)' };
const MODEL_LABELS: Partial<Record<ModelKind, string>> = { mlp: 'MLP (fully connected)', cnn: 'CNN (images only)' };

export function datasetLabel(kind: DatasetKind): string {
  return DATASET_LABELS[kind] ?? (isImageDataset(kind) ? IMAGE_DATASETS[kind].label : kind);
}

export const DATASET_OPTIONS = enumOptions<DatasetKind>(datasetSchema.shape.kind).map((value) => ({ value, label: datasetLabel(value) }));
export const MODEL_OPTIONS = enumOptions<ModelKind>(modelSchema.shape.kind).map((value) => ({ value, label: MODEL_LABELS[value] ?? value }));

/** Bounds of the CNN's size settings (the MLP's are in BOUNDS). */
export const CNN_BOUNDS: Record<'filters1' | 'filters2' | 'dense', NumberBounds> = {
  filters1: numberBounds(modelSchema.shape.filters1),
  filters2: numberBounds(modelSchema.shape.filters2),
  dense: numberBounds(modelSchema.shape.dense),
};
