import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { wasmThreads } from './build-tools/wasmThreads';

/**
 * Cross-origin isolation lets tfjs' wasm backend use threads (SharedArrayBuffer).
 * The same two headers must be set by whatever host serves the built site.
 */
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative base: the built site works from any folder of any static host.
  base: './',
  plugins: [react(), wasmThreads()],
  // Workers are bundled on their own, so they need the plugin as well.
  worker: { format: 'es', plugins: () => [wasmThreads()] },
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
    // bench.html is the benchmark page that `npm run bench` drives (scripts/bench.mjs).
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
});
