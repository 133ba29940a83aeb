import { RemovalPolicy, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FunctionId } from '../routes.ts';
import { administrationStatements, useStatement } from './key-policy.ts';

export interface CryptoKeysProps {
  readonly deployment: string;
  readonly roles: Readonly<Record<FunctionId, iam.IRole>>;
  readonly breakGlass: iam.IRole;
}

/**
 * The keys that never leave KMS: one HMAC key per pseudonym domain (pseudonymisation.md "Keys and
 * domains"), the Ed25519 checkpoint key (audit.md §4) and the P-256 authorisation key (audit.md §6).
 * Each key policy names exactly who may use it, for which algorithm; the account keeps
 * administration but cannot use or delete the keys (see key-policy.ts).
 */
export class CryptoKeys extends Construct {
  readonly pseudonymPhin: kms.Key;
  readonly pseudonymAudit: kms.Key;
  readonly checkpoint: kms.Key;
  readonly authorisation: kms.Key;

  constructor(scope: Construct, id: string, props: CryptoKeysProps) {
    super(scope, id);
    const { roles } = props;
    this.pseudonymPhin = this.macKey('PseudonymPhin', 'pseudonym-phin', props, [roles.disclosures]);
    this.pseudonymAudit = this.macKey('PseudonymAudit', 'pseudonym-audit', props, [
      roles.records,
      roles.disclosures,
      roles.auditRead,
    ]);
    this.checkpoint = this.signingKey('Checkpoint', 'checkpoint', props, {
      keySpec: kms.KeySpec.ECC_NIST_EDWARDS25519,
      algorithm: 'ED25519_SHA_512',
      signers: [roles.checkpointer],
      // auditRead publishes the vkey with the checkpoints; public serves the JWKS.
      readers: [roles.checkpointer, roles.auditRead, roles.public],
    });
    this.authorisation = this.signingKey('Authorisation', 'authorisation', props, {
      keySpec: kms.KeySpec.ECC_NIST_P256,
      algorithm: 'ECDSA_SHA_256',
      signers: [roles.disclosures],
      readers: [roles.disclosures, roles.public],
    });
  }

  private macKey(id: string, aliasSuffix: string, props: CryptoKeysProps, users: iam.IRole[]): kms.Key {
    const policy = new iam.PolicyDocument({
      statements: [
        ...administrationStatements(props.breakGlass),
        useStatement('GenerateMacHmacSha256Only', users, ['kms:GenerateMac'], {
          StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' },
        }),
      ],
    });
    return this.key(id, aliasSuffix, props.deployment, kms.KeySpec.HMAC_256, kms.KeyUsage.GENERATE_VERIFY_MAC, policy);
  }

  private signingKey(
    id: string,
    aliasSuffix: string,
    props: CryptoKeysProps,
    use: { keySpec: kms.KeySpec; algorithm: string; signers: iam.IRole[]; readers: iam.IRole[] },
  ): kms.Key {
    const policy = new iam.PolicyDocument({
      statements: [
        ...administrationStatements(props.breakGlass),
        useStatement(`Sign${use.algorithm.replaceAll('_', '')}Only`, use.signers, ['kms:Sign'], {
          StringEquals: { 'kms:SigningAlgorithm': use.algorithm },
        }),
        useStatement('PublishPublicKey', use.readers, ['kms:GetPublicKey']),
      ],
    });
    return this.key(id, aliasSuffix, props.deployment, use.keySpec, kms.KeyUsage.SIGN_VERIFY, policy);
  }

  private key(
    id: string,
    aliasSuffix: string,
    deployment: string,
    keySpec: kms.KeySpec,
    keyUsage: kms.KeyUsage,
    policy: iam.PolicyDocument,
  ): kms.Key {
    return new kms.Key(this, id, {
      description: `${deployment}: ${aliasSuffix} (${keySpec})`,
      keySpec,
      keyUsage,
      policy,
      alias: `alias/${deployment}/${aliasSuffix}`,
      // Losing one of these keys breaks pseudonym linkage or checkpoint verification for good.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
