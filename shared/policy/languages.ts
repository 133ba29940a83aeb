/**
 * The languages a pack explains its decisions in (policy-se.md §6) and the caller's choice among
 * them: RFC 4647 lookup over `Accept-Language`, highest weight first; no header, `*` or no match
 * gives the pack's default, never a 406. A pack that names no languages explains in English.
 */
import { LANGUAGES, type Language } from './language-codes.ts';
import type { PolicyDocument } from './document.ts';
import { resolve, type SelectContext } from './select.ts';

export type { Language } from './language-codes.ts';

export function offeredLanguages(document: PolicyDocument): readonly Language[] {
  return document.languages?.offered ?? ['en'];
}

export function defaultLanguage(document: PolicyDocument, select: SelectContext): Language {
  return document.languages ? resolve(document.languages.default, select) : 'en';
}

interface Range {
  readonly tag: string;
  readonly weight: number;
  readonly order: number;
}

function ranges(header: string): Range[] {
  return header
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, order };
    })
    .filter((range) => range.tag !== '' && range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.order - b.order);
}

/** Lookup: `sv-SE` falls back to `sv` by dropping subtags; the first range that matches wins. */
function lookup(tag: string, offered: readonly Language[]): Language | undefined {
  const parts = tag.split('-');
  while (parts.length > 0) {
    const candidate = parts.join('-');
    const match = offered.find((language) => language === candidate);
    if (match) return match;
    parts.pop();
  }
  return undefined;
}

export function chooseLanguage(header: string | undefined, offered: readonly Language[], fallback: Language): Language {
  for (const range of ranges(header ?? '')) {
    if (range.tag === '*') return fallback;
    const match = lookup(range.tag, offered);
    if (match) return match;
  }
  return fallback;
}

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}
