// vite-node's config for pure.bench.ts: the `@/` alias every module imports with (WXT sets it
// for the build and for vitest; plain vite-node knows nothing of it).
import { fileURLToPath } from 'node:url';

export default {
  resolve: { alias: { '@': fileURLToPath(new URL('../..', import.meta.url)) } },
};
