// Which commands need a person to say yes before they run.
import type { Step } from '../model';

/** Text up to the end of the simple command (`|`, `;`, `&` and newlines end it). */
const ARGS = String.raw`[^|;&\n]*?`;

/**
 * Commands that change or destroy things, as case-insensitive regular expression sources. They are matched
 * against the whole command (quoted values included), so they err on the side of asking.
 */
export const DEFAULT_DANGEROUS_PATTERNS: readonly string[] = [
  String.raw`\brm\s(?:${ARGS}\s)??(?:-[a-z]*r[a-z]*|--recursive)(?=\s|$)`, // rm -rf, -r, -fr, -Rf, --recursive
  verb('kubectl', 'delete|drain'),
  verb('helm', 'uninstall|delete'),
  verb('terraform', 'apply|destroy'),
  String.raw`\bdrop\s+(?:table|database|schema)\b`,
  String.raw`\btruncate\b`,
  String.raw`\bdelete\s+from\b`,
  String.raw`(?:^|\s)--force\b`,
  String.raw`\bmkfs\b`,
  String.raw`\bdd\s(?:${ARGS}\s)??(?:if|of)=`,
  String.raw`\b(?:reboot|shutdown|poweroff|halt)\b`,
  verb('systemctl', 'stop|restart|disable|mask|kill|isolate'),
];

/** `program … verb` with the verb a word of its own (`kubectl -n x delete pod`, not `kubectl get pod delete-me`). */
function verb(program: string, verbs: string): string {
  return String.raw`\b${program}\s(?:${ARGS}\s)??(?:${verbs})(?=\s|$)`;
}

export interface Confirmation {
  readonly confirm: boolean;
  /** Why, for the question put to the person: one line each. */
  readonly reasons: string[];
}

/**
 * Whether running `command` (the text that will reach the shell) for `step` needs a confirmation: the step is
 * marked `destructive`, or the command matches one of `patterns` (case-insensitively). A pattern that is not a
 * valid regular expression (a typo in a setting) asks too, and says so: a broken safety net must not pass silently.
 */
export function needsConfirmation(step: Pick<Step, 'destructive'>, command: string, patterns: readonly string[] = DEFAULT_DANGEROUS_PATTERNS): Confirmation {
  const reasons: string[] = [];
  if (step.destructive) {
    reasons.push('the step is marked destructive');
  }
  for (const source of patterns) {
    let re: RegExp;
    try {
      re = new RegExp(source, 'im');
    } catch (e) {
      reasons.push(`the dangerous-command pattern /${source}/ is invalid (${(e as Error).message})`);
      continue;
    }
    const m = re.exec(command);
    if (m) {
      const text = m[0].trim().replace(/\s+/g, ' ');
      reasons.push(`it runs \`${text.length > 60 ? `${text.slice(0, 57)}…` : text}\``);
    }
  }
  return { confirm: reasons.length > 0, reasons };
}
