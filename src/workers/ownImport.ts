/** Messages between the page and the import worker (src/workers/import.worker.ts). */
import type { OwnData } from '../training/data/own';

export type ImportRequest =
  /** Reads, hashes and parses a file; answers with 'parsed' (its columns) or 'error'. */
  | { type: 'parse'; file: File }
  /** Builds the data set from the parsed rows with this label column; answers 'built' or 'error'. */
  | { type: 'build'; labelColumn: number }
  /** Imports images in class folders, from a zip or a chosen folder; answers 'built' or 'error'. */
  | { type: 'images'; zip?: File; folder?: File[] };

export type ImportReply =
  | { type: 'progress'; stage: string; fraction: number }
  | { type: 'parsed'; hash: string; name: string; columns: string[]; header: boolean; labelColumn: number; rows: number; delimiter: string }
  | { type: 'built'; data: OwnData }
  | { type: 'error'; message: string };
