import { defineConfig } from 'wxt';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const katexFonts = resolve('node_modules/katex/dist/fonts');
const iconSizes = [16, 32, 48, 128] as const;
const icons = Object.fromEntries(iconSizes.map((size) => [size, `icons/icon-${size}.png`]));

// README "Permissions" gives the reason for each permission.
export default defineConfig({
  // Every file imports what it uses; auto-imports once made two modules' names clash.
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'arXiv Pith',
    description:
      'Pith cards on arXiv listings: a claim headline, theorem count, first figure and rendered abstract for every paper.',
    icons,
    action: { default_icon: icons },
    permissions: ['storage', 'unlimitedStorage'],
    host_permissions: ['https://export.arxiv.org/*', 'https://arxiv.org/*'],
    // The custom tagline endpoint is reached only after the user grants it from the settings page.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    web_accessible_resources: [
      { resources: ['fonts/*.woff2'], matches: ['*://arxiv.org/*', '*://www.arxiv.org/*'] },
    ],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'arxiv-pith@pith.invalid',
              strict_min_version: '128.0',
              // Nothing is collected: papers and the library stay in the browser.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  vite: () => ({
    // charset 'ascii' escapes every non-ASCII character in the bundles: KaTeX contains
    // "\uffff", which written raw makes Chrome refuse the content script as not UTF-8.
    // Vite 7 applies it in its final esbuild pass over each chunk, which runs only when a
    // build target is set.
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact', charset: 'ascii' },
    build: { target: 'es2022' },
  }),
  hooks: {
    // KaTeX's fonts ship as web-accessible files so @font-face can be declared once per page.
    'build:publicAssets': (_wxt, files) => {
      for (const size of iconSizes) {
        files.push({ absoluteSrc: resolve(`assets/icons/icon-${size}.png`), relativeDest: `icons/icon-${size}.png` });
      }
      for (const name of readdirSync(katexFonts)) {
        if (name.endsWith('.woff2')) {
          files.push({ absoluteSrc: resolve(katexFonts, name), relativeDest: `fonts/${name}` });
        }
      }
    },
  },
});
