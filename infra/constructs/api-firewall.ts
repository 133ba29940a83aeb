import { ArnFormat, Fn, Stack, aws_logs as logs, aws_wafv2 as wafv2 } from 'aws-cdk-lib';
import type { aws_apigateway as apigw, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LOG_RETENTION } from './gatekeeper-function.ts';
import { RETAIN_EXCEPT_ON_CREATE, stackInstanceSuffix } from './retry-safe.ts';

/**
 * Content-Length values above a limit, as regular expressions: WAF inspects at most the first
 * 64 KiB of a body, so it cannot measure a 5 MiB body, but it can read the declared length.
 * (Chunked requests without a length still meet the handlers' own limits.)
 */
export const OVER_5_MIB =
  '^(\\d{8,}|[6-9]\\d{6}|5[3-9]\\d{5}|52[5-9]\\d{4}|524[3-9]\\d{3}|5242[9]\\d{2}|524289\\d|524288[1-9])$';
export const OVER_256_KIB = '^(\\d{7,}|[3-9]\\d{5}|2[7-9]\\d{4}|26[3-9]\\d{3}|262[2-9]\\d{2}|2621[5-9]\\d|26214[5-9])$';

const contentLengthOver = (regexString: string): wafv2.CfnWebACL.StatementProperty => ({
  regexMatchStatement: {
    regexString,
    fieldToMatch: { singleHeader: { Name: 'content-length' } },
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: false, // Samples would copy request headers and bodies into the console.
});

/**
 * Rules of the AWS common rule set that would block legitimate clinical traffic, run in COUNT mode
 * (they still label and count, so their matches show in the metrics). docs/operations.md lists them.
 */
export const COMMON_RULES_COUNTED: wafv2.CfnWebACL.RuleActionOverrideProperty[] = [
  // Blocks any body over 8 KiB; the size rules above (256 KiB, 5 MiB for batches) replace it.
  { name: 'SizeRestrictions_BODY', actionToUse: { count: {} } },
  // EPR integration engines and batch jobs often send no User-Agent; every request is
  // authenticated by its signature instead, and a header proves nothing.
  { name: 'NoUserAgent_HEADER', actionToUse: { count: {} } },
  // Clinical free text (notes, letters, "BP <120") trips the HTML/script patterns; bodies are JSON
  // that is schema-validated and never rendered as HTML by the gatekeeper.
  { name: 'CrossSiteScripting_BODY', actionToUse: { count: {} } },
];

/** The regional web ACL in front of the API stage: size limits and the AWS baseline rule sets. */
export class ApiFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly deployment: string; readonly stage: apigw.Stage; readonly logKey: kms.IKey },
  ) {
    super(scope, id);
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${props.deployment}-api`),
      rules: [
        {
          name: 'BodyOver5MiB',
          priority: 0,
          action: { block: {} },
          statement: contentLengthOver(OVER_5_MIB),
          visibilityConfig: visibility('BodyOver5MiB'),
        },
        {
          name: 'BodyOver256KiBOutsideBatch',
          priority: 1,
          action: { block: {} },
          statement: {
            andStatement: {
              statements: [
                contentLengthOver(OVER_256_KIB),
                {
                  notStatement: {
                    statement: {
                      byteMatchStatement: {
                        searchString: '/v1/disclosures/batch',
                        positionalConstraint: 'ENDS_WITH',
                        fieldToMatch: { uriPath: {} },
                        textTransformations: [{ priority: 0, type: 'NONE' }],
                      },
                    },
                  },
                },
              ],
            },
          },
          visibilityConfig: visibility('BodyOver256KiBOutsideBatch'),
        },
        managedRuleGroup('AWSManagedRulesCommonRuleSet', 2, COMMON_RULES_COUNTED),
        managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', 3, []),
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'StageAssociation', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
    this.addLogging(props.deployment, props.logKey);
  }

  private addLogging(deployment: string, logKey: kms.IKey): void {
    const logGroup = new logs.LogGroup(this, 'Logs', {
      // WAF only delivers to log groups whose name starts with aws-waf-logs-; the suffix keeps a
      // retained group of an earlier stack instance from blocking a retry or a redeploy.
      logGroupName: Fn.join('-', ['aws-waf-logs', deployment, stackInstanceSuffix()]),
      encryptionKey: logKey,
      retention: LOG_RETENTION,
      removalPolicy: RETAIN_EXCEPT_ON_CREATE,
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // The bare log group ARN: WAF rejects the `:*` suffix that LogGroup.Arn carries.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      // The signature header names client and org; paths carry patient, client and recipient ids
      // (/v1/patients/<id>/...), query strings may too. WAF logs need none of them.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { uriPath: {} }, { queryString: {} }],
    });
  }
}

function managedRuleGroup(
  name: string,
  priority: number,
  ruleActionOverrides: wafv2.CfnWebACL.RuleActionOverrideProperty[],
): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(ruleActionOverrides.length > 0 ? { ruleActionOverrides } : {}),
      },
    },
    visibilityConfig: visibility(name),
  };
}
