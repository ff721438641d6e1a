// Entry point of the `runbook` executable.
import { runCli } from './cli';
import type { RunIo } from './commands/run';
import { directWriter, OutputError } from './output';

/** Standard input, up to a little more than a payload may hold (parseAlertPayload says when it is too much). */
async function readStdin(limit = 4 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer;
    chunks.push(b);
    size += b.length;
    if (size > limit) {
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

const io: RunIo = {
  cwd: process.cwd(),
  out: directWriter(1, () => process.stdout),
  err: directWriter(2, () => process.stderr),
  readStdin,
  // Read when a command asks: `process.stdin` builds its stream on first use, which costs `lint` ~15 ms for nothing.
  get isTTY() {
    return !!(process.stdin.isTTY && process.stderr.isTTY);
  },
  // Loaded when a step asks for confirmation: commands that never ask do not load `run`'s code.
  confirm: async (question) => (await import('./commands/run')).terminalConfirm(question),
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    // An output stream that failed after a fallback (src/cli/output.ts) may have set 2 already.
    process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
  },
  (e: unknown) => {
    try {
      io.err(e instanceof OutputError ? `runbook: ${e.message}\n` : `runbook: internal error: ${(e as Error).stack ?? String(e)}\n`);
    } catch {
      // standard error is gone too: the exit status says it
    }
    process.exitCode = 2;
  },
);
