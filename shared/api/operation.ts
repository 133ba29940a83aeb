/**
 * What one operation of the v1 API is: the row type of the operation table (operations.ts). The
 * table is the one place the API surface is written down; the CDK API, the local HTTP server, the
 * handlers' routing, the OpenAPI document and the tests' scope matrix are all derived from it.
 * Domain code: it names functions by plain id and imports nothing from infra/ or functions/.
 */
import type { ZodType } from 'zod';
import type { Scope } from '../ports/client-registry.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

/** The Lambda functions that serve the API, by plain name (infra/ maps each to its entry file). */
export type ApiFunctionId = 'public' | 'admin' | 'records' | 'disclosures' | 'auditRead';

export type OperationTag = 'public' | 'disclosures' | 'records' | 'audit' | 'admin' | 'reviews';

/** A zod schema with the component name the OpenAPI document gives it. */
export interface NamedSchema<TSchema extends ZodType = ZodType> {
  readonly name: string;
  readonly schema: TSchema;
}

export interface RequestBody<TSchema extends ZodType = ZodType> extends NamedSchema<TSchema> {
  /**
   * `handler`: the body is optional and the handler validates it itself (a GET that pages with an
   * optional body). Otherwise the stack requires the body and validates it before the handler runs.
   */
  readonly readBy?: 'handler';
}

export interface Operation {
  readonly method: HttpMethod;
  /** API Gateway resource path, `{name}` for path parameters. */
  readonly path: string;
  /** The function that implements it. */
  readonly function: ApiFunctionId;
  readonly summary: string;
  readonly tag: OperationTag;
  /** Absent for the unsigned public endpoints. */
  readonly scope?: Scope;
  /** A second scope that grants the operation as well (reviews.md §5: `review:decide` or `audit:read`). */
  readonly alsoScope?: Scope;
  readonly request?: RequestBody;
  readonly response: NamedSchema;
  /** 409 codes this operation can answer. */
  readonly conflicts?: readonly string[];
  /** 403 codes only this operation answers, beyond those of every signed operation. */
  readonly forbids?: readonly string[];
  /** Writes an audit entry before answering, so it can answer 503 audit_unavailable. */
  readonly audited?: boolean;
}

export const named = <TSchema extends ZodType>(name: string, schema: TSchema): NamedSchema<TSchema> => ({
  name,
  schema,
});
