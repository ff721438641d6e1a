// Smoke test: the suite runs in a real VS Code extension host, on the fixture workspace, and the extension
// under development is there and activates. Feature tests live in their own *.test.ts files beside this one.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'incident-runbooks.incident-runbooks';

describe('smoke', () => {
  it('runs in a VS Code extension host', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    console.log(`    VS Code ${vscode.version} (${vscode.env.appName}, appHost=${vscode.env.appHost}, remote=${vscode.env.remoteName ?? 'none'}), node ${process.versions.node}`);
  });

  it('has the fixture workspace open', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1, 'exactly one workspace folder');
    const folder = folders[0].uri.fsPath;
    const expected = process.env.RUNBOOKS_TEST_WORKSPACE;
    if (expected) {
      assert.strictEqual(fs.realpathSync(folder), fs.realpathSync(expected), 'the copy made by scripts/test-integration.js');
    }
    assert.ok(fs.existsSync(path.join(folder, 'runbooks', 'db')), `${folder} is not the fixture workspace`);
  });

  it('has the extension, and it activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });
});
