/**
 * A co-trainer's read-only token. It arrives in the URL fragment (`#observer=…`), which a browser
 * never sends to a server, and is kept in this tab's sessionStorage so that a reload, or the way
 * back from a report page, still looks on. sessionStorage, not localStorage: the token should not
 * outlive the tab or turn another tab's own console read-only.
 */
const key = (sessionId: string) => `samenspel.observer.${sessionId}`;

export function readObserverToken(sessionId: string): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('observer');
  try {
    if (fromHash) sessionStorage.setItem(key(sessionId), fromHash);
    return fromHash ?? sessionStorage.getItem(key(sessionId));
  } catch {
    // Storage blocked (private mode): the link itself still works for this page.
    return fromHash;
  }
}
