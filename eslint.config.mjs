import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'sdk/dist/', 'sdk/src/generated/', 'test-artifacts/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Entity and migration lists hold classes of any shape.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-console': 'error',
    },
  },
  {
    // Request DTOs: optional means "may be absent", never "may be null" (README "Input rules").
    // The environment schema is exempt: a variable is a string or unset, never null.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', 'src/common/validation/omittable.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'class-validator', importNames: ['IsOptional'], message: 'Use @Omittable() from src/common/validation/omittable.ts.' },
            { name: '@nestjs/swagger', importNames: ['PartialType'], message: 'Use OmittableType() from src/common/validation/omittable.ts.' },
          ],
        },
      ],
    },
  },
  {
    // The SDK runs unchanged on Node, Deno, Bun and edge runtimes: web platform APIs only, no Node modules
    // or globals (its tsconfig has no Node types either). Its specs and test helpers may use Node.
    files: ['sdk/src/**/*.ts'],
    ignores: ['sdk/src/**/*.spec.ts', 'sdk/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(node:|(crypto|buffer|fs|http|https|net|os|path|process|stream|url|util)$)', message: 'The SDK uses web platform APIs only (WebCrypto, fetch, TextEncoder).' }] },
      ],
      'no-restricted-globals': ['error', 'Buffer', 'process', 'require', 'module', '__dirname', 'global'],
    },
  },
  {
    files: ['bench/**/*.mjs', 'contracts/build.mjs', 'scripts/**/*.mjs', 'deploy/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', AbortSignal: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
  {
    // The dashboard's one browser script.
    files: ['src/dashboard/assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { document: 'readonly', navigator: 'readonly', window: 'readonly' } },
  },
  {
    // The checkout page's browser scripts.
    files: ['src/checkout-page/assets/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', navigator: 'readonly', window: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Event: 'readonly', DOMParser: 'readonly' },
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
