/** Two instances on one PostgreSQL: a publish on one reaches subscribers on the other. */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { BusChange } from './bus.js';
import { PostgresBus } from './pg-bus.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const quiet = { warn: () => {}, info: () => {} };
const pools: pg.Pool[] = [];
const buses: PostgresBus[] = [];
afterAll(async () => {
  for (const b of buses) await b.stop();
  for (const p of pools) await p.end();
});

async function instance(onRemote?: (s: string, q: number, change?: BusChange) => void): Promise<PostgresBus> {
  const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
  pools.push(pool);
  const bus = new PostgresBus(pool, PG_URL, quiet, onRemote);
  await bus.start();
  buses.push(bus);
  return bus;
}

describe('PostgresBus', () => {
  it('carries "session moved on" from one instance to another, and tells the runtime first', async () => {
    const order: string[] = [];
    const a = await instance();
    const b = await instance((s, q) => order.push(`invalidate ${s}@${q}`));
    const session = `s-${Date.now()}`;
    const heard = new Promise<number>((resolve) =>
      b.subscribe(session, (seq) => {
        order.push(`listener ${seq}`);
        resolve(seq);
      }),
    );
    const local: number[] = [];
    a.subscribe(session, (seq) => local.push(seq));
    a.publish(session, 7);
    expect(local).toEqual([7]);
    expect(await heard).toBe(7);
    expect(order).toEqual([`invalidate ${session}@7`, 'listener 7']);
  });

  it('carries every session that moved on in one turn, with its newest sequence number', async () => {
    const a = await instance();
    const b = await instance();
    const sessions = Array.from({ length: 400 }, (_, i) => `many-${Date.now()}-${i}`);
    const heard = new Map<string, number[]>();
    const all = Promise.all(
      sessions.map(
        (s) =>
          new Promise<void>((resolve) =>
            b.subscribe(s, (seq) => {
              heard.set(s, [...(heard.get(s) ?? []), seq]);
              if (seq === 2) resolve();
            }),
          ),
      ),
    );
    // 400 sessions do not fit one NOTIFY payload; the bus splits them.
    for (const s of sessions) a.publish(s, 1);
    for (const s of sessions) a.publish(s, 2);
    await all;
    expect(sessions.every((s) => heard.get(s)!.at(-1) === 2)).toBe(true);
  });

  it('does not echo an instance its own notifications', async () => {
    let remote = 0;
    const a = await instance(() => remote++);
    const session = `echo-${Date.now()}`;
    a.subscribe(session, () => {});
    a.publish(session, 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(remote).toBe(0);
  });

  it('carries the events with the change when they follow on and fit, so the other instance need not read them', async () => {
    const changes = new Map<string, (BusChange | undefined)[]>();
    const a = await instance();
    await instance((s, _q, change) => changes.set(s, [...(changes.get(s) ?? []), change]));
    const t = Date.now();
    const [small, chained, gap, big] = ['small', 'chained', 'gap', 'big'].map((n) => `${n}-${t}`) as [string, string, string, string];
    a.publish(small, 3, { fromSeq: 2, payloads: ['{"type":"answer-given"}'] });
    // Two changes in one turn that follow on: one notification with both events.
    a.publish(chained, 5, { fromSeq: 4, payloads: ['{"n":5}'] });
    a.publish(chained, 6, { fromSeq: 5, payloads: ['{"n":6}'] });
    // Two that do not (something in between was not published here): no events, read the log.
    a.publish(gap, 5, { fromSeq: 4, payloads: ['{"n":5}'] });
    a.publish(gap, 8, { fromSeq: 7, payloads: ['{"n":8}'] });
    // Events too large for a notification: the sequence number only.
    a.publish(big, 2, { fromSeq: 1, payloads: ['x'.repeat(5000)] });
    await expect.poll(() => changes.size, { timeout: 5000 }).toBe(4);
    expect(changes.get(small)).toEqual([{ fromSeq: 2, payloads: ['{"type":"answer-given"}'] }]);
    expect(changes.get(chained)).toEqual([{ fromSeq: 4, payloads: ['{"n":5}', '{"n":6}'] }]);
    expect(changes.get(gap)).toEqual([undefined]);
    expect(changes.get(big)).toEqual([undefined]);
  });

  it('announces a group from inside its commit, and then does not notify again on publish', async () => {
    const heard: [string, number, BusChange | undefined][] = [];
    const a = await instance();
    await instance((s, q, change) => heard.push([s, q, change]));
    const session = `announce-${Date.now()}`;
    const notice = a.announce([
      { sessionId: session, events: [{ seq: 4, type: 'answer-given', payload: '{"n":4}', at: 1 }] },
      // A refusal stores only its key: nothing to announce.
      { sessionId: `${session}-refused`, events: [], remember: { actor: 'p', key: 'k', statusCode: 409, response: '{}', createdAt: 1, ifAbsent: true } },
    ])!;
    expect(notice).not.toBeNull();
    // What the group commit's statement does when it commits.
    await pools[0]!.query('SELECT pg_notify($1, $2)', [notice.channel, notice.payload]);
    a.publish(session, 4, { fromSeq: 3, payloads: ['{"n":4}'] });
    await expect.poll(() => heard.length, { timeout: 5000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toEqual([[session, 4, { fromSeq: 3, payloads: ['{"n":4}'] }]]);
  });
});
