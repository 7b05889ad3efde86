import { fileURLToPath, URL } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

// Development: the API runs on :8080 (scripts/run); the proxy keeps requests same-origin so
// the session cookie and CSRF checks behave exactly as in production.
const api = process.env.VIGIL_API_URL ?? 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/docs': api,
      '/openapi.json': api,
      '/health': api,
    },
  },
  // The big chunks are zxcvbn dictionaries, loaded only when a password field appears.
  build: { sourcemap: false, manifest: true, chunkSizeWarningLimit: 1500 },
  test: {
    environment: 'jsdom',
    globals: true,
    // Page tests render whole routes; CI machines have two busy cores.
    testTimeout: 30_000,
    include: ['src/**/*.test.{ts,tsx}'],
  },
})
