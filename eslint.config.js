// Type-aware lint: no floating promises, exhaustive switches, and the direction of imports
// (core <- app <- adapters, http, web, cli <- main.ts). Cycles are checked by scripts/check-imports.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'test-artifacts/**', 'bin/**', 'dist/**', '.herald-builds/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', 'src/http-thread-entry.js'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  layer(
    ['src/core/**/*.ts'],
    ['**/app/**', '**/adapters/**', '**/http/**', '**/web/**', '**/cli/**', '**/config/**', '**/main.ts', 'node:*', 'fs', 'path', 'http', 'crypto', 'better-sqlite3', 'pg', 'kysely', 'hono', 'hono/*'],
    'src/core is pure: no I/O and no outer layer',
  ),
  layer(['src/app/**/*.ts'], ['**/adapters/**', '**/http/**', '**/web/**', '**/cli/**', '**/main.ts', 'better-sqlite3', 'pg', 'hono'], 'src/app uses ports, not adapters or HTTP'),
  layer(['src/adapters/**/*.ts'], ['**/http/**', '**/web/**', '**/cli/**', '**/main.ts'], 'adapters do not know HTTP, pages or the CLI'),
  layer(['src/http/**/*.ts', 'src/web/**/*.ts', 'src/web/**/*.tsx'], ['**/adapters/**', '**/cli/**', '**/main.ts'], 'HTTP talks to app and core; main.ts wires adapters'),
  {
    files: ['src/core/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
