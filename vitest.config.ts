import { configDefaults, defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Files that need a module graph and happy-dom window of their own. The options page's
 * controlled text fields lost the values the test typed once the popup's tests had run in
 * the same window (cause not found); every other file shares one per worker, which halves the
 * run (127 -> 63 s on this machine: the environment and imports were half of it).
 */
const OWN_WORLD = ['tests/unit/options.test.tsx'];

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    environment: 'happy-dom',
    setupFiles: ['tests/setup.ts'],
    testTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'shared', include: ['tests/unit/**/*.test.{ts,tsx}'], exclude: [...configDefaults.exclude, ...OWN_WORLD], isolate: false } },
      { extends: true, test: { name: 'own', include: OWN_WORLD } },
    ],
  },
});
