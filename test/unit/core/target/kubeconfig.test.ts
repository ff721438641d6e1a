import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kubeconfigPaths, parseKubeconfig, readKubeTarget } from '../../../../src/core/target/kubeconfig';
import { fakeEnvironment, kubeconfig } from './env';

describe('kubeconfig', () => {
  it('reads ~/.kube/config when KUBECONFIG is not set, and the context namespace (default when none)', async () => {
    const e = fakeEnvironment({ '/home/me/.kube/config': kubeconfig('prod-eu', { 'prod-eu': { namespace: 'web' }, dev: {} }) });
    assert.deepEqual(kubeconfigPaths(e), ['/home/me/.kube/config']);
    const problems: string[] = [];
    const t = await readKubeTarget(e, kubeconfigPaths(e), problems);
    assert.equal(t.context?.value, 'prod-eu');
    assert.equal(t.context?.source, 'current-context in /home/me/.kube/config');
    assert.equal(t.namespace?.value, 'web');
    assert.equal(t.cluster, 'prod-eu');
    assert.deepEqual([...t.contexts.keys()], ['prod-eu', 'dev']);
    assert.deepEqual(problems, []);
    const dev = await readKubeTarget(e, kubeconfigPaths(e), problems, 'dev');
    assert.equal(dev.namespace?.value, 'default');
    assert.equal(dev.context?.source, '--context in the command');
  });

  it('merges several KUBECONFIG files: the first current-context wins, contexts first-wins, missing files skipped', async () => {
    const e = fakeEnvironment({
      '/a': kubeconfig(undefined, { shared: { namespace: 'from-a' } }),
      '/b': kubeconfig('shared', { shared: { namespace: 'from-b' }, other: {} }),
      '/c': kubeconfig('other', {}),
    }, { KUBECONFIG: '/missing::/a:/b:/c:/a' });
    assert.deepEqual(kubeconfigPaths(e), ['/missing', '/a', '/b', '/c']);
    const problems: string[] = [];
    const t = await readKubeTarget(e, kubeconfigPaths(e), problems);
    assert.equal(t.context?.value, 'shared');
    assert.equal(t.context?.source, 'current-context in /b');
    assert.equal(t.namespace?.value, 'from-a', 'the first file defining a context wins');
    assert.deepEqual([...t.contexts.keys()], ['shared', 'other']);
    assert.deepEqual(problems, [], 'a missing file is not a problem');
  });

  it('uses ; on Windows, expands ~, and --kubeconfig replaces the list', () => {
    const e = { ...fakeEnvironment({}, { KUBECONFIG: 'C:\\a;~/b' }), platform: 'win32' };
    assert.deepEqual(kubeconfigPaths(e), ['C:\\a', '/home/me/b']);
    assert.deepEqual(kubeconfigPaths(e, '~/.kube/other'), ['/home/me/.kube/other']);
  });

  it('no kubeconfig at all: nothing known', async () => {
    const e = fakeEnvironment({});
    const t = await readKubeTarget(e, kubeconfigPaths(e), []);
    assert.equal(t.context, undefined);
    assert.equal(t.namespace, undefined);
  });

  it('reports malformed files and reads on', async () => {
    const e = fakeEnvironment({
      '/bad': 'contexts: [\n',
      '/list': '- a\n- b\n',
      '/unreadable': new Error('EACCES: permission denied'),
      '/good': kubeconfig('ok', { ok: {} }),
    }, { KUBECONFIG: '/bad:/list:/unreadable:/good' });
    const problems: string[] = [];
    const t = await readKubeTarget(e, kubeconfigPaths(e), problems);
    assert.equal(t.context?.value, 'ok');
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems[0], /^\/bad: not valid YAML/);
    assert.match(problems[1], /^\/list: not a kubeconfig/);
    assert.match(problems[2], /^\/unreadable: EACCES/);
  });

  it('survives hostile input: alias bombs, huge files, odd names, __proto__', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`);
    }
    bomb.push('current-context: x');
    assert.throws(() => parseKubeconfig(bomb.join('\n')), /not read/);
    assert.throws(() => parseKubeconfig('x'.repeat(5 * 1024 * 1024)), /larger than/);
    const odd = parseKubeconfig([
      'current-context: "evil\\u202e"',
      'contexts:',
      '- name: { nested: map }',
      '- name: "__proto__"',
      '  context: { cluster: polluted }',
      '- "just a string"',
      '- name: fine',
      '  context: [not, a, map]',
    ].join('\n'));
    assert.equal(odd.currentContext, undefined, 'bidi controls in a name: not taken');
    assert.deepEqual([...odd.contexts.keys()], ['__proto__', 'fine']);
    assert.equal(({} as Record<string, unknown>).cluster, undefined);
    const e = fakeEnvironment({ '/big': 'x'.repeat(5 * 1024 * 1024) }, { KUBECONFIG: '/big' });
    const problems: string[] = [];
    await readKubeTarget(e, ['/big'], problems);
    assert.match(problems[0], /larger than 4 MB/);
  });

  it('an empty file is an empty kubeconfig; aliases within budget resolve', () => {
    assert.deepEqual(parseKubeconfig('').contexts.size, 0);
    const f = parseKubeconfig('base: &ctx { cluster: c1, namespace: n1 }\ncurrent-context: a\ncontexts:\n- name: a\n  context: *ctx\n');
    assert.deepEqual(f.contexts.get('a'), { cluster: 'c1', namespace: 'n1' });
  });

  it('a changed file is read afresh (the parse is reused only for the same text)', async () => {
    const files: Record<string, string> = { '/k': kubeconfig('a', { a: {}, b: {} }) };
    const e = fakeEnvironment(files, { KUBECONFIG: '/k' });
    assert.equal((await readKubeTarget(e, ['/k'], [])).context?.value, 'a');
    files['/k'] = kubeconfig('b', { a: {}, b: {} });
    assert.equal((await readKubeTarget(e, ['/k'], [])).context?.value, 'b');
    files['/k'] = 'contexts: [';
    const problems: string[] = [];
    assert.equal((await readKubeTarget(e, ['/k'], problems)).context, undefined);
    assert.match(problems[0], /not valid YAML/);
  });
});
