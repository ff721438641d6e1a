import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RuleIndex } from '../../../../src/core/alerts/rules';
import { DEFAULT_CONFIG } from '../../../../src/core/lint/config';
import { lintDocument } from '../../../../src/core/lint/engine';
import { parseRunbook } from '../../../../src/core/parse';
import { RunbookIndex } from '../../../../src/core/runbookIndex';
import { FRONT_MATTER_SCHEMA, validate } from '../../../../src/core/schema';
import { BUILT_IN_TEMPLATES, builtInTemplate, DEFAULT_TEMPLATES_FOLDER } from '../../../../src/core/templates/builtIn';
import { runbookFileName } from '../../../../src/core/templates/fileName';
import { renderTemplate, type TemplateData } from '../../../../src/core/templates/render';

const TODAY = '2026-03-01';
const FULL: TemplateData = { title: 'Checkout: pods not ready', service: 'checkout-api', owner: '@example-org/payments-oncall', alerts: ['CheckoutPodsNotReady', 'KubePod*'], date: TODAY };
const BARE: TemplateData = { title: 'Disk almost full', service: '', owner: '', alerts: [], date: TODAY };

async function lint(text: string, data: TemplateData) {
  const runbooks = new RunbookIndex();
  const path = `/w/runbooks/${runbookFileName(data.title)}`;
  const findings = await lintDocument({ path, text }, { runbooks, rules: new RuleIndex(), config: DEFAULT_CONFIG, today: TODAY, fileExists: async () => true });
  return findings.map((f) => `${f.ruleId} ${f.line}`);
}

describe('built-in templates', () => {
  it('have unique ids, and are found by id', () => {
    assert.deepEqual(BUILT_IN_TEMPLATES.map((t) => t.id), ['diagnostic', 'service', 'blank']);
    assert.equal(builtInTemplate('service')?.label, 'Service runbook');
    assert.equal(builtInTemplate('nope'), undefined);
  });

  for (const template of BUILT_IN_TEMPLATES) {
    describe(template.label, () => {
      it('renders front matter that is valid YAML and matches the schema', () => {
        for (const data of [FULL, BARE]) {
          const runbook = parseRunbook('/w/runbooks/x.md', renderTemplate(template.text, data).text);
          assert.deepEqual(runbook.problems, []);
          assert.ok(runbook.frontMatter);
          assert.deepEqual(validate(runbook.frontMatter.data, FRONT_MATTER_SCHEMA), []);
          assert.equal(runbook.title, data.title);
          assert.equal(runbook.titleSource, 'front-matter');
          assert.equal(runbook.lastReviewed, TODAY);
          assert.equal(runbook.service ?? '', data.service);
          assert.equal(runbook.owner, data.owner);
          assert.deepEqual(runbook.alerts, template.id === 'diagnostic' ? data.alerts : []);
        }
      });

      it('lints clean when everything is given', async () => {
        assert.deepEqual(await lint(renderTemplate(template.text, FULL).text, FULL), []);
      });

      it('lints with only the empty owner to fill in, and starts the cursor on the first empty value', async () => {
        const { text, selection } = renderTemplate(template.text, BARE);
        const ownerLine = parseRunbook('/w/runbooks/x.md', text).frontMatter?.keyLines.owner;
        assert.deepEqual(await lint(text, BARE), [`RB404 ${ownerLine}`]);
        const line = text.split('\n')[selection.line];
        assert.match(line, /^(alerts: \[\]|service: "")$/);
        assert.equal(selection.character, line.length - 1);
      });

      it('keeps its step variables for when the steps run', () => {
        const runbook = parseRunbook('/w/runbooks/x.md', renderTemplate(template.text, FULL).text);
        for (const step of runbook.steps) {
          assert.ok(step.explicitId, `step ${step.id} has an id`);
        }
        if (template.id !== 'blank') {
          assert.ok(runbook.steps.length > 0);
          assert.ok(runbook.steps.every((s) => s.variables.some((v) => v.name === 'namespace')), 'steps use {{namespace}}');
        }
      });

      it('selects the first prompt when the front matter is complete', () => {
        const { text, selection } = renderTemplate(template.text, FULL);
        assert.match(text.split('\n')[selection.line].slice(selection.character, selection.endCharacter), /^<!-- .+ -->$/);
      });
    });
  }
});

describe('runbooks.templatesFolder', () => {
  it('defaults in the manifest to the core default, outside the review templates and the runbook globs', () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../../../package.json'), 'utf8'));
    assert.equal(manifest.contributes.configuration.properties['runbooks.templatesFolder'].default, DEFAULT_TEMPLATES_FOLDER);
    assert.notEqual(DEFAULT_TEMPLATES_FOLDER, '.runbooks/templates');
    assert.ok(!DEFAULT_TEMPLATES_FOLDER.split('/').some((s) => s === 'runbooks' || s === 'playbooks'));
  });
});
