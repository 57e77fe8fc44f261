// ESLint (flat config): `npm run lint` checks the explorer (src), its end-to-end tests (e2e), the scripts
// and the configs; it must report nothing, not even a warning.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default defineConfig([
  globalIgnores(['dist/', 'node_modules/', 'test-output/']),
  {
    files: ['**/*.{js,jsx,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    // A disable comment that no longer suppresses anything is an error.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  // The explorer runs in the browser: the rules of hooks, dependencies, and the React Compiler's checks.
  {
    files: ['src/**/*.{js,jsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },
  // Vitest runs the component tests in Node with jsdom (they set process.env.TZ).
  {
    files: ['src/**/*.test.{js,jsx}', 'src/test/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  // Node scripts. The end-to-end tests and the benchmark also hold functions that run in the page
  // (page.evaluate, page.waitForFunction), hence the browser's globals as well.
  {
    files: ['e2e/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['*.config.js'],
    languageOptions: { globals: globals.node },
  },
]);
