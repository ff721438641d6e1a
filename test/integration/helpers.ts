// Shared helpers for the integration tests (not a test file itself).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RunbooksApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'incident-runbooks.incident-runbooks';

export async function api(): Promise<RunbooksApi> {
  const ext = vscode.extensions.getExtension<RunbooksApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  const a = await ext.activate();
  await a.ready();
  return a;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Poll until `fn` returns a truthy value (file events and debounced views are asynchronous). */
export async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 10000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) {
      return v;
    }
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
