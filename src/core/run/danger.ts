// Which commands need a person to say yes before they run.
import type { Step } from '../model';

/**
 * Commands that change or destroy things, as case-insensitive regular expression sources: the runner asks before
 * running them and lint (RB304) asks to mark their steps `destructive`. They are matched against the command as the
 * runbook writes it, and err on the side of asking.
 */
export const DEFAULT_DANGEROUS_PATTERNS: readonly string[] = [
  String.raw`\brm\s+(?:-[\w-]+\s+)*(?:-[a-z]*r[a-z]*|--recursive)(?=\s|$)`,
  String.raw`\bkubectl\b[^|;&\n]*?\s(?:delete|drain)(?=\s|$)`,
  String.raw`\bkubectl\b[^|;&\n]*?\srollout\s+(?:undo|restart)(?=\s|$)`,
  String.raw`\bkubectl\b[^|;&\n]*?\sscale\b[^|;&\n]*--replicas[= ]0(?!\d)`,
  String.raw`\bhelm\b[^|;&\n]*?\s(?:uninstall|delete|rollback)(?=\s|$)`,
  String.raw`\bterraform\b[^|;&\n]*?\s(?:apply|destroy)(?=\s|$)`,
  String.raw`\bsystemctl\b[^|;&\n]*?\s(?:stop|restart|disable|mask|kill|poweroff|reboot|halt)(?=\s|$)`,
  String.raw`\bdrop\s+(?:table|database|schema)\b`,
  String.raw`\btruncate(?=\s+\S)`, // TRUNCATE [TABLE] t (SQL), truncate -s 0 file
  String.raw`\bdelete\s+from\b(?![^;"']*\bwhere\b)`,
  String.raw`\b(?:flushall|flushdb)\b`,
  String.raw`\b(?:purge_queue|delete_queue)\b`,
  String.raw`\bpg_(?:terminate|cancel)_backend\b`,
  String.raw`(?<![\w-])--force(?![\w-])`,
  String.raw`(?<!\w)prune(?![\w-])`,
  String.raw`\s-delete(?=\s|$)`,
  String.raw`\bgit\s+reset\s+--hard\b`,
  String.raw`\baws\s+s3\s+(?:rm|rb)\b|\b(?:aws|gcloud|az)\b[^|;&\n]*?\s(?:delete|terminate|remove)[\w-]*(?=\s|$)`,
  String.raw`(?<![\w.-])(?:reboot|shutdown|poweroff|halt)(?![\w.-])`,
  String.raw`\bmkfs(?:\.\w+)?\b`,
  String.raw`\bdd\s[^|;&\n]*?\b(?:if|of)=`,
  String.raw`\bRemove-Item\b[^|;\n]*-Recurse|\b(?:Stop-Service|Restart-Service|Restart-Computer|Stop-Computer|Format-Volume|Clear-Disk)\b`,
];

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
