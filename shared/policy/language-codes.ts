/**
 * Languages a pack can explain its decisions in (policy-se.md §6). A module of its own, without
 * the pack schema around it: the API's response schemas need the codes, and importing them from
 * document-se.ts made every function build a dozen pack schemas at cold start (docs/benchmarks.md, bundles).
 */
export const LANGUAGES = ['en', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];
