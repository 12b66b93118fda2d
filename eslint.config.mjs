// Lint and dependency rules, run by the test command (npm run lint).
// The dependency rules keep the shape: the rules library imports nothing but itself; no library
// imports an app; an app never imports another app. (See README, "How it is built".)
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const APPS = ['decision', 'follow-up', 'payout', 'web'];

/** An app may import the libraries and itself, never another app. */
const appBoundary = (app) => ({
  files: [`apps/${app}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: APPS.filter((a) => a !== app).map((other) => ({
          regex: `(^|/)apps/${other}(/|$)|^\\.\\./\\.\\./(\\.\\./)*${other}/`,
          message: `apps/${app} must not import apps/${other}: share through libs/ or events instead.`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.run/**', 'infra/kafka/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Decorated Nest classes and JSON from the wire are typed at the edge; `any` stays visible in review.
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    files: ['libs/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.{1,2}/)',
              message: 'libs/rules is pure: it imports nothing but its own files (no framework, database, broker or other library).',
            },
          ],
        },
      ],
    },
  },
  {
    // Its tests may also use fast-check for property tests.
    files: ['libs/rules/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\.{1,2}/|fast-check$)', message: 'libs/rules tests import the rules and fast-check only.' }] },
      ],
    },
  },
  {
    files: ['apps/web/client/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
  },
  {
    // Contracts are frozen wire formats: they do not take their shapes, enums or field formats from
    // the rules (their specs may, to check that both agree).
    files: ['libs/contracts/**/*.ts'],
    ignores: ['libs/contracts/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^@vf/rules$', message: 'libs/contracts must not import libs/rules: write the v1 shape out here.' },
            { regex: '(^|/)apps/', message: 'A library must not import an app.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/rules/**', 'libs/contracts/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)apps/', message: 'A library must not import an app.' }] }],
    },
  },
  ...APPS.map(appBoundary),
);
