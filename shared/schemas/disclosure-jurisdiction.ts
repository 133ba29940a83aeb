/**
 * Request-shape rules that depend on the jurisdiction (policy-se.md §3 step 1): under `SE` the
 * funding, override and absence values of the Swedish pack, and no UK-only field; elsewhere no
 * Swedish override. A breach is a 422 naming the path, never the value.
 */
import type { z } from 'zod';

const SE_FUNDINGS: readonly string[] = ['SELF_PAY', 'INSURED', 'OTHER_PUBLIC'];
const SE_OVERRIDES: readonly string[] = ['SE_NODATKOMST'];
const PART_TIME_PERCENTS: readonly number[] = [25, 50, 75, 100];

interface Shape {
  readonly jurisdiction: string;
  readonly episode: { readonly funding: string; readonly referralSourceOds?: string | null | undefined };
  readonly override?: { readonly code: string } | null | undefined;
  readonly payload: { readonly absence?: { readonly partTimePercent?: number | undefined } | undefined };
}

function swedishIssues(body: Shape): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  if (!SE_FUNDINGS.includes(body.episode.funding))
    issues.push({ path: ['episode', 'funding'], message: 'must be SELF_PAY, INSURED or OTHER_PUBLIC under SE' });
  if (body.episode.referralSourceOds !== undefined && body.episode.referralSourceOds !== null)
    issues.push({ path: ['episode', 'referralSourceOds'], message: 'must be absent under SE' });
  if (body.override && !SE_OVERRIDES.includes(body.override.code))
    issues.push({ path: ['override', 'code'], message: 'must be SE_NODATKOMST under SE' });
  const percent = body.payload.absence?.partTimePercent;
  if (percent !== undefined && !PART_TIME_PERCENTS.includes(percent))
    issues.push({ path: ['payload', 'absence', 'partTimePercent'], message: 'must be 25, 50, 75 or 100' });
  return issues;
}

export function checkJurisdictionShape(body: Shape, ctx: z.RefinementCtx): void {
  const issues =
    body.jurisdiction === 'SE'
      ? swedishIssues(body)
      : body.override && SE_OVERRIDES.includes(body.override.code)
        ? [{ path: ['override', 'code'], message: 'is only for the SE jurisdiction' }]
        : [];
  for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}
