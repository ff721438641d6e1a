// The cold index runs in slices (the host answers in between): edits that arrive while it runs are not lost or
// undone, whichever file of the index they hit and whenever they land.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, waitFor, workspaceUri } from './helpers';

const COUNT = 300;
const bulk = (name: string) => workspaceUri('runbooks', 'nb-bulk', name);
const text = (title: string, alert: string) => new TextEncoder().encode(`---\ntitle: ${title}\nalerts: [${alert}]\n---\n# ${title}\n\n## Diagnosis\n\n\`\`\`sh\nkubectl get pods\n\`\`\`\n`);

describe('Index while edits arrive', () => {
  after(async () => {
    await vscode.workspace.fs.delete(workspaceUri('runbooks', 'nb-bulk'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    const { index } = await api();
    await waitFor('the bulk runbooks to leave the index', () => !index.all().some((e) => e.path.includes('/nb-bulk/')));
  });

  it('keeps deletions, changes and new files made during a full re-index', async () => {
    const { index, ready } = await api();
    const edit = new vscode.WorkspaceEdit();
    for (let i = 0; i < COUNT; i++) {
      edit.createFile(bulk(`r${String(i).padStart(3, '0')}.md`), { contents: text(`Bulk ${i}`, `BulkAlert${i}`), overwrite: true });
    }
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the bulk runbooks to be indexed', () => index.all().filter((e) => e.path.includes('/nb-bulk/')).length === COUNT);

    // A full re-index, and while it runs: one file deleted, one changed, one created.
    const reindex = vscode.commands.executeCommand('runbooks.refresh');
    await vscode.workspace.fs.delete(bulk('r150.md'));
    await vscode.workspace.fs.writeFile(bulk('r299.md'), text('Bulk edited', 'BulkEdited'));
    await vscode.workspace.fs.writeFile(bulk('new.md'), text('Bulk new', 'BulkNew'));
    await reindex;
    await ready();

    const path = (name: string) => bulk(name).toString();
    await waitFor('the index to match the disk', () =>
      index.get(path('r150.md')) === undefined && index.get(path('r299.md'))?.title === 'Bulk edited' && index.get(path('new.md'))?.title === 'Bulk new');
    assert.strictEqual(index.all().filter((e) => e.path.includes('/nb-bulk/')).length, COUNT);
    assert.deepStrictEqual(index.findByAlert('BulkAlert150'), []);
    assert.deepStrictEqual(index.findByAlert('BulkEdited').map((m) => m.runbook.path), [path('r299.md')]);
    assert.deepStrictEqual(index.findByAlert('BulkAlert299'), []);
    // And it stays so once every pending event has been handled.
    await new Promise((r) => setTimeout(r, 1500));
    assert.strictEqual(index.get(path('r150.md')), undefined);
    assert.strictEqual(index.get(path('r299.md'))?.title, 'Bulk edited');
  });
});
