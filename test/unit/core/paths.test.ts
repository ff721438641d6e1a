import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basename, dirname, isAbsoluteUrl, isUri, isWithin, joinPath, normalizePath, parentDir, relativePath, resolveRelative, uriHead, withoutScheme } from '../../../src/core/paths';

describe('basename / dirname', () => {
  it('splits absolute paths', () => {
    assert.equal(basename('/ws/runbooks/disk.md'), 'disk.md');
    assert.equal(dirname('/ws/runbooks/disk.md'), '/ws/runbooks');
    assert.equal(dirname('/disk.md'), '/');
  });

  it('splits relative paths and URIs', () => {
    assert.equal(basename('disk.md'), 'disk.md');
    assert.equal(dirname('disk.md'), '.');
    assert.equal(dirname('runbooks/disk.md'), 'runbooks');
    assert.equal(basename('file:///ws/runbooks/a%20b.md'), 'a%20b.md');
    assert.equal(dirname('file:///ws/runbooks/a%20b.md'), 'file:///ws/runbooks');
  });

  it('gives an empty name for a trailing slash', () => {
    assert.equal(basename('/ws/runbooks/'), '');
    assert.equal(dirname('/ws/runbooks/'), '/ws/runbooks');
  });
});

describe('normalizePath / joinPath / parentDir', () => {
  it('normalizes and joins plain paths and URI strings', () => {
    assert.equal(normalizePath('/a/./b//c/../d/'), '/a/b/d');
    assert.equal(normalizePath('/../a'), '/a');
    assert.equal(normalizePath('a/../../b'), '../b');
    assert.equal(normalizePath('file:///w/x/../y'), 'file:///w/y');
    assert.equal(joinPath('file:///w/runbooks', '../lint.yaml'), 'file:///w/lint.yaml');
    assert.equal(joinPath('vscode-vfs://github/o/r/docs', '/top.yaml'), 'vscode-vfs://github/top.yaml');
    assert.equal(joinPath('/w/', 'x'), '/w/x');
  });

  it('knows what is inside a folder: the folder itself, and below it, not a sibling that shares its prefix', () => {
    assert.equal(isWithin('/w/runbooks/a.md', '/w'), true);
    assert.equal(isWithin('/w', '/w/'), true);
    assert.equal(isWithin('/work/a.md', '/w'), false);
    assert.equal(isWithin('/etc/passwd', '/'), true);
    assert.equal(isWithin('file:///w/x.md', 'file:///w'), true);
    assert.equal(isWithin('file:///wx.md', 'file:///w'), false);
  });

  it('walks up to the top and stops', () => {
    assert.equal(parentDir('/w/runbooks'), '/w');
    assert.equal(parentDir('file:///w/runbooks'), 'file:///w');
    assert.equal(parentDir('/'), undefined);
    assert.equal(parentDir('file://'), undefined);
  });
});

describe('URI heads', () => {
  it('tells URI strings from plain paths and drive letters', () => {
    assert.equal(uriHead('file:///w/x.md'), 'file://');
    assert.equal(uriHead('vscode-vfs://github/o/r/x.md'), 'vscode-vfs://github');
    assert.equal(uriHead('https://host?q=1/x'), 'https://host');
    assert.equal(uriHead('/w/x.md'), '');
    assert.equal(isUri('C:/w/x.md'), false);
    assert.equal(isUri('file:///w'), true);
    assert.equal(withoutScheme('https://wiki.example.com/x'), 'wiki.example.com/x');
    assert.equal(withoutScheme('wiki.example.com/x'), 'wiki.example.com/x');
  });

  it('knows a link to elsewhere from a file of the tree', () => {
    assert.equal(isAbsoluteUrl('https://x'), true);
    assert.equal(isAbsoluteUrl('mailto:a@b'), true);
    assert.equal(isAbsoluteUrl('//cdn/x.png'), true);
    assert.equal(isAbsoluteUrl('C:/x.png'), false);
    assert.equal(isAbsoluteUrl('img/x.png'), false);
  });
});

describe('relative links', () => {
  it('resolves and relativizes paths and URIs', () => {
    assert.equal(resolveRelative('/ws/a/b.md', '../c.md'), '/ws/c.md');
    assert.equal(resolveRelative('/ws/a/b.md', './x/%20y.md'), '/ws/a/x/ y.md');
    assert.equal(resolveRelative('/ws/b.md', '../../../x.md'), '/x.md');
    assert.equal(resolveRelative('file:///w/a/b.md', '../c%20d.md'), 'file:///w/c%20d.md');
    assert.equal(relativePath('/ws/a/b.md', '/ws/c/d.md'), '../c/d.md');
    assert.equal(relativePath('/ws/a/b.md', '/ws/a/e.md'), 'e.md');
    assert.equal(relativePath('file:///w/a.md', 'file:///w/x/y.md'), 'x/y.md');
  });
});
