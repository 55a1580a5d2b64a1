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
