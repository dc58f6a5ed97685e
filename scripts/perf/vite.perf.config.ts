// Vite config for the pages `npm run perf` compares TierLab against (Node): a bare onnxruntime-web loop and a
// transformers.js pipeline as documented, built to dist-perf/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const pages = fileURLToPath(new URL('./pages', import.meta.url));

export default defineConfig({
  root: pages,
  base: './',
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web', '@huggingface/transformers'] },
  build: {
    outDir: fileURLToPath(new URL('../../dist-perf', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rollupOptions: { input: { bare: `${pages}/bare.html`, typical: `${pages}/typical.html` } },
  },
});
