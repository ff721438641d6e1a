// The packaged extension, installed from its .vsix into a real VS Code, activates and contributes its commands.
import * as assert from 'assert';
import * as vscode from 'vscode';

describe('the installed .vsix', () => {
  it('is installed (not loaded from the source tree), activates, and registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension('incident-runbooks.incident-runbooks');
    assert.ok(ext, 'not installed');
    assert.ok(!ext.extensionPath.startsWith(process.env.RUNBOOKS_REPO ?? '/nonexistent'), ext.extensionPath);
    assert.match(ext.extensionPath, /incident-runbooks\.incident-runbooks-\d/);
    const api = (await ext.activate()) as { ready(): Promise<void>; index: { size: number } };
    await api.ready();
    assert.ok(api.index.size >= 3, `indexed ${api.index.size}`);
    const all = new Set(await vscode.commands.getCommands(true));
    const contributed = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.deepStrictEqual(contributed.filter((c) => !all.has(c)), []);
    console.log(`    ${ext.packageJSON.version} from ${ext.extensionPath}: ${contributed.length} commands`);
  });
});
