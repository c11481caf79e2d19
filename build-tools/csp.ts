/**
 * The site's Content-Security-Policy: only the site's own files run, nothing inline.
 *
 * - `script-src 'self' 'wasm-unsafe-eval'`: the bundle and its chunks, and WebAssembly
 *   compilation for tfjs' wasm backend (the only "eval" it needs; no JS eval anywhere).
 * - `worker-src 'self' blob:`: training workers are files of the site; tfjs' threaded wasm
 *   backend starts its pthread workers from a blob: URL (tfjs' inlined pthread worker), so
 *   blob: is needed for threads there. What a pthread then imports, the Emscripten factory, is a
 *   same-origin file in a build (build-tools/wasmThreads.ts emits it), so script-src needs no
 *   blob:. Only the dev server, which keeps tfjs' Blob for that factory, adds blob: to
 *   script-src.
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
  // Dev only: pthreads import tfjs' factory from a Blob there (see above).
  const devBlob = dev ? ' blob:' : '';
  const directives: Record<string, string> = {
    'default-src': "'self'",
    'script-src': `'self' 'wasm-unsafe-eval'${nonce}${devBlob}`,
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
