import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console is a static SPA served by the Faultline server from `apps/web/dist` (assets under `/assets/`).
 * In development, `npm run dev --workspace apps/web` proxies the API (including the SSE stream) to a server
 * running on the default port, so cookies stay same-origin.
 */
export default defineConfig({
  plugins: [react()],
  base: '/',
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8080' } } },
  preview: { proxy: { '/api': { target: 'http://127.0.0.1:8080' } } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
});
