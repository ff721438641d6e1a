// Standard output and error for the `runbook` executable, written with `fs.writeSync`: building `process.stdout`
// (a stream; for a pipe, a socket and the stream machinery under it) costs a short command several milliseconds.
// A descriptor that would block (a full pipe its reader made non-blocking) hands the rest to the stream; a reader
// that went away (EPIPE: `runbook lint | head -1`) or a closed descriptor ends the output quietly, as `git log | head`
// does. On Windows, where a console wants UTF-16, the stream writes.
import { writeSync } from 'node:fs';

type Write = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

export function directWriter(fd: number, stream: () => NodeJS.WritableStream, write: Write = writeSync, platform = process.platform): (text: string) => void {
  if (platform === 'win32') {
    return (text) => void stream().write(text);
  }
  let fallback: NodeJS.WritableStream | undefined;
  let gone = false;
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
          fallback = stream();
          fallback.write(bytes.subarray(done));
          return;
        }
        if (code === 'EPIPE' || code === 'EBADF') {
          gone = true;
          return;
        }
        throw e;
      }
    }
  };
}
