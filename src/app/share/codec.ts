/**
 * Share links: the workspace as compressed JSON in the URL's hash (`#w=…`), so no server ever
 * sees it. Decoding never throws and never evaluates anything: the text is length-checked,
 * character-checked, decompressed, parsed as JSON data and validated by the link schema, and
 * every failure becomes a message that says which of those steps the link failed.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { newRunId, type Workspace } from '../workspace';
import { LINK_VERSION, parseLinkState, type LinkState } from './schema';

/** The hash parameter that holds a workspace. */
export const LINK_KEY = 'w';
/**
 * Longest encoded workspace accepted, checked before decompressing. Eight runs of the largest
 * settings encode to about 1,500 characters; 8,000 also stays under the URL lengths that chat
 * apps and browsers keep intact.
 */
export const MAX_LINK_CHARS = 8000;
/** Longest decompressed JSON accepted: a few kB in practice; a crafted link could expand far more. */
export const MAX_JSON_CHARS = 100_000;
/** The characters compressToEncodedURIComponent writes. */
const LINK_ALPHABET = /^[A-Za-z0-9+\-$]*$/;

export type LinkErrorKind = 'too-long' | 'bad-characters' | 'damaged' | 'not-data' | 'invalid';

export interface LinkError {
  kind: LinkErrorKind;
  /** One sentence for the banner: what was wrong with the link. */
  message: string;
  /** The individual problems (schema issues), when there are several. */
  details: string[];
}

export type DecodeResult = { ok: true; state: LinkState } | { ok: false; error: LinkError };

export function toLinkState(ws: Workspace): LinkState {
  return {
    v: LINK_VERSION,
    shared: structuredClone(ws.shared),
    runs: ws.runs.map((r) => ({ method: structuredClone(r.method) })),
    view: ws.view,
    selected: ws.selected,
    lesson: ws.lesson,
    ...(ws.present ? { present: true as const } : {}),
    ...(ws.relativeAccuracy ? { relativeAccuracy: true } : {}),
    ...(ws.memorisation ? { memorisation: { ...ws.memorisation } } : {}),
  };
}

/** A workspace from a validated link state, with fresh local run ids. */
export function fromLinkState(state: LinkState, newId: () => string = newRunId): Workspace {
  return {
    shared: structuredClone(state.shared),
    runs: state.runs.map((r) => ({ id: newId(), method: structuredClone(r.method) })),
    view: state.view,
    selected: state.selected,
    lesson: state.lesson,
    ...(state.present ? { present: true } : {}),
    ...(state.relativeAccuracy ? { relativeAccuracy: true } : {}),
    ...(state.memorisation ? { memorisation: { ...state.memorisation } } : {}),
  };
}

/** The encoded workspace: the text after `#w=`. */
export function encodeState(state: LinkState): string {
  return compressToEncodedURIComponent(JSON.stringify(state));
}

export function hashOf(ws: Workspace): string {
  return `#${LINK_KEY}=${encodeState(toLinkState(ws))}`;
}

/** The encoded workspace in a location hash, or null when the hash holds no workspace link. */
export function payloadOfHash(hash: string): string | null {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const prefix = `${LINK_KEY}=`;
  return body.startsWith(prefix) ? body.slice(prefix.length) : null;
}

const fail = (kind: LinkErrorKind, message: string, details: string[] = []): DecodeResult => ({ ok: false, error: { kind, message, details } });

/** Decodes the text after `#w=`. Never throws. */
export function decodePayload(raw: string): DecodeResult {
  try {
    if (raw.length > MAX_LINK_CHARS) {
      return fail('too-long', `The link is too long (${raw.length.toLocaleString('en')} characters; a workspace link has at most ${MAX_LINK_CHARS.toLocaleString('en')}).`);
    }
    const payload = unescapePercent(raw);
    if (payload === '') return fail('damaged', 'The link is empty after “#w=”: it was probably cut off when it was copied.');
    if (!LINK_ALPHABET.test(payload)) {
      return fail('bad-characters', 'The link contains characters that a Long-Tail Lab link never has: it was changed or damaged on the way.');
    }
    const json = decompressFromEncodedURIComponent(payload);
    if (!json) return fail('damaged', 'The link is damaged: it could not be decompressed (it was probably cut off when it was copied).');
    if (json.length > MAX_JSON_CHARS) return fail('too-long', 'The link unpacks to far more data than a workspace holds.');
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch {
      return fail('not-data', 'The link is damaged: it decompresses, but not to a workspace (it was probably cut off or edited).');
    }
    const parsed = parseLinkState(data);
    if (!parsed.ok) {
      const [first] = parsed.errors;
      const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
      return fail('invalid', `The link's settings are not valid: ${first ?? 'unknown problem'}${more}.`, parsed.errors);
    }
    return { ok: true, state: parsed.state };
  } catch {
    // lz-string's decompressor throws on some damaged input (found by the link fuzz: "Cannot read
    // properties of undefined"); that is still only a damaged link, and the reader needs no
    // library's internals to act on it.
    return fail('damaged', 'The link is damaged: it could not be decompressed (it was probably cut off or changed when it was copied).');
  }
}

/**
 * Some mail and chat apps percent-encode "$" or "+" in links they pass on. The encoded
 * alphabet has no "%", so decoding it back is safe; text that is not valid percent-encoding
 * is left as it is and fails the alphabet check.
 */
function unescapePercent(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
