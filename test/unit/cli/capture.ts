// Running a CLI command in-process with its output captured.

export interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export interface Writers {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Call `command` with writers that collect stdout and stderr; resolves with its exit code and both texts. */
export async function capture(command: (writers: Writers) => Promise<number>): Promise<Captured> {
  let out = '';
  let err = '';
  const code = await command({ out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
