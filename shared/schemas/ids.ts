import { z } from 'zod';

/**
 * Every id a caller chooses (patient, consent, objection, client, key, recipient) ends up in a
 * storage key and an audit entry, so all share one alphabet: unreserved URI characters, 1–128.
 */
export const idSchema = z.string().regex(/^[A-Za-z0-9._~-]{1,128}$/, 'must be 1-128 of [A-Za-z0-9._~-]');
