// Lint is part of `npm test`: type-aware rules catch the promise and boundary bugs that matter here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Nothing in shared/ reaches into the deployment or the Lambda layer: they import shared/, not the reverse. */
const OUTSIDE_SHARED = [
  {
    regex: '^(\\.\\./)+(infra|functions|cli|bench|test|local-kms)(/|$)',
    message: 'shared/ imports nothing from infra/, functions/, cli/, bench/, test/ or local-kms/.',
  },
  { group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'], message: 'CDK belongs to infra/.' },
];
/** The domain (shared/ but adapters) talks to the world through ports only: no SDK, middy, Lambda types or adapters. */
const OUTSIDE_DOMAIN = [
  {
    group: ['@aws-sdk/*', '@smithy/*', '@middy/*', '@aws-lambda-powertools/*', 'aws-lambda'],
    message: 'Domain code uses ports (shared/ports); the SDK, middy and Powertools belong to adapters and functions/.',
  },
  {
    regex: '(^|/)adapters(/|$)',
    message: 'Domain code depends on ports, not adapters: the composition root (functions/) wires adapters in.',
  },
];
/** The local KMS endpoint serves tests and `npm start` only: nothing deployed may bundle it. */
const LOCAL_KMS = {
  regex: '(^|/)local-kms(/|$)',
  message: 'local-kms/ is never deployed: only infra/local/, test/ and bench/ use it.',
};

/** shared/phin/ is the PHIN submission job's client side (the CLI's files and batches): nothing deployed uses it. */
const PHIN_JOB = {
  regex: '^(\\.\\./)+(shared/)?phin/',
  message: 'shared/phin/ is the CLI submission job; the server side of PHIN is a service in shared/services/.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/', 'docs/openapi.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Tests, the CLI, benchmarks and the local runtime talk to a terminal on purpose.
    files: ['test/**', 'cli/**', 'bench/**', 'infra/local/**', 'local-kms/**'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // Boundaries (docs/architecture.md "Boundaries"; test/unit/architecture/boundaries.test.ts checks
  // the same rules on resolved paths, so a rule bent here still fails the suite).
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/adapters/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...OUTSIDE_SHARED, ...OUTSIDE_DOMAIN, PHIN_JOB] }] },
  },
  {
    files: ['shared/adapters/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...OUTSIDE_SHARED, PHIN_JOB] }] },
  },
  {
    files: ['functions/**/*.ts', 'infra/**/*.ts'],
    ignores: ['infra/local/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [LOCAL_KMS, PHIN_JOB] }] },
  },
  {
    files: ['local-kms/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(shared|functions|infra|cli|bench|test)(/|$)',
              message: 'local-kms/ stands alone: it speaks the KMS protocol and imports nothing of the gatekeeper.',
            },
          ],
        },
      ],
    },
  },
  {
    // A handler implements operations of the table by id (`implement`), never a route of its own.
    files: ['functions/*/handler.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '../lib/index.ts',
              importNames: ['route', 'publicRoute'],
              message: 'Implement operations of shared/api/operations.ts by id with implement().',
            },
          ],
          patterns: [LOCAL_KMS, PHIN_JOB],
        },
      ],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  {
    // esbuild drops the parts of zod a bundle does not use only for a namespace import; `import { z }`
    // keeps all of it, every locale included (460 KB of each function's 1 MB; docs/benchmarks.md).
    files: ['shared/**/*.ts', 'functions/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[importKind!='type']",
          message:
            "Import zod as a namespace (`import * as z from 'zod'`, types with `import type`) so bundles keep only what they use.",
        },
      ],
    },
  },
  {
    // The CommonJS shim the function bundles take node:http from (infra/constructs/gatekeeper-function.ts).
    files: ['infra/constructs/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: { ...globals.node },
    },
  },
);
