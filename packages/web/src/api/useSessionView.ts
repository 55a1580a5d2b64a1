/**
 * The live view of a session over Server-Sent Events. EventSource reconnects by itself and
 * sends Last-Event-ID (the session sequence number); the server answers with the current view.
 * After that first whole view the server sends only what changed: a `diff` of the view's
 * properties, or an answer `patch`, each following the view this connection already has.
 */
import { useEffect, useRef, useState } from 'react';
import type { SessionView, ViewDiff, ViewPatch } from '@samenspel/engine';
import { applyPatch, applyViewDiff } from '@samenspel/engine/patch';

export interface LiveView {
  view: SessionView | null;
  /** serverTime - local time, for countdowns every screen agrees on. */
  clockOffset: number;
  online: boolean;
  /** Set when the server refuses the stream before any view arrived (no access, unknown session). */
  failed: boolean;
}

export function useSessionView(sessionId: string, token?: string | null): LiveView {
  const [state, setState] = useState<LiveView>({ view: null, clockOffset: 0, online: false, failed: false });
  const [attempt, setAttempt] = useState(0);
  const hadView = useRef(false);
  /** The view shown: what a diff or a patch applies to, worked out here rather than in a state updater that may run later. */
  const shown = useRef<SessionView | null>(null);
  const shownFor = useRef(sessionId);
  useEffect(() => {
    // Another session in the same place on the page: nothing of the last one's view carries over.
    if (shownFor.current !== sessionId) {
      shownFor.current = sessionId;
      shown.current = null;
      hadView.current = false;
    }
    // append=1: this page applies a history sent as only its new steps (engine applyViewDiff).
    const url = `/api/sessions/${encodeURIComponent(sessionId)}/stream?append=1${token ? `&token=${encodeURIComponent(token)}` : ''}`;
    const source = new EventSource(url);
    let retry: ReturnType<typeof setTimeout> | undefined;
    const show = (view: SessionView, serverTime: number) => {
      shown.current = view;
      setState({ view, clockOffset: serverTime - Date.now(), online: true, failed: false });
    };
    source.onmessage = (e: MessageEvent<string>) => {
      const msg = JSON.parse(e.data) as { view: SessionView; serverTime: number };
      hadView.current = true;
      // A server that is behind (another instance, just after a reconnect) never takes the view back.
      if (shown.current && shown.current.seq > msg.view.seq) setState((prev) => ({ ...prev, online: true }));
      else show(msg.view, msg.serverTime);
    };
    // The next step, a reveal, a pause: only the parts of the view that changed.
    source.addEventListener('diff', (e: MessageEvent<string>) => {
      const diff = JSON.parse(e.data) as ViewDiff & { serverTime: number };
      if (!shown.current || shown.current.seq !== diff.from) {
        // Not the view this diff follows (a newer one kept from before a reconnect to a server
        // that was behind): a fresh connection starts with a whole view.
        source.close();
        setAttempt((n) => n + 1);
        return;
      }
      show(applyViewDiff(shown.current, diff), diff.serverTime);
    });
    // Someone else answered: only the answered count and the sequence number move (the server
    // sends this only when it follows the view this connection already has).
    source.addEventListener('patch', (e: MessageEvent<string>) => {
      const patch = JSON.parse(e.data) as ViewPatch & { serverTime: number };
      if (shown.current && shown.current.seq < patch.seq) show(applyPatch(shown.current, patch), patch.serverTime);
    });
    source.onerror = () => {
      const closed = source.readyState === EventSource.CLOSED;
      setState((prev) => ({ ...prev, online: false, failed: closed && !hadView.current }));
      // EventSource gives up on an error status (e.g. a proxy's 502 during a restart); after a
      // working stream that is worth retrying by hand.
      if (closed && hadView.current) retry = setTimeout(() => setAttempt((n) => n + 1), 3000);
    };
    // The browser knows sooner than the stream when the network goes; a fresh connection on
    // return (or when a phone wakes up with a dead stream) resumes from Last-Event-ID's state.
    const onOffline = () => setState((prev) => ({ ...prev, online: false }));
    const onOnline = () => setAttempt((n) => n + 1);
    const onVisible = () => {
      if (document.visibilityState === 'visible' && source.readyState === EventSource.CLOSED) setAttempt((n) => n + 1);
    };
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      if (retry) clearTimeout(retry);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
      source.close();
    };
  }, [sessionId, token, attempt]);
  return state;
}
