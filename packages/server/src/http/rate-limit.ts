/** A fixed-window counter per key (client address), for guessing-prone endpoints: join codes and logins. */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** True when the key is still within its budget. */
  allowed(key: string): boolean {
    const h = this.hits.get(key);
    return !h || h.resetAt <= this.clock() || h.count < this.limit;
  }

  hit(key: string): void {
    const now = this.clock();
    const h = this.hits.get(key);
    if (!h || h.resetAt <= now) {
      this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
      if (this.hits.size > 10_000) this.sweep(now);
    } else h.count++;
  }

  private sweep(now: number): void {
    for (const [k, h] of this.hits) if (h.resetAt <= now) this.hits.delete(k);
  }
}
