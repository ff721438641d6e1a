import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseRunbook } from '../../../../src/core/parse';
import { firstFillIn, renderTemplate, usesPlaceholder, type TemplateData } from '../../../../src/core/templates/render';

// tsc compiles this file to out/test/unit/core/templates/; the fixtures stay in the source tree.
const FIXTURES = path.join(__dirname, '../../../../../test/unit/core/templates/fixtures');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

const DATA: TemplateData = { title: 'Checkout pods not ready', service: 'checkout-api', owner: '@org/payments', alerts: ['CheckoutPodsNotReady'], date: '2026-03-01' };

describe('renderTemplate', () => {
  it('fills a workspace template: whole front-matter values as YAML, quoted strings escaped, code blocks and unknown names untouched', () => {
    const data: TemplateData = { title: 'Queue: backlog "orders" #2', service: 'payments', owner: '@org/payments-oncall', alerts: ['QueueBacklog', 'Rabbit*'], date: '2026-03-01' };
    const { text, selection } = renderTemplate(fixture('oncall.md'), data);
    assert.equal(text, fixture('oncall.expected.md'));
    // {{cursor}} is removed, and marks the selection.
    assert.deepEqual(selection, { line: 18, character: 0, endLine: 18, endCharacter: 0 });
    const runbook = parseRunbook('/w/runbooks/queue.md', text);
    assert.deepEqual(runbook.problems, []);
    assert.equal(runbook.title, data.title);
    assert.deepEqual(runbook.alerts, data.alerts);
    assert.equal(runbook.service, 'payments');
    assert.equal(runbook.owner, '@org/payments-oncall');
    assert.deepEqual(runbook.tags, ['payments on call', 'made 2026-03-01']);
    assert.deepEqual(runbook.steps.map((s) => s.id), ['depth', 'scale']);
  });

  it('leaves step variables and unknown placeholders as they are', () => {
    const template = '# {{title}}\n\nSee {{namespace}}, {{ pod }} and {{title_of_something}}.\n\n```sh {id=x}\nkubectl -n {{namespace}} logs {{pod}} # {{title}}\n```\n';
    const { text } = renderTemplate(template, DATA);
    assert.equal(text, '# Checkout pods not ready\n\nSee {{namespace}}, {{ pod }} and {{title_of_something}}.\n\n```sh {id=x}\nkubectl -n {{namespace}} logs {{pod}} # {{title}}\n```\n');
  });

  it('writes empty values as "" and no alerts as [] in the front matter, and as nothing elsewhere', () => {
    const { text } = renderTemplate('---\ntitle: {{title}}\nalerts: {{alerts}}\nservice: {{service}}\nowner: {{owner}}\n---\n\nOwner: {{owner}}.\n', { ...DATA, service: '', owner: '', alerts: [] });
    assert.equal(text, '---\ntitle: Checkout pods not ready\nalerts: []\nservice: ""\nowner: ""\n---\n\nOwner: .\n');
  });

  it('keeps hostile titles on one line and inside their YAML value', () => {
    const title = 'x\n---\nowner: "@evil" it\'s\n# injected: [1, 2]';
    const { text } = renderTemplate('---\ntitle: {{title}}\ntags: ["{{title}}", \'also {{title}}\']\nowner: ""\n---\n\n# {{title}}\n', { ...DATA, title });
    const runbook = parseRunbook('/w/runbooks/x.md', text);
    assert.deepEqual(runbook.problems, []);
    assert.equal(runbook.title, 'x --- owner: "@evil" it\'s # injected: [1, 2]');
    assert.deepEqual(runbook.tags, [runbook.title, `also ${runbook.title}`]);
    assert.equal(runbook.owner, '');
    assert.equal(text.split('\n').length, 8);
  });

  it('keeps CRLF line endings and drops a BOM', () => {
    const { text } = renderTemplate('\ufeff---\r\ntitle: {{title}}\r\n---\r\n# {{title}}\r\n', DATA);
    assert.equal(text, '---\r\ntitle: Checkout pods not ready\r\n---\r\n# Checkout pods not ready\r\n');
  });

  it('fills nothing inside a fence that is never closed', () => {
    const { text } = renderTemplate('# {{title}}\n\n```sh\necho {{title}}\n', DATA);
    assert.equal(text, '# Checkout pods not ready\n\n```sh\necho {{title}}\n');
  });
});

describe('usesPlaceholder', () => {
  it('looks outside code blocks only', () => {
    assert.equal(usesPlaceholder('service: {{ service }}\n', 'service'), true);
    assert.equal(usesPlaceholder('# x\n\n```sh\necho {{service}}\n```\n', 'service'), false);
    assert.equal(usesPlaceholder('# {{title}}\n', 'service'), false);
  });
});

describe('firstFillIn', () => {
  it('is inside the first empty front-matter value', () => {
    assert.deepEqual(firstFillIn('---\ntitle: T\nalerts: []\nowner: ""\n---\n# T\n'), { line: 2, character: 9, endLine: 2, endCharacter: 9 });
    assert.deepEqual(firstFillIn("---\ntitle: T\nowner: ''\n---\n# T\n"), { line: 2, character: 8, endLine: 2, endCharacter: 8 });
  });

  it('else selects the first prompt comment outside code blocks', () => {
    const text = '---\ntitle: T\nowner: x\n---\n\n# T\n\n```html\n<!-- not this -->\n```\n\n  <!-- What fired? -->  \n';
    assert.deepEqual(firstFillIn(text), { line: 11, character: 2, endLine: 11, endCharacter: 22 });
  });

  it('else goes to the line after the first heading', () => {
    assert.deepEqual(firstFillIn('# T\n\nText\n'), { line: 1, character: 0, endLine: 1, endCharacter: 0 });
    assert.deepEqual(firstFillIn('no heading'), { line: 0, character: 0, endLine: 0, endCharacter: 0 });
  });
});
