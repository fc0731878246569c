// `gongbo push` as the CLI runs it, with a short retry policy so that stalls and Retry-After cost seconds, not minutes.
// The CLI has no option for the policy (30 s per request by default); everything else is the command's own code.
import { runPush } from '../src/push/push-command.js';

/** Timeouts short enough for many trials; the proxy's stalls last longer than `requestTimeoutMs`. */
const FAULT_RETRY = { requestTimeoutMs: 1500, minDelayMs: 50, maxDelayMs: 500, maxTotalMs: 6000 };

const [cwd, ...mirror] = process.argv.slice(2);
try {
  process.exitCode = await runPush({ cwd: cwd!, mirror }, { stdout: process.stdout, stderr: process.stderr, env: process.env }, { retry: FAULT_RETRY });
} catch (error) {
  // As src/cli.ts prints an infrastructure failure: a chain of messages, no stack trace.
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    process.stderr.write(`${depth === 0 ? 'gongbo: ' : '  because: '}${current instanceof Error ? current.message : String(current)}\n`);
    current = current instanceof Error ? current.cause : undefined;
  }
  process.exitCode = 3;
}
