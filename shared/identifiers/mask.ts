/**
 * A recognisable but non-identifying form of a normalised identifier (`******0018`) for staff
 * screens and subject-access listings.
 */
const VISIBLE = 4;
/** With fewer hidden characters the visible tail narrows the value down to a guessable few. */
const MIN_HIDDEN = 6;

export function maskIdentifier(normalised: string): string {
  const chars = Array.from(normalised);
  const visible = chars.length - VISIBLE >= MIN_HIDDEN ? VISIBLE : 0;
  const hidden = chars.length - visible;
  return '*'.repeat(hidden) + chars.slice(hidden).join('');
}
