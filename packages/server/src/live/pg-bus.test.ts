/** Two instances on one PostgreSQL: a publish on one reaches subscribers on the other. */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresBus } from './pg-bus.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const quiet = { warn: () => {}, info: () => {} };
const pools: pg.Pool[] = [];
const buses: PostgresBus[] = [];
afterAll(async () => {
  for (const b of buses) await b.stop();
  for (const p of pools) await p.end();
});

async function instance(onRemote?: (s: string, q: number) => void): Promise<PostgresBus> {
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
});
