import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API answers at the root paths (/nodes, /health, /neighbourhood/...), so `npm run dev` proxies
// every one of them to a running `twitchgraph serve` (TWITCHGRAPH_API, default http://127.0.0.1:5000).
const API = process.env.TWITCHGRAPH_API || 'http://127.0.0.1:5000';
const API_ROUTES = [
  '/nodes',
  '/edges',
  '/health',
  '/top-',
  '/streamer',
  '/games',
  '/languages',
  '/page-rank',
  '/betweenness-centrality',
  '/atlas',
  '/overlap',
  '/communities',
  '/neighbourhood',
  '/search',
  '/pipeline',
  '/viewers',
  '/events',
  '/stream',
  '/openapi.json',
];

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    sourcemap: false,
    // The bundle must stay under 250 KB of gzipped JavaScript (bench/frontend.py measures it).
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: Object.fromEntries(API_ROUTES.map((route) => [route, { target: API, changeOrigin: false }])),
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{js,jsx}'],
    setupFiles: ['./src/test/setup.js'],
    restoreMocks: true,
  },
});
