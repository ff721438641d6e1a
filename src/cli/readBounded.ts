// Reading a file that repository content decides on (`.vscode/settings.json`, `.runbooklint.json`, the rule cache),
// bounded: a regular file of at most `maxBytes`. It is opened without blocking (a FIFO never holds the run) and
// checked on the open descriptor, so a link to /dev/zero or another device is refused rather than read for ever.
// A file the user names (`--config <(…)`, `/dev/stdin`) may be a pipe: `anyKind` reads it, blocking, still bounded.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** The bytes of `file`; throws the system's error (ENOENT…) or one saying why the file is not read. */
export function readBounded(file: string, maxBytes: number, { anyKind = false } = {}): Buffer {
  const fd = openSync(file, anyKind ? constants.O_RDONLY : constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) {
      throw Object.assign(new Error(`${file} is a folder`), { code: 'EISDIR' });
    }
    if (!st.isFile() && !anyKind) {
      throw new Error('not a regular file (a device, a FIFO or a socket), not read');
    }
    if (st.size > maxBytes) {
      throw new Error(`larger than ${maxBytes} bytes, not read`);
    }
    // Read to the end, which may be past the size stat'ed (a file still being written), up to the bound.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(st.size - total, 0) + 64 * 1024, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) {
        break;
      }
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) {
        throw new Error(`larger than ${maxBytes} bytes, not read`);
      }
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
