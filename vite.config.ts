import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

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
  plugins: [react()],
  worker: { format: 'es' },
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
    // bench.html is the benchmark page that `npm run bench` drives (scripts/bench.mjs).
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
});
