/**
 * The import worker's lifecycle for the own-data panel: parse a file (checking its hash when a
 * link names one), then build with the chosen label column and store it in this browser. Nothing
 * is stored or chosen until the whole import succeeded.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { saveOwnData } from '../../storage/ownData';
import type { OwnData } from '../../training/data/own';
import type { ImportReply, ImportRequest } from '../../workers/ownImport';

export type Parsed = Extract<ImportReply, { type: 'parsed' }>;

export interface ImportState {
  busy: string | null;
  fraction: number;
  error: string | null;
  parsed: Parsed | null;
}

export function useOwnImport(onStored: (data: OwnData) => void, expectedHash: string) {
  const worker = useRef<Worker | null>(null);
  const [state, setState] = useState<ImportState>({ busy: null, fraction: 0, error: null, parsed: null });
  const expected = useRef(expectedHash);
  const stored = useRef(onStored);
  useEffect(() => {
    expected.current = expectedHash;
    stored.current = onStored;
  }, [expectedHash, onStored]);

  const send = useCallback((request: ImportRequest) => {
    if (!worker.current) {
      const w = new Worker(new URL('../../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'import' });
      w.onmessage = (event: MessageEvent<ImportReply>) => {
        const reply = event.data;
        if (reply.type === 'progress') setState((s) => ({ ...s, busy: reply.stage, fraction: reply.fraction }));
        else if (reply.type === 'error') setState((s) => ({ ...s, busy: null, error: reply.message }));
        else if (reply.type === 'parsed') {
          if (expected.current && reply.hash !== expected.current) {
            setState({ busy: null, fraction: 0, parsed: null, error: `${reply.name} is not the data this workspace was made with: its SHA-256 (${reply.hash.slice(0, 12)}…) differs from the link's (${expected.current.slice(0, 12)}…). Nothing was imported.` });
          } else setState({ busy: null, fraction: 1, error: null, parsed: reply });
        } else if (expected.current && reply.data.hash !== expected.current) {
          setState({ busy: null, fraction: 0, parsed: null, error: `${reply.data.name} is not the data this workspace was made with: its SHA-256 differs from the link's. Nothing was imported.` });
        } else {
          saveOwnData(reply.data).then(
            () => {
              setState({ busy: null, fraction: 1, error: null, parsed: null });
              stored.current(reply.data);
            },
            (e: unknown) => setState((s) => ({ ...s, busy: null, error: `The data could not be stored in this browser: ${e instanceof Error ? e.message : String(e)}. Nothing was imported.` })),
          );
        }
      };
      w.onerror = (event) => setState((s) => ({ ...s, busy: null, error: `The import failed: ${event.message || 'the import worker stopped'}.` }));
      worker.current = w;
    }
    setState((s) => ({ ...s, busy: 'Starting', fraction: 0, error: null }));
    worker.current.postMessage(request);
  }, []);

  useEffect(() => () => worker.current?.terminate(), []);
  const parse = useCallback((file: File) => send({ type: 'parse', file }), [send]);
  const build = useCallback((labelColumn: number) => send({ type: 'build', labelColumn }), [send]);
  const images = useCallback((source: { zip?: File; folder?: File[] }) => send({ type: 'images', ...source }), [send]);
  const cancel = useCallback(() => setState({ busy: null, fraction: 0, error: null, parsed: null }), []);
  return { state, parse, build, images, cancel };
}
