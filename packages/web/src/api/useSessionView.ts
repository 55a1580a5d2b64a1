/**
 * The live view of a session over Server-Sent Events. EventSource reconnects by itself and
 * sends Last-Event-ID (the session sequence number); the server answers with the current view.
 */
import { useEffect, useRef, useState } from 'react';
import type { SessionView, ViewPatch } from '@samenspel/engine';
import { applyPatch } from '@samenspel/engine/patch';

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
  useEffect(() => {
    const url = `/api/sessions/${encodeURIComponent(sessionId)}/stream${token ? `?token=${encodeURIComponent(token)}` : ''}`;
    const source = new EventSource(url);
    let retry: ReturnType<typeof setTimeout> | undefined;
    source.onmessage = (e: MessageEvent<string>) => {
      const msg = JSON.parse(e.data) as { view: SessionView; serverTime: number };
      hadView.current = true;
      setState((prev) => (prev.view && prev.view.seq > msg.view.seq ? { ...prev, online: true } : { view: msg.view, clockOffset: msg.serverTime - Date.now(), online: true, failed: false }));
    };
    // Someone else answered: only the answered count and the sequence number move (the server
    // sends this only when it follows the view this connection already has).
    source.addEventListener('patch', (e: MessageEvent<string>) => {
      const patch = JSON.parse(e.data) as ViewPatch & { serverTime: number };
      setState((prev) => (prev.view && prev.view.seq < patch.seq ? { ...prev, view: applyPatch(prev.view, patch), clockOffset: patch.serverTime - Date.now(), online: true } : prev));
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
