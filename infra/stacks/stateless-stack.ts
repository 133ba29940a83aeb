import { Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ApiFirewall } from '../constructs/api-firewall.ts';
import { ArchiverFailureQueue, AuditPipeline } from '../constructs/audit-pipeline.ts';
import { ConsoleSite } from '../constructs/console-site.ts';
import { GatekeeperApi } from '../constructs/gatekeeper-api.ts';
import { GatekeeperFunctions } from '../constructs/gatekeeper-functions.ts';
import { signingKeyList } from '../constructs/crypto-keys.ts';
import { KeyChangeAlarm } from '../constructs/key-change-alarm.ts';
import { OperationalAlarms } from '../constructs/operational-alarms.ts';
import { ENV, type FunctionEnvironment, type TableEnvName } from '../../shared/config/environment.ts';
import { TABLES } from '../tables.ts';
import type { DeploymentConfig } from './config.ts';
import { gatekeeperKeys } from './stateful-stack.ts';
import type { StatefulResources } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly config: DeploymentConfig;
  readonly stateful: StatefulResources;
}

/** Patient logs per org (audit.md §1); fixed when an org is created, so it is not a deploy-time knob. */
const API_THROTTLE = { rateLimit: 100, burstLimit: 200 };

/** The code and its wiring: functions, API, firewall, schedule, stream and alarms. Safe to redeploy at will. */
export class StatelessStack extends Stack {
  readonly api: GatekeeperApi;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, stateful } = props;
    const archiverFailures = new ArchiverFailureQueue(this, 'ArchiverFailures', { encryptionKey: stateful.dataKey })
      .queue;
    const functions = new GatekeeperFunctions(this, 'Functions', {
      roles: stateful.roles,
      environment: functionEnvironment(config, stateful),
      dataKey: stateful.dataKey,
      targets: { tables: stateful.tables, dataKey: stateful.dataKey, archiverFailures },
    }).functions;
    const fn = (id: keyof typeof functions) => functions[id].function;

    this.api = new GatekeeperApi(this, 'Api', {
      deployment: config.deployment,
      handlers: {
        public: fn('public'),
        admin: fn('admin'),
        records: fn('records'),
        disclosures: fn('disclosures'),
        auditRead: fn('auditRead'),
      },
      logKey: stateful.dataKey,
      throttle: API_THROTTLE,
    });
    new ConsoleSite(this, 'Console', { api: this.api.api, audience: config.audience, logKey: stateful.dataKey });
    new ApiFirewall(this, 'Firewall', {
      deployment: config.deployment,
      stage: this.api.api.deploymentStage,
      logKey: stateful.dataKey,
    });
    new AuditPipeline(this, 'AuditPipeline', {
      checkpointer: fn('checkpointer'),
      archiver: fn('archiver'),
      auditLog: stateful.tables.AuditLog,
      archiverFailures,
    });
    const alarms = new OperationalAlarms(this, 'Alarms', {
      deployment: config.deployment,
      functions: Object.fromEntries(Object.entries(functions).map(([name, f]) => [name, f.function])),
      streamConsumer: fn('archiver'),
      scheduled: fn('checkpointer'),
      api: this.api.api,
      archiverFailures,
      topicKey: stateful.dataKey,
    });
    new KeyChangeAlarm(this, 'KeyChanges', {
      keys: [stateful.dataKey, ...gatekeeperKeys(stateful.keys)],
      topic: alarms.topic,
    });
  }
}

/**
 * The environment every function receives (shared/config/config.ts parses it at cold start). The
 * switches are the packs' defaults unless the deployment chose some (`gatekeeper:policySwitches`);
 * the checkpointer signs on its schedule, so `ENV.signCheckpointsOnRead` is never set here.
 */
export function functionEnvironment(
  config: DeploymentConfig,
  stateful: StatefulResources,
): FunctionEnvironment & Record<string, string> {
  const { keys } = stateful;
  const tables = Object.fromEntries(
    TABLES.map((definition) => [definition.envVar, stateful.tables[definition.id].tableName]),
  );
  return {
    [ENV.deployment]: config.deployment,
    [ENV.audience]: config.audience,
    ...(tables as Record<TableEnvName, string>),
    [ENV.keyPseudonymPhin]: keys.pseudonymPhin.keyArn,
    [ENV.keyPseudonymPhinVersion]: '1',
    [ENV.keyPseudonymAudit]: keys.pseudonymAudit.keyArn,
    [ENV.keyPseudonymAuditVersion]: '1',
    [ENV.keyCheckpoint]: signingKeyList(keys.checkpoint),
    [ENV.keyAuthorisation]: signingKeyList(keys.authorisation),
    [ENV.archiveBucket]: stateful.archiveBucket.bucketName,
    ...(config.policySwitches !== undefined ? { [ENV.policySwitches]: config.policySwitches } : {}),
    POWERTOOLS_SERVICE_NAME: 'gatekeeper',
  };
}
