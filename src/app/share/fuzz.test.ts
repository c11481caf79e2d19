/**
 * The link fuzz at scale: 100,000 random, mutated, truncated and re-encoded links through the
 * decoder, then whole addresses (with links that carry wrong data too) (query string and hash together) through everything
 * that reads the address at start-up. Nothing may throw, and every refusal must be a sentence a
 * person can act on. Plain loops over a seeded generator: the lot takes a few seconds.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { withoutUrlFlags } from '../../../build-tools/tfjsUrlFlags';
import { chooseInitial } from '../boot';
import { workersFromQuery } from '../bridge';
import { EMPTY_STORED } from '../persist/sync';
import { workspace } from './arbitraries';
import { decodePayload, encodeState, toLinkState, type DecodeResult } from './codec';
import { parseLinkState } from './schema';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const KINDS = new Set(['too-long', 'bad-characters', 'damaged', 'not-data', 'invalid']);

/** Why an outcome is not acceptable, or null when it is: a valid state, or an explained refusal. */
function problemWith(result: DecodeResult): string | null {
  if (result.ok) return parseLinkState(result.state).ok ? null : 'decoded to a state the schema refuses';
  const { kind, message } = result.error;
  if (!KINDS.has(kind)) return `unknown kind ${kind}`;
  if (message.length < 30 || message.length > 400) return `message of ${message.length} characters: ${message}`;
  if (!/^The link/.test(message) || !/[.)]$/.test(message)) return `not a sentence about the link: ${message}`;
  if (/undefined|\[object |NaN|null\b/.test(message)) return `message leaks internals: ${message}`;
  return null;
}

/** A small seeded generator (mulberry32): the same 100,000 links on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(14);
const int = (n: number) => Math.floor(random() * n);
const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)] as T;
const randomText = (n: number, unit: () => string) => Array.from({ length: n }, unit).join('');
const anyChar = () => String.fromCharCode(int(random() < 0.8 ? 128 : 0xffff));
const linkChar = () => ALPHABET[int(ALPHABET.length)] ?? 'A';

/**
 * Random valid workspaces, and their links, to start from: of one or two runs, so that a link
 * decodes in well under a millisecond and 100,000 of them take seconds (eight-run links would
 * only lengthen the same decompression and validation).
 */
const STATES = fc.sample(workspace, { numRuns: 60, seed: 14 }).map((ws) => toLinkState({ ...ws, runs: ws.runs.slice(0, 2), selected: 0 }));
const VALID = STATES.map(encodeState);

const MUTATIONS: ((s: string) => string)[] = [
  (s) => s.slice(0, int(s.length + 1)), // cut short
  (s) => { const i = int(s.length); return s.slice(0, i) + linkChar() + s.slice(i + 1); }, // a character changed
  (s) => { const i = int(s.length + 1); return s.slice(0, i) + randomText(1 + int(6), random() < 0.5 ? linkChar : anyChar) + s.slice(i); }, // inserted
  (s) => { const i = int(s.length + 1); return s.slice(0, i) + s.slice(i + 1 + int(20)); }, // deleted
  (s) => s.split('').reverse().join(''),
  (s) => s + s.slice(0, int(s.length)), // pasted twice
];

/** Lone surrogates replaced: encodeURIComponent refuses them (and no browser puts one in an address). */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const RE_ENCODINGS: ((s: string) => string)[] = [
  (s) => encodeURIComponent(wellFormed(s)),
  (s) => encodeURIComponent(encodeURIComponent(wellFormed(s))),
  (s) => s.replace(/\+/g, ' '),
  (s) => s.replace(/\$/g, '%24').replace(/\+/g, '%2B'),
  (s) => s.replace(/\$/g, '%2'), // an escape cut short
  (s) => s.slice(0, int(s.length)) + pick(['%', '%E', '%E0%A4%A', '%ZZ', '%00', '%C3%28']),
  (s) => s.toUpperCase(),
  (s) => s.toLowerCase(),
  (s) => Buffer.from(s).toString('base64'),
  (s) => s.replace(/(.{76})/g, '$1\n'), // wrapped by a mail client
  (s) => `${s}&utm_source=chat`,
];

/** Wrong data, well compressed: schema violations rather than damage (in the address test). */
function wrongData(): string {
  const state = structuredClone(pick(STATES)) as unknown as Record<string, unknown>;
  const values = [null, -1, 1e308, 'x'.repeat(int(50)), [], {}, true, '<img src=x onerror=alert(1)>', { __proto__: { polluted: 1 } }, Array(10).fill(state.runs)];
  const paths: [string, ...string[]][] = [['v'], ['shared'], ['shared', 'epochs'], ['shared', 'dataset'], ['shared', 'dataset', 'kind'], ['runs'], ['selected'], ['view'], ['lesson']];
  const path = pick(paths);
  let node = state;
  for (const key of path.slice(0, -1)) node = (node[key] ?? {}) as Record<string, unknown>;
  node[path[path.length - 1] as string] = pick(values);
  return compressToEncodedURIComponent(random() < 0.1 ? JSON.stringify(pick(values)) : JSON.stringify(state));
}

