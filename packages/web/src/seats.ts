/** Where a participant's seat token lives: this browser's localStorage, one entry per session. */
export interface Seat {
  sessionId: string;
  participantId: string;
  seatToken: string;
}

const key = (sessionId: string) => `samenspel.seat.${sessionId}`;

export function loadSeat(sessionId: string): Seat | null {
  try {
    const raw = localStorage.getItem(key(sessionId));
    return raw ? (JSON.parse(raw) as Seat) : null;
  } catch {
    return null;
  }
}

export function saveSeat(seat: Seat): void {
  localStorage.setItem(key(seat.sessionId), JSON.stringify(seat));
}

export function forgetSeat(sessionId: string): void {
  localStorage.removeItem(key(sessionId));
}

/** 256 random bits, base64url: the seat token a browser proposes when it joins (see the join route). */
export function newSeatToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
