/**
 * The site's Content-Security-Policy: only the site's own files run, nothing inline.
 *
 * - `script-src 'self' 'wasm-unsafe-eval'`: the bundle and its chunks, and WebAssembly
 *   compilation for tfjs' wasm backend (the only "eval" it needs; no JS eval anywhere).
 * - `worker-src 'self' blob:`: training workers are files of the site; tfjs' threaded wasm
 *   backend starts its pthread workers from a blob: URL made from the bundle's own factory
 *   source (build-tools/wasmThreads.ts), so blob: is needed for threads.
 * - `style-src 'self'` with no 'unsafe-inline' for elements or attributes: styles come from the
 *   bundle's CSS file; React's `style={…}` props and KaTeX's box sizes are set through the
 *   CSSOM (element.style), which a policy does not restrict, so no style attribute is needed.
 * - `img-src 'self' data: blob:`: chart PNG export draws SVG through an image; `font-src` takes
 *   data: because the build inlines KaTeX's smallest fonts as data: URLs.
 * - `connect-src 'self'`: data files and wasm binaries; the dev server adds its HMR socket.
 */
export const DEV_NONCE = 'long-tail-lab-dev';

export function contentSecurityPolicy({ dev = false }: { dev?: boolean } = {}): string {
  const nonce = dev ? ` 'nonce-${DEV_NONCE}'` : '';
  const directives: Record<string, string> = {
    'default-src': "'self'",
    'script-src': `'self' 'wasm-unsafe-eval'${nonce}`,
    'worker-src': "'self' blob:",
    'style-src': `'self'${nonce}`,
    'img-src': "'self' data: blob:",
    'font-src': "'self' data:",
    'connect-src': dev ? "'self' ws: wss:" : "'self'",
    'object-src': "'none'",
    'base-uri': "'self'",
    'form-action': "'none'",
    'frame-ancestors': "'none'",
  };
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}
