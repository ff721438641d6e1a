// A TargetEnvironment over a map of files (not a test file itself).
import type { TargetEnvironment } from '../../../../src/core/target/environment';

export function fakeEnvironment(files: Record<string, string | Error>, env: Record<string, string> = {}, home = '/home/me'): TargetEnvironment & { reads: string[] } {
  const reads: string[] = [];
  return {
    env,
    home,
    reads,
    read: async (path) => {
      reads.push(path);
      const f = Object.hasOwn(files, path) ? files[path] : undefined;
      if (f instanceof Error) {
        throw f;
      }
      return f;
    },
  };
}

export function kubeconfig(current: string | undefined, contexts: Record<string, { cluster?: string; namespace?: string }>): string {
  const lines = ['apiVersion: v1', 'kind: Config'];
  if (current !== undefined) {
    lines.push(`current-context: ${current}`);
  }
  lines.push('contexts:');
  for (const [name, c] of Object.entries(contexts)) {
    lines.push(`- name: ${name}`, '  context:');
    lines.push(`    cluster: ${c.cluster ?? name}`);
    if (c.namespace) {
      lines.push(`    namespace: ${c.namespace}`);
    }
    lines.push('    user: me');
  }
  return `${lines.join('\n')}\n`;
}
