import { defineConfig } from 'vite';

/**
 * `npm run bench:node` builds src/bench/node.ts into one file for Node.js, with tfjs and the
 * app's training code inside, so it runs on a GPU machine that has Node.js and nothing else.
 * Dawn (the `webgpu` package, a native module) stays outside and is loaded at run time.
 */
export default defineConfig({
  publicDir: false, // the bench reads public/data/ where it lies
  build: {
    ssr: 'src/bench/node.ts',
    outDir: 'dist-node-bench',
    target: 'node20',
    emptyOutDir: true,
    rollupOptions: { external: ['webgpu'], output: { entryFileNames: 'node-bench.mjs', codeSplitting: false } },
  },
  ssr: { noExternal: true, external: ['webgpu'] },
});
