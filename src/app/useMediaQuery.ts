import { useSyncExternalStore } from 'react';

/** Whether a media query matches now, following changes (a phone turned, a window resized). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** The width below which the app lays out in one column, settings folded (styles.css agrees). */
export const NARROW = '(max-width: 900px)';
