/** A benchmark's command line, checked: a wrong option ends the run with one line that names it, not a stack trace. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export function badOption(message: string): never {
  console.error(message);
  process.exit(2);
}

/** node:util's parseArgs, with an unknown option or a missing value said in one line. */
export function parseOptions<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    return badOption((e as Error).message);
  }
}
