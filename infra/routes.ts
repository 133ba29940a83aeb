/**
 * The API surface as infra/ sees it: every route with its method, path, function and scope, all
 * derived from the operation table (shared/api/operations.ts), plus each function's entry file.
 * The CDK stateless stack and the local HTTP server both build from ROUTES, so they expose
 * exactly the surface the handlers implement and the OpenAPI document describes.
 */
import { API_ROUTES, type ApiFunctionId, type ApiRoute } from '../shared/api/index.ts';

export type { ApiFunctionId } from '../shared/api/index.ts';
export type FunctionId = ApiFunctionId | 'checkpointer' | 'archiver';

export type Route = ApiRoute;
export const ROUTES: readonly Route[] = API_ROUTES;

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
