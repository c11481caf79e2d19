import type { StateCreator } from 'zustand';
import type { LabState, UiSlice } from './types';

export const createUiSlice: StateCreator<LabState, [], [], UiSlice> = (set) => ({
  speed: 'max',
  setSpeed: (speed) => set({ speed }),
  notices: [],
  notify: (notice) => set((s) => ({ notices: [...s.notices.filter((n) => n.topic !== notice.topic), notice] })),
  dismissNotice: (topic) => set((s) => ({ notices: s.notices.filter((n) => n.topic !== topic) })),
});
