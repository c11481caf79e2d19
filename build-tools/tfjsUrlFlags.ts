/**
 * Stops tfjs-core from reading flags out of the page's address.
 *
 * When tfjs-core loads, its Environment parses `location.search` for `?tfjsflags=NAME:value,…`
 * (tfjs-core 4.22, dist/environment.js, populateURLFlags). That has two faults for a site whose
 * links travel through chat and mail: a percent-escape cut short (`/?s=%E0%A4%A`) makes its
 * decodeURIComponent throw URIError while the bundle loads, which blanks the page; and any link
 * could switch tfjs' numerics (precision, kernels, backends). The app decides its own flags, so
 * this plugin replaces that read with an empty set of parameters, at build time and in the dev
 * server's pre-bundling, for the page and its workers alike.
 */
import type { Plugin } from 'vite';

/** The expression in tfjs-core's Environment.populateURLFlags that reads the address. */
export const URL_FLAGS_READ = 'this.getQueryParams(this.global.location.search)';
/** What it becomes: no URL parameters, so no URL flags (and nothing to decode). */
const NO_PARAMS = '{}';

/** The tfjs-core module that holds the read (the ESM build Vite resolves, or a flat bundle). */
function isTfjsCoreEnvironment(id: string): boolean {
  const path = id.replace(/\\/g, '/');
  return /@tensorflow\/tfjs-core\/dist\/(environment\.js|tf-core[^/]*\.js)/.test(path.split('?')[0] ?? '');
}

/** The module text without the URL read. Throws on a layout it does not know, rather than shipping the fault. */
export function withoutUrlFlags(code: string): string {
  if (!code.includes(URL_FLAGS_READ)) {
    throw new Error('tfjs-url-flags: tfjs-core no longer reads its URL flags the way this patch expects; check populateURLFlags');
  }
  return code.split(URL_FLAGS_READ).join(NO_PARAMS);
}

/** The transform, shared by the Vite plugin and the dependency pre-bundler (rolldown). */
function transform(code: string, id: string): { code: string; map: null } | null {
  if (!isTfjsCoreEnvironment(id) || !code.includes('populateURLFlags')) return null;
  return { code: withoutUrlFlags(code), map: null };
}

export function tfjsUrlFlags(): Plugin {
  return { name: 'long-tail-lab:tfjs-url-flags', enforce: 'pre', transform };
}

/** The same patch for `optimizeDeps.rolldownOptions.plugins` (the dev server pre-bundles tfjs). */
export const tfjsUrlFlagsPrebundle = { name: 'long-tail-lab:tfjs-url-flags-prebundle', transform };
