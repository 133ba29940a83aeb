import { RemovalPolicy, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FunctionId } from '../routes.ts';
import type { SigningKeyGeneration, SigningKeyGenerations } from '../stacks/signing-key-generations.ts';
import { administrationStatements, useStatement } from './key-policy.ts';

export interface CryptoKeysProps {
  readonly deployment: string;
  readonly roles: Readonly<Record<FunctionId, iam.IRole>>;
  readonly breakGlass: iam.IRole;
  /** Which KMS key generations each signing purpose has, active first. */
  readonly signingKeys: SigningKeyGenerations;
}

/** One generation of a signing purpose with its KMS key. */
export interface SigningKeyVersion extends SigningKeyGeneration {
  readonly key: kms.IKey;
}

/** A purpose's keys in ring order: the active one first, then the retired ones as configured. */
export type SigningKeyVersions = readonly [SigningKeyVersion, ...SigningKeyVersion[]];

interface SigningUse {
  readonly name: 'Checkpoint' | 'Authorisation';
  readonly keySpec: kms.KeySpec;
  readonly algorithm: string;
  readonly signers: iam.IRole[];
  readonly readers: iam.IRole[];
}

/**
 * The keys that never leave KMS: one HMAC key per pseudonym domain (pseudonymisation.md "Keys and
 * domains"), the Ed25519 checkpoint keys (audit.md §4) and the P-256 authorisation keys (audit.md
 * §6), one KMS key per configured generation (docs/key-rotation.md). Each key policy names exactly
 * who may use it, for which algorithm; the account keeps administration but cannot use or delete
 * the keys (see key-policy.ts).
 */
export class CryptoKeys extends Construct {
  readonly pseudonymPhin: kms.Key;
  readonly pseudonymAudit: kms.Key;
  readonly checkpoint: SigningKeyVersions;
  readonly authorisation: SigningKeyVersions;

  constructor(scope: Construct, id: string, props: CryptoKeysProps) {
    super(scope, id);
    const { roles } = props;
    this.pseudonymPhin = this.macKey('PseudonymPhin', 'pseudonym-phin', props, [roles.disclosures]);
    this.pseudonymAudit = this.macKey('PseudonymAudit', 'pseudonym-audit', props, [
      roles.records,
      roles.disclosures,
      roles.auditRead,
    ]);
    this.checkpoint = this.signingKeyVersions(props, props.signingKeys.checkpoint, {
      name: 'Checkpoint',
      keySpec: kms.KeySpec.ECC_NIST_EDWARDS25519,
      algorithm: 'ED25519_SHA_512',
      signers: [roles.checkpointer],
      // auditRead publishes the vkeys with the checkpoints; public serves the JWKS.
      readers: [roles.checkpointer, roles.auditRead, roles.public],
    });
    this.authorisation = this.signingKeyVersions(props, props.signingKeys.authorisation, {
      name: 'Authorisation',
      keySpec: kms.KeySpec.ECC_NIST_P256,
      algorithm: 'ECDSA_SHA_256',
      signers: [roles.disclosures],
      readers: [roles.disclosures, roles.public],
    });
  }

  private signingKeyVersions(
    props: CryptoKeysProps,
    generations: readonly SigningKeyGeneration[],
    use: SigningUse,
  ): SigningKeyVersions {
    const versions = generations.map((generation) => ({ ...generation, key: this.signingKey(props, generation, use) }));
    const [active, ...retired] = versions;
    if (active === undefined) throw new Error(`${use.name}: no signing key generation`);
    return [active, ...retired];
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

  /**
   * Generation 1 keeps the construct id and alias it had before rotation existed, so an existing
   * deployment's key is never replaced. A retired generation may Sign only until its retiredAt
   * (checkpoints are co-signed until then; an authorisation key signs on while the deployment that
   * retires it rolls out): after that the key policy itself refuses, even if the list is stale.
   */
  private signingKey(
    props: CryptoKeysProps,
    { generation, retiredAt }: SigningKeyGeneration,
    use: SigningUse,
  ): kms.Key {
    const first = generation === 1;
    const id = first ? use.name : `${use.name}Generation${generation}`;
    const aliasSuffix = use.name.toLowerCase() + (first ? '' : `-generation-${generation}`);
    const policy = new iam.PolicyDocument({
      statements: [
        ...administrationStatements(props.breakGlass),
        useStatement(`Sign${use.algorithm.replaceAll('_', '')}Only`, use.signers, ['kms:Sign'], {
          StringEquals: { 'kms:SigningAlgorithm': use.algorithm },
          ...(retiredAt === undefined ? {} : { DateLessThan: { 'aws:CurrentTime': signingDeadline(retiredAt) } }),
        }),
        // Every listed generation stays readable: functions read each public key at cold start.
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

/**
 * The runtime stops signing with a retired key at retiredAt by its own clock; the key policy refuses
 * a little later, so a few seconds of skew between the function and KMS never fail a signature.
 */
const SIGNING_GRACE_MS = 5 * 60 * 1000;

function signingDeadline(retiredAt: string): string {
  return new Date(Date.parse(retiredAt) + SIGNING_GRACE_MS).toISOString().replace('.000Z', 'Z');
}

/** The environment value of a purpose's key list (signing-key-ring.ts): `<active>[,<retired>@<retiredAt>]...`. */
export function signingKeyList(versions: SigningKeyVersions): string {
  return versions
    .map(({ key, retiredAt }) => (retiredAt === undefined ? key.keyArn : `${key.keyArn}@${retiredAt}`))
    .join(',');
}
