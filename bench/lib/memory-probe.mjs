/**
 * Loaded into the server by bench:live only (`--expose-gc --import ./bench/lib/memory-probe.mjs`):
 * on SIGUSR2 it collects garbage and writes `process.memoryUsage()` to BENCH_MEMORY_FILE, so that
 * memory per connection is what the open streams hold, not where the garbage collector happened
 * to be (the resident size before and after opening 850 streams differed by -1 to 15 KB per
 * connection from one run to the next). Plain JavaScript: it loads before tsx.
 */
import { renameSync, writeFileSync } from 'node:fs';

const file = process.env.BENCH_MEMORY_FILE;
if (file) {
  process.on('SIGUSR2', () => {
    globalThis.gc?.();
    // Written whole, then renamed, so the reader never sees half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify(process.memoryUsage()));
    renameSync(`${file}.tmp`, file);
  });
}
