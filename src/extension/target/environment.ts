// The target environment as the extension knows it: the extension host's environment, overlaid with
// `terminal.integrated.env.<platform>` (what VS Code adds to every new terminal), and the files on this machine.
// LIMIT: a terminal's shell may change its environment afterwards (a `.bashrc` exporting KUBECONFIG, an `export`
// typed by hand); that is not visible here. Files are read when a step is about to run, so `kubectl config
// use-context` typed in any terminal is seen.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import { limitedReader, type TargetEnvironment } from '../../core/target/environment';

function platformKey(): 'linux' | 'osx' | 'windows' {
  return process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'osx' : 'linux';
}

/** `${env:NAME}` in terminal.integrated.env values, as VS Code resolves it; a null value removes the variable. */
export function terminalEnvironment(base: Readonly<Record<string, string | undefined>> = process.env): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...base };
  const extra = vscode.workspace.getConfiguration('terminal.integrated.env').get<Record<string, string | null>>(platformKey()) ?? {};
  for (const [k, v] of Object.entries(extra)) {
    env[k] = v === null ? undefined : String(v).replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, n: string) => base[n] ?? '');
  }
  return env;
}

export function extensionTargetEnvironment(extra: Readonly<Record<string, string>> = {}): TargetEnvironment {
  return {
    env: { ...terminalEnvironment(), ...extra },
    home: os.homedir(),
    platform: process.platform,
    read: limitedReader(fs),
  };
}
