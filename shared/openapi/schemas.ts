/**
 * components.schemas of the OpenAPI document, generated from the zod schemas with zod's own
 * `z.toJSONSchema` (JSON Schema 2020-12, the dialect of OpenAPI 3.1). Request bodies are rendered
 * as the server accepts them (`io: input`), answers as it produces them (`io: output`). Schemas
 * named here are emitted once and referenced with `$ref` wherever they are reused.
 */
import * as z from 'zod';
import type { ZodType } from 'zod';
import {
  problemSchema,
  receiptSchema,
  basisSchema,
  transformationSchema,
  fieldErrorSchema,
} from '../schemas/responses.ts';
import { OPERATIONS, type Operation } from '../api/index.ts';

export type JsonSchema = Record<string, unknown>;

const SHARED: Readonly<Record<string, ZodType>> = {
  Problem: problemSchema,
  FieldError: fieldErrorSchema,
  Receipt: receiptSchema,
  Basis: basisSchema,
  Transformation: transformationSchema,
};

function render(named: ReadonlyMap<string, ZodType>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of named) if (!registry.has(schema)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    // Refinements and transforms have no JSON Schema form; their base types are what is documented.
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _dialect, $id: _uri, id: _id, ...rest } = schema as JsonSchema;
    out[id] = rest;
  }
  return out;
}

/** Every schema the operations name, plus the shared ones, keyed by component name. */
export function componentSchemas(): Record<string, JsonSchema> {
  const requests = new Map<string, ZodType>();
  const responses = new Map<string, ZodType>(Object.entries(SHARED));
  for (const operation of Object.values<Operation>(OPERATIONS)) {
    if (operation.request) requests.set(operation.request.name, operation.request.schema);
    responses.set(operation.response.name, operation.response.schema);
  }
  const merged = { ...render(responses, 'output'), ...render(requests, 'input') };
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
}
