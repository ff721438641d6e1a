// RB304 destructive-unmarked: a step that deletes, drains, stops, overwrites or force-pushes is marked `destructive`,
// so it is guarded against running by accident.
import type { CodeBlock, Step } from '../../model';
import type { LintContext, LintRule } from '../types';
import { code, fenceAt, fenceContent, infoEdit, stringListOption, unclosedFenceLines, withAttribute } from './support';

/** Regular expressions (case-insensitive) for commands that change or destroy things. */
export const DEFAULT_PATTERNS: readonly string[] = [
  String.raw`\brm\s+(?:-[\w-]+\s+)*(?:-[a-z]*r[a-z]*|--recursive)(?=\s|$)`,
  String.raw`\bkubectl\b[^|;&\n]*?\s(?:delete|drain)(?=\s|$)`,
  String.raw`\bkubectl\b[^|;&\n]*?\srollout\s+(?:undo|restart)(?=\s|$)`,
  String.raw`\bkubectl\b[^|;&\n]*?\sscale\b[^|;&\n]*--replicas[= ]0(?!\d)`,
  String.raw`\bhelm\b[^|;&\n]*?\s(?:uninstall|delete|rollback)(?=\s|$)`,
  String.raw`\bterraform\b[^|;&\n]*?\s(?:apply|destroy)(?=\s|$)`,
  String.raw`\bsystemctl\b[^|;&\n]*?\s(?:stop|restart|disable|mask|kill|poweroff|reboot|halt)(?=\s|$)`,
  String.raw`\bdrop\s+(?:table|database|schema)\b`,
  String.raw`\btruncate\s+(?:table\b|-s\b|--size\b)`,
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
  String.raw`\bdd\s[^|;&\n]*\bif=`,
  String.raw`\bRemove-Item\b[^|;\n]*-Recurse|\b(?:Stop-Service|Restart-Service|Restart-Computer|Stop-Computer|Format-Volume|Clear-Disk)\b`,
];

export const destructiveUnmarked: LintRule = {
  id: 'RB304',
  name: 'destructive-unmarked',
  description: 'A step that runs a dangerous command (delete, drain, stop, force, drop…) is marked `destructive`',
  tags: ['steps', 'safety'],
  defaultSeverity: 'warning',
  defaultOptions: { patterns: DEFAULT_PATTERNS },
  check(context: LintContext): void {
    const { runbook, lines } = context;
    const patterns: RegExp[] = [];
    for (const p of stringListOption(context.options, 'patterns', DEFAULT_PATTERNS)) {
      try {
        patterns.push(new RegExp(p, 'i'));
      } catch {
        // An invalid pattern in the configuration matches nothing (the engine validates options, if at all).
      }
    }
    const unclosed = unclosedFenceLines(runbook);
    for (const step of runbook.steps) {
      if (step.destructive || unclosed.has(step.range.start.line)) {
        continue;
      }
      const hit = firstMatch(lines, step, patterns);
      if (!hit) {
        continue;
      }
      const f = fenceAt(lines, step.range.start.line);
      const edit = f ? infoEdit(lines, step.range.start.line, withAttribute(f.info, 'destructive')) : undefined;
      const shown = hit.text.length > 60 ? `${hit.text.slice(0, 57)}…` : hit.text;
      context.report({
        line: hit.line,
        character: hit.character,
        endLine: hit.line,
        endCharacter: hit.character + hit.text.length,
        message: `step ${code(step.id)} runs ${code(shown.trim())} but is not marked \`destructive\``,
        ...(edit ? { fix: { title: 'Mark the step `destructive`', edits: [edit] } } : {}),
      });
    }
  },
};

/** The first dangerous command of a step: in commands only (a console block's `$ ` lines), not in comments. */
function firstMatch(lines: readonly string[], step: Step, patterns: readonly RegExp[]): { line: number; character: number; text: string } | undefined {
  const block: CodeBlock = { info: step.info, language: step.language, line: step.range.start.line, endLine: step.range.end.line, fenced: true };
  for (const l of fenceContent(lines, block, true)) {
    let text = l.text;
    let column = l.column;
    if (step.language === 'console') {
      const m = /^(\s*\$ )/.exec(text);
      if (!m) {
        continue; // output
      }
      column += m[1].length;
      text = text.slice(m[1].length);
    }
    if (/^\s*#/.test(text)) {
      continue;
    }
    for (const re of patterns) {
      const m = re.exec(text);
      if (m && m[0].trim()) {
        const lead = m[0].length - m[0].trimStart().length;
        return { line: l.line, character: column + m.index + lead, text: m[0].trim() };
      }
    }
  }
  return undefined;
}
