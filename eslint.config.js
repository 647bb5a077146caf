// One flat config: recommended rules for JS, type-aware-free TS rules for speed.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['.scratch/**', 'node_modules/', 'data/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Formatting is Prettier's (npm run format; lint checks it), so no stylistic lint rules.
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read settings through src/config.ts only.',
        },
      ],
    },
  },
  {
    // The layering: HTTP code talks to the domain, never to storage (types included: the domain
    // re-exports the rows it hands out from src/domain/records.ts).
    files: ['src/http/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/storage/**'], message: 'src/http goes through src/domain; SQL and rows stay in src/storage.' }] },
      ],
    },
  },
  {
    // Browser scripts served to readers.
    files: ['src/http/web/assets/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Config, tests, benchmarks and the CLI entry may read the environment.
    files: ['src/config.ts', 'test/**', 'bench/**', 'bin/**', '**/*.test.ts', 'vitest.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
