// RB301 fence-language: every fenced code block says its language (which decides whether it is a step), and every
// fence is closed. An unclosed fence is reported once, where it opens: it swallows the rest of the document, so
// nothing after it is reported again.
import type { LintContext, LintRule } from '../types';
import { fenceAt, fenceContent, infoEdit, unclosedFenceProblems, withLanguage } from '../../fences';
import { code, lineSpan } from '../../text';

/** First words of commands that make a block look like shell. */
const SHELL_COMMANDS = new Set(
  (
    'kubectl helm curl wget ssh scp rsync docker podman crictl ctr nerdctl systemctl journalctl service cat grep egrep zgrep ' +
    'tail head less more ls cd cp mv rm mkdir rmdir chmod chown ln touch echo printf export unset env ps top htop free df du ' +
    'lsof netstat ss ip ifconfig ping traceroute mtr dig nslookup host openssl jq yq awk sed sort uniq wc find xargs tar gzip ' +
    'gunzip zcat aws gcloud az terraform ansible ansible-playbook git make psql pg_dump pg_restore pg_basebackup mysql mysqldump ' +
    'redis-cli mongo mongosh rabbitmqctl rabbitmq-diagnostics rabbitmq-plugins kafka-topics kafka-consumer-groups etcdctl vault ' +
    'consul nomad cmctl promtool amtool stern watch kill pkill killall uptime dmesg iostat vmstat sar nc telnet tcpdump strace ' +
    'python python3 node bash sh zsh source uname whoami hostname date sleep tee mount umount lsblk blkid fdisk mkfs dd ' +
    'reboot shutdown apt apt-get yum dnf brew pip pip3 npm kubeadm minikube kind eksctl istioctl linkerd argocd flux velero ' +
    'crontab timedatectl hostnamectl resolvectl nmcli iptables nft ufw sysctl modprobe lsmod free nproc lscpu xfs_growfs ' +
    'resize2fs growpart cmctl kubectx kubens k9s oc virtctl cilium hubble sudo time nice ionice exec set trap for while if'
  ).split(/\s+/),
);

/** `sh` for prompt-less commands, `console` for a transcript with `$ ` prompts, `powershell` for Verb-Noun cmdlets, else `text`. */
export function guessLanguage(content: readonly string[]): string {
  const meaningful = content.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (meaningful.length === 0) {
    return 'text';
  }
  if (meaningful.some((l) => /^\$ \S/.test(l))) {
    return 'console';
  }
  const first = meaningful[0].replace(/^(?:sudo\s+)?(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*/, '');
  const word = /^[^\s|;&()]+/.exec(first)?.[0] ?? '';
  if (/^[A-Z][a-z]+-[A-Z][A-Za-z]+$/.test(word)) {
    return 'powershell';
  }
  if (SHELL_COMMANDS.has(word) || /^(?:\.{0,2}\/)[\w./-]+$/.test(word)) {
    return 'sh';
  }
  return 'text';
}

export const fenceLanguage: LintRule = {
  id: 'RB301',
  name: 'fence-language',
  description: 'Fenced code blocks have a language (`sh`, `console`, `promql`, `yaml`, `text`…) and are closed',
  tags: ['code', 'steps'],
  defaultSeverity: 'warning',
  check(context: LintContext): void {
    const { runbook, lines } = context;
    const unclosed = new Map(unclosedFenceProblems(runbook).map((p) => [p.line, p]));
    for (const block of runbook.codeBlocks) {
      if (!block.fenced) {
        continue;
      }
      const f = fenceAt(lines, block.line);
      const span = f ? { line: block.line, character: f.markerStart, endLine: block.line, endCharacter: f.infoEnd } : lineSpan(lines, block.line);
      const open = unclosed.get(block.line);
      if (open) {
        context.report({
          ...span,
          message: `code fence ${f?.marker ?? '```'} opened here is never closed: it runs to the end of the file (line ${Math.max(block.endLine, block.line) + 1})`,
        });
        continue;
      }
      if (block.language) {
        continue;
      }
      const language = guessLanguage(fenceContent(lines, block, true).map((l) => l.text));
      const edit = infoEdit(lines, block.line, withLanguage(f?.info ?? '', language));
      const why = language === 'sh' ? 'it looks like shell' : language === 'console' ? 'it has `$ ` prompts' : language === 'powershell' ? 'it looks like PowerShell' : 'it does not look like commands';
      context.report({
        ...span,
        message: `code block without a language (lines ${block.line + 1}-${block.endLine + 1}): say what it is, e.g. ${code(language)} as ${why}`,
        ...(edit ? { fix: { title: `Add the language ${code(language)}`, edits: [edit] } } : {}),
      });
    }
  },
};
