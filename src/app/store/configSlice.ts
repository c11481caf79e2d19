import type { StateCreator } from 'zustand';
import { defaultRunConfig, parseRunConfig, type RunConfig } from '../../training/config';
import type { LabState } from './index';

export interface ConfigSlice {
  /** The configuration the next run will use. Always valid: edits that fail the schema are refused. */
  config: RunConfig;
  /** Applies an edit; returns the schema's errors instead when the result would be invalid. */
  updateConfig: (edit: (draft: RunConfig) => RunConfig) => string[];
  resetConfig: () => void;
}

export const createConfigSlice: StateCreator<LabState, [], [], ConfigSlice> = (set, get) => ({
  config: defaultRunConfig(),
  updateConfig: (edit) => {
    const parsed = parseRunConfig(edit(structuredClone(get().config)));
    if (!parsed.ok) return parsed.errors;
    set({ config: parsed.config });
    return [];
  },
  resetConfig: () => set({ config: defaultRunConfig() }),
});
