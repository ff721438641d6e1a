// Loading a candidate rule file, the same way for the CLI and the extension's WorkspaceIndex: a size limit (a
// repository's generated bundle must not cost unbounded memory), text only (a binary file is refused), then the
// cheap sniff (`looksLikeRuleFile`) that decides whether the file is parsed at all.
import { decodeText } from '../text';
import { looksLikeRuleFile } from './rules';

/** Bigger candidate files are not read: rule files are small; a bigger YAML file is a generated bundle. */
export const MAX_RULE_FILE_BYTES = 2 * 1024 * 1024;

export type RuleFileLoad =
  /** `rules`: it looks like a rule file (else it holds no alerting rule and is not parsed). */
  | { readonly text: string; readonly rules: boolean }
  /** Not read, or not text: why, e.g. for a file named on the command line. */
  | { readonly problem: string };

export interface RuleFileSource {
  /** The size before reading, when it is cheap to know (then a big file is never read). */
  size?(): PromiseLike<number> | number;
  bytes(): PromiseLike<Uint8Array> | Uint8Array;
}

/** Read a candidate rule file; never throws (a file gone or unreadable is a problem). */
export async function loadRuleFile(source: RuleFileSource): Promise<RuleFileLoad> {
  try {
    const size = source.size ? await source.size() : undefined;
    if (size !== undefined && size > MAX_RULE_FILE_BYTES) {
      return { problem: tooBig(size) };
    }
    const bytes = await source.bytes();
    if (bytes.length > MAX_RULE_FILE_BYTES) {
      return { problem: tooBig(bytes.length) };
    }
    const decoded = decodeText(bytes);
    if ('error' in decoded) {
      return { problem: `not read: ${decoded.error}` };
    }
    return { text: decoded.text, rules: looksLikeRuleFile(decoded.text) };
  } catch (e) {
    return { problem: `could not read: ${(e as Error).message}` };
  }
}

function tooBig(size: number): string {
  return `not read: ${size} bytes, more than ${MAX_RULE_FILE_BYTES} (a generated bundle?)`;
}
