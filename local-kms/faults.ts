/**
 * Faults that tests inject to see how callers behave when KMS throttles, fails or is slow.
 * Reachable in-process (LocalKms.faults) and over HTTP (/_faults) for tests in another process.
 */
import { z } from 'zod';
import { InvalidFaultError } from './errors.ts';

const faultSchema = z
  .object({
    /** KMS operation name (e.g. `GenerateMac`); absent = every operation. */
    operation: z.string().min(1).optional(),
    mode: z.enum(['throttle', 'error', 'disabled', 'delay']),
    delayMs: z.number().int().min(0).max(120_000).optional(),
    /** How many requests it hits; absent = until cleared. */
    times: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((fault) => fault.mode !== 'delay' || fault.delayMs !== undefined, { message: 'delay needs delayMs' });

export type FaultSpec = z.infer<typeof faultSchema>;

interface ActiveFault {
  readonly spec: FaultSpec;
  remaining: number;
}

export class FaultController {
  private active: ActiveFault[] = [];

  inject(spec: FaultSpec): void {
    const parsed = faultSchema.safeParse(spec);
    if (!parsed.success) throw new InvalidFaultError(`Invalid fault: ${z.prettifyError(parsed.error)}`);
    this.active.push({ spec: parsed.data, remaining: parsed.data.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.active = [];
  }

  /** The first fault that matches the operation, using up one of its times; injection order decides. */
  take(operation: string): FaultSpec | undefined {
    const fault = this.active.find((candidate) => (candidate.spec.operation ?? operation) === operation);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.active = this.active.filter((candidate) => candidate !== fault);
    return fault.spec;
  }
}
