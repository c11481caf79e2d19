/**
 * What a link (and a workspace file) carries, as a type: the settings and runs of a workspace,
 * no local ids, no results. Apart from its schema (schema.ts), so that lessons, which are link
 * states, and the schema, which checks a lesson's id, do not import each other.
 */
import type { MemorisationSettings, MethodChoice, SharedConfig, ViewId } from '../workspace';

/** Bumped whenever a link's meaning changes; older versions are then migrated, never guessed. */
export const LINK_VERSION = 1;

/** The workspace as a link carries it: no local ids, no results. */
export interface LinkState {
  v: typeof LINK_VERSION;
  shared: SharedConfig;
  runs: { method: MethodChoice }[];
  view: ViewId;
  selected: number;
  lesson: string | null;
  /**
   * Opens in presentation mode. Written only when on, so links without it (all links made
   * before it existed) keep their meaning and their text; an older app ignores it.
   */
  present?: true;
  /** The relative-accuracy switch (absent = off, so older links read unchanged). */
  relativeAccuracy?: boolean;
  /** The memorisation explorer's t and subset fraction (absent = never opened). */
  memorisation?: MemorisationSettings;
}
