/**
 * Which function serves which route. The CDK stateless stack builds the REST API from this and the
 * local runtime routes HTTP requests with it, so both expose exactly the same surface.
 */
export type ApiFunctionId = 'public' | 'admin' | 'records' | 'disclosures' | 'auditRead';
export type FunctionId = ApiFunctionId | 'checkpointer' | 'archiver';

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** API Gateway resource path, `{name}` for path parameters. */
  readonly path: string;
  readonly function: ApiFunctionId;
}

export const ROUTES: readonly Route[] = Object.freeze([
  { method: 'GET', path: '/v1/health', function: 'public' },
  { method: 'GET', path: '/.well-known/jwks.json', function: 'public' },
  { method: 'GET', path: '/v1/openapi.json', function: 'public' },

  { method: 'PUT', path: '/v1/clients/{clientId}', function: 'admin' },
  { method: 'POST', path: '/v1/clients/{clientId}/keys/{kid}/revoke', function: 'admin' },
  { method: 'PUT', path: '/v1/recipients/{recipientId}', function: 'admin' },
  { method: 'GET', path: '/v1/recipients', function: 'admin' },

  { method: 'PUT', path: '/v1/patients/{patientId}', function: 'records' },
  { method: 'POST', path: '/v1/patients/{patientId}/consents', function: 'records' },
  { method: 'POST', path: '/v1/patients/{patientId}/consents/{consentId}/withdraw', function: 'records' },
  { method: 'POST', path: '/v1/patients/{patientId}/objections', function: 'records' },
  { method: 'POST', path: '/v1/patients/{patientId}/objections/{objectionId}/withdraw', function: 'records' },
  { method: 'PUT', path: '/v1/patients/{patientId}/ndop', function: 'records' },
  { method: 'GET', path: '/v1/patients/{patientId}/records', function: 'records' },
  { method: 'GET', path: '/v1/patients/{patientId}/disclosures', function: 'records' },

  { method: 'POST', path: '/v1/disclosures', function: 'disclosures' },
  { method: 'POST', path: '/v1/disclosures/batch', function: 'disclosures' },
  { method: 'POST', path: '/v1/phin/resolve', function: 'disclosures' },

  { method: 'POST', path: '/v1/audit/search', function: 'auditRead' },
  { method: 'GET', path: '/v1/audit/checkpoints', function: 'auditRead' },
  { method: 'POST', path: '/v1/audit/proofs/inclusion', function: 'auditRead' },
  { method: 'POST', path: '/v1/audit/proofs/consistency', function: 'auditRead' },
  { method: 'POST', path: '/v1/audit/entries', function: 'auditRead' },
]);

/** Handler entry file of each function, relative to the repository root. */
export const FUNCTION_ENTRIES: Readonly<Record<FunctionId, string>> = Object.freeze({
  public: 'functions/public/handler.ts',
  admin: 'functions/admin/handler.ts',
  records: 'functions/records/handler.ts',
  disclosures: 'functions/disclosures/handler.ts',
  auditRead: 'functions/audit-read/handler.ts',
  checkpointer: 'functions/checkpointer/handler.ts',
  archiver: 'functions/archiver/handler.ts',
});
