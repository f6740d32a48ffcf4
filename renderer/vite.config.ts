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
});
