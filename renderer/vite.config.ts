import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The renderer is plain browser code built by Vite; React's automatic JSX runtime comes from tsconfig.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: { host: '127.0.0.1' },
  resolve: {
    // simple-keyboard's "main" is a UMD bundle whose default export Vite cannot see; use its ES module build.
    alias: [{ find: /^simple-keyboard$/, replacement: 'simple-keyboard/build/index.modern.esm.js' }],
  },
});
