// What every command gets: where it runs, where it writes, and how it fails.

export interface Io {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** Standard input as text (for `--payload -`); absent when there is none to read. */
  readStdin?(): Promise<string>;
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** A mistake on the command line: reported with a hint to `--help`, exit 2. */
export class UsageError extends Error {}