/** One link of each family in turn: random (1 in 5), mutated (3 in 10), truncated (1 in 4), re-encoded (1 in 4). */
function nextLink(i: number): string {
  const family = i % 20;
  if (family < 4) return randomText(int(400), random() < 0.5 ? anyChar : linkChar);
  if (family < 10) {
    let s = pick(VALID);
    for (let k = 1 + int(3); k > 0; k--) s = pick(MUTATIONS)(s);
    return s;
  }
  if (family < 15) {
    const s = pick(VALID);
    return s.slice(0, int(s.length));
  }
  return pick(RE_ENCODINGS)(random() < 0.8 ? pick(VALID) : pick(MUTATIONS)(pick(VALID)));
}

/** tfjs-core's Environment as the build ships it (build-tools/tfjsUrlFlags.ts applied), or unpatched. */
function tfjsEnvironment(patched: boolean): new (global: unknown) => unknown {
  const file = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-core/package.json')), 'dist/environment.js');
  let code = readFileSync(file, 'utf8');
  if (patched) code = withoutUrlFlags(code);
  const body = code.replace(/^import .*$/m, '').replace(/^export /gm, '');
  return new Function('isPromise', `${body}\nreturn Environment;`)((v: unknown) => v instanceof Promise) as new (global: unknown) => unknown;
}

describe('link fuzz at scale', () => {
  it('decodes 100,000 random, mutated, truncated and re-encoded links: 0 throws, every refusal explained', () => {
    const counts = { ok: 0, refused: 0 };
    const problems: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const link = nextLink(i);
      let result: DecodeResult;
      try {
        result = decodePayload(link);
      } catch (e) {
        problems.push(`threw ${String(e)} on ${JSON.stringify(link.slice(0, 80))}`);
        continue;
      }
      const problem = problemWith(result);
      if (problem) problems.push(`${problem} on ${JSON.stringify(link.slice(0, 80))}`);
      counts[result.ok ? 'ok' : 'refused']++;
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(counts.ok + counts.refused).toBe(100_000);
    // The families reach both outcomes: re-encodings that a mail app makes still open.
    expect(counts.ok).toBeGreaterThan(1000);
    expect(counts.refused).toBeGreaterThan(50_000);
  });

  it('reads 10,000 whole addresses, query string and hash together, as the page does at start: 0 throws', () => {
    const Environment = tfjsEnvironment(true);
    const queries = ['s=%E0%A4%A', '%', 'tfjsflags=%ZZ', 'tfjsflags=DEBUG:true,WEBGL_PACK:false', 'workers=2', 'workers=%', 'workers=1e3', '&&==', 'a=%C3%28'];
    const problems: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const query = random() < 0.5 ? pick(queries) : randomText(int(60), random() < 0.5 ? anyChar : () => pick(['%', 'E', '0', 'A', '=', '&', '?', '#', 'a', 'tfjsflags']));
      const roll = random();
      const hash = roll < 0.6 ? `w=${nextLink(i)}` : roll < 0.8 ? `w=${wrongData()}` : randomText(int(60), anyChar);
      try {
        const url = new URL(`https://lab.example/path/?${query}#${hash}`);
        const workers = workersFromQuery(url.search);
        if (workers !== null && !(workers >= 1 && workers <= 8)) problems.push(`workers ${workers} from ${url.search}`);
        new Environment({ location: { search: url.search } });
        const initial = chooseInitial(url.hash, EMPTY_STORED);
        if (initial.linkError) {
          const problem = problemWith({ ok: false, error: initial.linkError });
          if (problem) problems.push(`${problem} on ${url.href.slice(0, 120)}`);
        }
      } catch (e) {
        problems.push(`threw ${String(e)} on ?${query.slice(0, 40)}#${hash.slice(0, 40)}`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('is a test that can fail: unpatched tfjs-core throws on a cut-short escape in the query string', () => {
    const Unpatched = tfjsEnvironment(false);
    expect(() => new Unpatched({ location: { search: '?s=%E0%A4%A' } })).toThrow(URIError);
    const Patched = tfjsEnvironment(true);
    const env = new Patched({ location: { search: '?tfjsflags=DEBUG:true' } }) as { urlFlags: Record<string, unknown> };
    expect(env.urlFlags).toEqual({});
  });
});
