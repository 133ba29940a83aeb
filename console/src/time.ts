/** Times as the console shows them: to the minute, and how long ago. */

/** `2026-12-05 20:41` from an ISO instant (UTC, as the gatekeeper writes them). */
export const minute = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

/** "just now", "3 min ago", "2 h ago", "4 days ago": how stale the newest signed state of a log is. */
export function age(now: number, iso: string): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} days ago`;
}
