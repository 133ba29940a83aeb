import * as z from 'zod';

/**
 * The one id alphabet of api.md §1.1. Every id and staff reference a caller chooses (patient,
 * consent, objection, client, key, recipient, request, episode, `capturedBy`, `approvedBy`, …) ends
 * up in a storage key, an audit entry or a log line, so all share it: unreserved URI characters,
 * 1–128, never `.` or `..` (they mean something in paths and archive keys).
 */
const ID_CHARS = 'A-Za-z0-9._~-';
export const ID_MAX = 128;

/** The JSON Schema / OpenAPI form of the alphabet; the zod schemas below are built from it. */
export const ID_PATTERN = `^(?!\\.{1,2}$)[${ID_CHARS}]{1,${ID_MAX}}$`;
const ID_MESSAGE = `must be 1-${ID_MAX} of [${ID_CHARS}], not "." or ".."`;

export const idSchema = z.string().regex(new RegExp(ID_PATTERN, 'u'), ID_MESSAGE);

/** A person or document the caller's staff refer to (`capturedBy`, `recordedBy`, `approvedBy`, `evidenceRef`). */
export const staffRefSchema = idSchema;

/**
 * `instrument.ref`: `<PREFIX>:<reference>`, both parts in the id alphabet, 3–128 characters in all.
 * The prefix names the legal instrument; the reference text is logged, so it is an id too.
 */
export const INSTRUMENT_REF_PATTERN = `^(?=.{3,${ID_MAX}}$)(?!\\.{1,2}:)[${ID_CHARS}]+:(?!\\.{1,2}$)[${ID_CHARS}]+$`;
export const instrumentRefSchema = z
  .string()
  .regex(
    new RegExp(INSTRUMENT_REF_PATTERN, 'u'),
    `must be <PREFIX>:<reference>, both of [${ID_CHARS}], 3-${ID_MAX} characters`,
  );
