/**
 * What the bundles get for `@aws-sdk/credential-provider-node` (CREDENTIALS_ALIAS in
 * gatekeeper-function.ts): the default chain's first link only, the execution role's credentials
 * that Lambda puts in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN).
 *
 * Every client's runtime configuration imports the whole default chain statically, and with it the
 * SSO, ini-file, process, web-identity, login, container and instance-metadata providers and the
 * nested STS, SSO and sign-in clients they call: about a sixth of each bundle, none of which a
 * function can use (Lambda sets no profile and has no instance metadata; docs/benchmarks.md).
 * The chain would pick this same link in Lambda. Without those variables every call fails with the
 * SDK's own CredentialsProviderError; nothing falls back to a file, a process or the network.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';

/** The parts of the chain's options the environment provider reads. */
type ChainOptions = Parameters<typeof fromEnv>[0];

/** The name the clients import: `defaultProvider` of @aws-sdk/credential-provider-node. */
export const defaultProvider = (init: ChainOptions = {}): AwsCredentialIdentityProvider => fromEnv(init);
