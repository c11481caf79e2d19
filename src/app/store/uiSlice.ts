import type { StateCreator } from 'zustand';
import type { Speed } from '../../workers/protocol';
import type { LabState } from './index';

export interface UiSlice {
  speed: Speed;
  setSpeed: (speed: Speed) => void;
}

export const createUiSlice: StateCreator<LabState, [], [], UiSlice> = (set) => ({
  speed: 'max',
  setSpeed: (speed) => set({ speed }),
});
