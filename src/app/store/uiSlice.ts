import type { StateCreator } from 'zustand';
import type { Speed } from '../../workers/protocol';
import type { LabState } from './index';

/**
 * A message in the banner above the app. `topic` groups notices that replace each other
 * (a second storage failure updates the first instead of stacking up).
 */
export interface Notice {
  topic: 'link' | 'storage' | 'import' | 'lesson' | 'share';
  tone: 'error' | 'warning' | 'info';
  message: string;
  /** Individual problems, e.g. every schema issue of a bad link. */
  details?: string[];
  /** A button in the notice, e.g. "Reopen your previous workspace". */
  action?: { label: string; run: () => void };
}

export interface UiSlice {
  speed: Speed;
  setSpeed: (speed: Speed) => void;
  notices: Notice[];
  notify: (notice: Notice) => void;
  dismissNotice: (topic: Notice['topic']) => void;
}

export const createUiSlice: StateCreator<LabState, [], [], UiSlice> = (set) => ({
  speed: 'max',
  setSpeed: (speed) => set({ speed }),
  notices: [],
  notify: (notice) => set((s) => ({ notices: [...s.notices.filter((n) => n.topic !== notice.topic), notice] })),
  dismissNotice: (topic) => set((s) => ({ notices: s.notices.filter((n) => n.topic !== topic) })),
});
