import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { ENV } from '../../shared/config/environment.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbRegistry } from '../../shared/adapters/dynamodb/registry.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import { publicJwkSchema } from '../../shared/schemas/admin.ts';
import { bootstrapOrganisation } from '../../shared/services/bootstrap.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { readJsonFile } from '../connection.ts';

const ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * `bootstrap`: creates an organisation and its first admin client, straight in DynamoDB with the
 * deployer's AWS credentials (api.md §4.4: a deploy-time command, not an API call). Everything
 * after that goes through the signed admin API.
 */
export const bootstrapCommand: Command = {
  name: 'bootstrap',
  summary: 'create an organisation and its first admin client (deploy time, AWS credentials)',
  usage: [
    'gatekeeper bootstrap --org <id> --name <display name> --admin-client <clientId> --admin-key <public JWK file> [--patient-logs 8]',
    `env: ${[ENV.deployment, ENV.tableRegistry, ENV.tableAudit, ENV.tableAuditHeads].join(', ')} (the stack outputs), AWS credentials and region`,
    'The admin key file holds the PUBLIC JWK only (gatekeeper keys generate writes both halves).',
  ].join('\n'),
  run: async (argv, io) => {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        org: { type: 'string' },
        name: { type: 'string' },
        'admin-client': { type: 'string' },
        'admin-key': { type: 'string' },
        'patient-logs': { type: 'string', default: '8' },
      },
    });
    const org = values.org ?? '';
    const adminClientId = values['admin-client'] ?? '';
    if (!ID.test(org) || !ID.test(adminClientId) || !values.name || !values['admin-key'])
      throw new UsageError(
        '--org, --name, --admin-client and --admin-key are required (ids: lower-case letters, digits, hyphens)',
      );
    const patientLogs = Number(values['patient-logs']);
    if (!Number.isInteger(patientLogs) || patientLogs < 1 || patientLogs > 1024)
      throw new UsageError('--patient-logs must be a whole number from 1 to 1024');
    const parsedKey = publicJwkSchema.safeParse(
      await readJsonFile(resolve(io.cwd, values['admin-key']), 'admin key file'),
    );
    if (!parsedKey.success)
      throw new UsageError(
        'the admin key file is not a public ES256, EdDSA or PS256 JWK with a kid (private members are refused)',
      );
    const env = (name: string): string => {
      const value = io.env[name];
      if (!value) throw new UsageError(`${name} is not set`);
      return value;
    };
    const doc = createDocumentClient();
    try {
      const deps = {
        registry: new DynamoDbRegistry(doc, env(ENV.tableRegistry)),
        audit: new DynamoDbAuditLog(doc, { audit: env(ENV.tableAudit), auditHeads: env(ENV.tableAuditHeads) }),
        clock: systemClock,
        deployment: env(ENV.deployment),
      };
      const receipt = await bootstrapOrganisation(deps, {
        org,
        name: values.name,
        patientLogs,
        adminClientId,
        adminKey: parsedKey.data,
      });
      io.out(
        receipt
          ? JSON.stringify({ org, adminClientId, receipt }, null, 2)
          : `Organisation ${org} already exists; nothing changed.`,
      );
      return EXIT.ok;
    } finally {
      doc.destroy();
    }
  },
};
