import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const katexFonts = resolve('node_modules/katex/dist/fonts');

/**
 * Preact's renderer carries one `dom.innerHTML = props.dangerouslySetInnerHTML.__html`, which
 * AMO's linter flags as an unsafe assignment in every bundle that includes Preact, used or not.
 * The extension never uses dangerouslySetInnerHTML (KaTeX output is built as DOM nodes, see
 * components/Tex.tsx), so that one assignment becomes textContent: markup can never be parsed
 * through Preact, and a future use would show up as visible text instead of live HTML. The
 * build fails if a Preact upgrade changes the code this relies on.
 */
function preactWithoutInnerHtml(): Plugin {
  const preactDist = /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.(?:module\.js|mjs|js)$/;
  const assignment = /\b(\w+)\.innerHTML=(\w+)\.__html\b/g;
  return {
    name: 'pith:preact-without-innerhtml',
    enforce: 'pre',
    transform(code, id) {
      if (!preactDist.test(id)) return null;
      const hits = code.match(assignment)?.length ?? 0;
      if (hits !== 1) this.error(`expected one dangerouslySetInnerHTML assignment in ${id}, found ${hits}`);
      return { code: code.replace(assignment, '$1.textContent=$2.__html'), map: null };
    },
  };
}
/**
 * @citation-js/plugin-bibtex's grammars (BibTeX import) import `util.Grammar` and `logger` from
 * '@citation-js/core', whose index also brings Citation.js's whole Cite API and plugin registry
 * into the bundle (kept as side effects), with an `innerHTML` web-ext lint reports. For imports
 * from that plugin only, resolve it to utils/citation-js-core.ts, which re-exports the two.
 */
function citationJsCoreShim(): Plugin {
  const fromBibtexPlugin = /[\\/]node_modules[\\/]@citation-js[\\/]plugin-bibtex[\\/]/;
  const shim = resolve('utils/citation-js-core.ts');
  return {
    name: 'pith:citation-js-core-shim',
    enforce: 'pre',
    resolveId(source, importer) {
      return source === '@citation-js/core' && importer !== undefined && fromBibtexPlugin.test(importer) ? shim : null;
    },
  };
}

/**
 * KaTeX's module body (symbol tables, macros, font metrics) took 50-57 ms to evaluate in the
 * content script's first task, the extension's only long task on a 2,000-entry listing. This
 * turns `katex.mjs` into a module whose default export evaluates that body on first use:
 * `utils/tex.ts` asks whether it still waits (`__pithPending`, which the real module lacks,
 * so tests and vite-node see a ready KaTeX) and evaluates it in a task of its own before math
 * is first rendered. Only the default export is kept: a named import of KaTeX fails the build,
 * and so does a KaTeX upgrade that changes the export statement this relies on.
 */
function lazyKatex(): Plugin {
  const katexModule = /[\\/]node_modules[\\/]katex[\\/]dist[\\/]katex\.mjs$/;
  const exportStatement = /\nexport \{([^}]*)\};?\s*$/;
  return {
    name: 'pith:lazy-katex',
    enforce: 'pre',
    transform(code, id) {
      if (!katexModule.test(id)) return null;
      const names = exportStatement.exec(code)?.[1];
      if (!names || !/\bkatex as default\b/.test(names) || /^\s*(?:import|export)\b/m.test(code.replace(exportStatement, ''))) {
        this.error(`${id}: expected one trailing export statement with "katex as default" and no other import/export`);
      }
      const body = code.replace(exportStatement, '\n');
      return {
        code: [
          'let evaluated;',
          `function evaluate() { return (evaluated ??= (() => {\n${body}\nreturn katex;\n})()); }`,
          'export default new Proxy({}, {',
          "  get: (_, key) => (key === '__pithPending' ? evaluated === undefined : evaluate()[key]),",
          '});',
        ].join('\n'),
        map: null,
      };
    },
  };
}
const iconSizes = [16, 32, 48, 128] as const;
const icons = Object.fromEntries(iconSizes.map((size) => [size, `icons/icon-${size}.png`]));

// README "Permissions" gives the reason for each permission.
export default defineConfig({
  // Every file imports what it uses; auto-imports once made two modules' names clash.
  imports: false,
  // Copied into the build as is: the _locales messages (the top level keeps to the fixed folders).
  publicDir: 'assets/public',
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    // Words live in assets/public/_locales/<lang>/messages.json (utils/i18n.ts), so a translation is one file.
    default_locale: 'en',
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
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
              // 140: the first Firefox that knows data_collection_permissions (desktop and Android).
              strict_min_version: '140.0',
              // Nothing is collected: papers and the library stay in the browser.
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android learnt data_collection_permissions in 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  // The sources archive AMO asks for (zip:firefox): what rebuilds the package, without the tests
  // (they read third-party captures that are not shipped; see README "Store packages").
  zip: { excludeSources: ['tests/**', 'vitest.config.ts'] },
  vite: () => ({
    plugins: [preactWithoutInnerHtml(), citationJsCoreShim(), lazyKatex()],
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
