// The CLI's side of the one redaction pipeline (core/run/redact): the workspace's extra patterns
// (runbooks.redaction.patterns in .vscode/settings.json), refused ones reported once on standard error.
import { compilePatterns, type RedactOptions } from '../../core/run/redact';
import type { Io } from '../io';
import { readWorkspaceSettings } from '../settings';

export async function cliRedaction(io: Io, secrets: readonly string[] = []): Promise<RedactOptions> {
  const ws = await readWorkspaceSettings(io.cwd);
  const { patterns, problems } = compilePatterns(ws.redactionPatterns ?? []);
  for (const p of problems) {
    io.err(`runbook: .vscode/settings.json: ${p}\n`);
  }
  return { secrets, patterns };
}
