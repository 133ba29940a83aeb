/**
 * Architecture rules as tests: who may import whom (docs/architecture.md "Boundaries"). The
 * planted cases show each rule can fail, so a green run means the repository obeys it.
 */
import { describe, expect, it } from 'vitest';
import { IMPORT_RULES, REPO_ROOT, importGraph, importsOf, sourcesUnder, violations } from './import-rules.ts';

describe('import boundaries', () => {
  it('the repository breaks no rule: shared/ never imports infra/ or functions/, the domain no SDK, middy or adapter', () => {
    // Prepare
    const edges = importGraph(REPO_ROOT, ['shared', 'functions', 'infra', 'local-kms']);

    // Act
    const broken = violations(edges);

    // Assess
    expect(edges.filter((edge) => edge.from.startsWith('shared/')).length).toBeGreaterThan(200);
    expect(broken).toEqual([]);
  });

  it.each([
    [
      'shared/policy/engine.ts',
      "import { ROUTES } from '../../infra/routes.ts';",
      'shared/ imports nothing from infra/ or functions/',
    ],
    [
      'shared/adapters/dynamodb/x.ts',
      "import type { PROBLEMS } from '../../../functions/lib/problems.ts';",
      'shared/ imports nothing from infra/ or functions/',
    ],
    [
      'shared/openapi/document.ts',
      "export { PROBLEMS } from '../../functions/lib/index.ts';",
      'shared/ imports nothing from infra/ or functions/',
    ],
    [
      'shared/services/x.ts',
      "const lazy = () => import('../../infra/tables.ts');",
      'shared/ imports nothing from infra/ or functions/',
    ],
    [
      'shared/services/x.ts',
      "import { KMSClient } from '@aws-sdk/client-kms';",
      'the domain imports no AWS SDK, middy, Powertools or Lambda types',
    ],
    [
      'shared/auth/x.ts',
      "import middy from '@middy/core';",
      'the domain imports no AWS SDK, middy, Powertools or Lambda types',
    ],
    [
      'shared/services/x.ts',
      "import { DynamoDbAuditLog } from '../adapters/dynamodb/audit-log.ts';",
      'the domain depends on ports, not adapters',
    ],
    ['shared/api/x.ts', "import { Stack } from 'aws-cdk-lib';", 'shared/ uses no CDK'],
    [
      'functions/platform.ts',
      "import { startLocalKms } from '../local-kms/server.ts';",
      'nothing deployed imports the local KMS endpoint',
    ],
    [
      'infra/stacks/x.ts',
      "import { GATEKEEPER_KEYS } from '../../local-kms/provision.ts';",
      'nothing deployed imports the local KMS endpoint',
    ],
    [
      'functions/disclosures/compose.ts',
      "import { submitEpisodes } from '../../shared/phin/submit.ts';",
      'nothing deployed imports the PHIN submission job',
    ],
    [
      'shared/api/operations.ts',
      "import { resolveRequestSchema } from '../phin/resolve.ts';",
      'nothing deployed imports the PHIN submission job',
    ],
    [
      'local-kms/operations/x.ts',
      "import { canonicalBytes } from '../../shared/canonical-json.ts';",
      'the local KMS endpoint stands alone: it imports nothing of the gatekeeper',
    ],
  ])('catches a planted violation in %s: %s', (file, source, rule) => {
    // Act
    const broken = violations(importsOf(file, source));

    // Assess
    expect(broken.map((edge) => edge.rule)).toEqual([rule]);
  });

  it.each([
    ['shared/adapters/kms/x.ts', "import { KMSClient } from '@aws-sdk/client-kms';"],
    ['shared/services/x.ts', "import type { AuditLog } from '../ports/audit-log.ts';"],
    [
      'functions/records/handler.ts',
      "import { DynamoDbAuditSearch } from '../../shared/adapters/dynamodb/audit-search.ts';",
    ],
    ['infra/tables.ts', "import { AUDIT_INDEXES } from '../shared/adapters/dynamodb/audit-indexes.ts';"],
    ['infra/local/stack.ts', "import { startLocalKms } from '../../local-kms/server.ts';"],
    ['shared/phin/submit.ts', "import { loadState } from './state.ts';"],
  ])('allows %s: %s', (file, source) => {
    // Act
    const broken = violations(importsOf(file, source));

    // Assess
    expect(broken).toEqual([]);
  });

  it('every rule applies to some file of the repository (none is vacuous)', () => {
    // Prepare
    const files = ['shared', 'functions', 'infra', 'local-kms'].flatMap((folder) => sourcesUnder(REPO_ROOT, folder));

    // Act
    const idle = IMPORT_RULES.filter((rule) => !files.some((file) => rule.appliesTo(file)));

    // Assess
    expect(idle).toEqual([]);
  });
});
