/**
 * The floor of a function bundle (issue 15, bundles): the entry point the bench bundles with the
 * functions' own options and imports next to them. It does what every API function's cold start
 * does before any of our code runs, and nothing else: it builds the SDK clients the heaviest
 * function builds (the DynamoDB document client and KMS, through the adapters the functions use)
 * and parses one small object with zod. No function can go below this while the SDK is bundled
 * and zod validates its input, both fixed choices of the project.
 */
import * as z from 'zod';
import { createDocumentClient } from '../shared/adapters/dynamodb/client.ts';
import { createKmsClient } from '../shared/adapters/kms/client.ts';

const floorSchema = z.strictObject({ name: z.string().min(1), attempts: z.number().int().positive() });

export const clients = { dynamoDb: createDocumentClient(), kms: createKmsClient() };
export const parsed = floorSchema.parse({ name: 'floor', attempts: 3 }, { jitless: true });
