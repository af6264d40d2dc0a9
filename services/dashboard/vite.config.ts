import { defineConfig, type PluginOption } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// The plugins are hoisted next to the root's vite 8 (vitest's) and type against it; at run time they
// get this workspace's vite 7, which they support. The cast only bridges the two type copies.
const plugins = [react(), tailwindcss()] as unknown as PluginOption[];

// `npm run dev` proxies the API to a gateway on :8080 (`npm start`); the built app is served by the gateway itself.
export default defineConfig({
  plugins,
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': { target: 'http://localhost:8080', changeOrigin: false } } },
});
