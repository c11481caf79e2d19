import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy, DEV_NONCE } from './build-tools/csp';
import { tfjsUrlFlags, tfjsUrlFlagsPrebundle } from './build-tools/tfjsUrlFlags';
import { wasmThreads } from './build-tools/wasmThreads';

/**
 * Cross-origin isolation lets tfjs' wasm backend use threads (SharedArrayBuffer); the
 * Content-Security-Policy (build-tools/csp.ts) lets only the site's own files run. Whatever host
 * serves the built site must send the same three headers (README, Hosting).
 */
const headers = (dev: boolean) => ({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Content-Security-Policy': contentSecurityPolicy({ dev }),
});

export default defineConfig(({ command }) => ({
  // Relative base: the built site works from any folder of any static host.
  base: './',
  plugins: [tfjsUrlFlags(), react(), wasmThreads()],
  // Workers are bundled on their own, so they need the plugins as well.
  worker: { format: 'es', plugins: () => [tfjsUrlFlags(), wasmThreads()] },
  // The dev server pre-bundles tfjs-core outside the plugin pipeline: patch it there too.
  optimizeDeps: { rolldownOptions: { plugins: [tfjsUrlFlagsPrebundle] } },
  // The dev server injects inline scripts and styles (React refresh, CSS): they carry this nonce.
  html: command === 'serve' ? { cspNonce: DEV_NONCE } : {},
  server: { headers: headers(true) },
  preview: { headers: headers(false) },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
    // bench.html is the benchmark page that `npm run bench` drives (scripts/bench.mjs).
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
}));
