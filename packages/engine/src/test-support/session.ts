/** A session driven command by command, for given/when/then tests. */
import { decide } from '../session/decide.js';
import { evolve, initialState } from '../session/evolve.js';
import type { Actor, Command, SessionEvent, SessionState } from '../session/types.js';

export const trainer: Actor = { kind: 'trainer' };
export const player = (participantId: string): Actor => ({ kind: 'participant', participantId });

export class TestSession {
  state: SessionState = initialState();
  log: SessionEvent[] = [];
  now = 1000;
  send(command: Command, actor: Actor = trainer) {
    this.now += 1000;
    const d = decide(this.state, command, actor, this.now);
    if (d.ok)
      for (const e of d.events) {
        this.state = evolve(this.state, e);
        this.log.push(e);
      }
    return d;
  }
  ok(command: Command, actor: Actor = trainer): SessionEvent[] {
    const d = this.send(command, actor);
    if (!d.ok) throw new Error(`refused: ${d.refusal.code}`);
    return d.events;
  }
}
