import react from '@vitejs/plugin-react';
import { resolve } from 'path';
import { defineConfig } from 'vite';

// The browser app builds into dist/web-client, which the web app (apps/web/src) serves.
// It shares the pure rules (fødselsnummer, account number, calendar) with the services.
export default defineConfig({
  root: __dirname,
  plugins: [react()],
  resolve: { alias: { '@vf/rules': resolve(__dirname, '../../../libs/rules/src') } },
  build: { outDir: resolve(__dirname, '../../../dist/web-client'), emptyOutDir: true, chunkSizeWarningLimit: 2000, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/auth': 'http://127.0.0.1:3000' } },
});
