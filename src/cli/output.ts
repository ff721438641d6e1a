// Standard output and error for the `runbook` executable, written with `fs.writeSync`: building `process.stdout`
// (a stream; for a pipe, a socket and the stream machinery under it) costs a short command several milliseconds.
// A descriptor that would block (a full pipe its reader made non-blocking) hands the rest to the stream; a reader
// that went away (EPIPE: `runbook lint | head -1`) ends the output quietly, as `git log | head` does, through the
// stream too. Any other failure (a full disk, a descriptor opened read-only) is an OutputError, which the executable
// reports in one line. On Windows, where a console wants UTF-16, the stream writes.
import { writeSync } from 'node:fs';

type Write = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

/** Output that could not be written, for a reason other than its reader going away. */
export class OutputError extends Error {
  constructor(fd: number, cause: Error) {
    super(`cannot write to standard ${fd === 2 ? 'error' : 'output'}: ${cause.message}`, { cause });
  }
}

export function directWriter(fd: number, stream: () => NodeJS.WritableStream, write: Write = writeSync, platform = process.platform): (text: string) => void {
  let gone = false;
  let fallback: NodeJS.WritableStream | undefined;
  const toStream = () => {
    if (!fallback) {
      fallback = stream();
      fallback.on('error', (e: NodeJS.ErrnoException) => {
        gone = true;
        if (e.code !== 'EPIPE') {
          // Too late to throw (the command may have returned): say it, and fail the run.
          try {
            writeSync(2, `runbook: ${new OutputError(fd, e).message}\n`);
          } catch {
            // standard error is gone too: the exit status says it
          }
          process.exitCode = 2;
        }
      });
    }
    return fallback;
  };
  if (platform === 'win32') {
    return (text) => {
      if (!gone) {
        toStream().write(text);
      }
    };
  }
  return (text) => {
    if (gone) {
      return;
    }
    if (fallback) {
      fallback.write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length) {
      try {
        done += write(fd, bytes, done, bytes.length - done);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          toStream().write(bytes.subarray(done));
          return;
        }
        if (code === 'EPIPE') {
          gone = true;
          return;
        }
        throw new OutputError(fd, e as Error);
      }
    }
  };
}
