#!/usr/bin/env node
// UI check + README screenshot, in the real VS Code workbench (code-server + headless chromium, see vscode-host.js):
// open the repo's sample runbooks/ folder with the extension under development, click the "Runbooks" activity-bar
// item, wait for the tree to list runbooks, click one, wait for its editor, and save
// media/screenshot-runbooks-view.png (1400x900). Build first: npx tsc -p . && node scripts/build.mjs
//
// Usage: node scripts/ui-screenshot.js [--out=FILE.png] [--runbook=TITLE] [--folder=DIR] [--timeout=SECONDS] [--verbose]
// Exit code: 0 ok, 1 something missing in the UI (a failure screenshot is saved, logs are kept), 3 harness error.
//
// Selectors (VS Code 1.139 workbench DOM):
//   activity bar item  .part.activitybar .action-label[aria-label="Runbooks" or starting "Runbooks ("]
//                      (fallback: class activity-workbench-view-extension-runbooks-*; view container id `runbooks`)
//   the view           #workbench\.view\.extension\.runbooks (the container's pane composite in the side bar)
//   tree rows          [role=treeitem] inside it; a runbook row is one whose text contains a sample runbook's title
//                      (front matter `title:`, else the first `# ` heading, else the file name)
//   opened runbook     .part.editor .tabs-container [role=tab] whose text contains the file name, and
//                      .part.editor .monaco-editor .view-lines containing the title
'use strict';
const fs = require('fs');
const path = require('path');
const { startHost, sleep, HostError, ROOT, SAMPLE_FOLDER } = require('./vscode-host');

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
  if (!m) { console.error(`[ui] bad argument ${a}`); process.exit(3); }
  return [m[1], m[2] ?? 'true'];
}));
const OUT = path.resolve(args.out || path.join(ROOT, 'media', 'screenshot-runbooks-view.png'));
const FAILURE_SHOT = path.join(ROOT, 'out', 'ui-screenshot-failure.png');
const FOLDER = path.resolve(args.folder || SAMPLE_FOLDER);
const TIMEOUT = Number(args.timeout || 60) * 1000;

const CONTAINER = '#workbench\\.view\\.extension\\.runbooks';
const ACTIVITY = [
  '.part.activitybar .action-label[aria-label="Runbooks"]',
  '.part.activitybar .action-label[aria-label^="Runbooks ("]',
  '.part.activitybar .action-label[class*="activity-workbench-view-extension-runbooks-"]',
].join(', ');

/** title -> file, for every markdown file of the sample folder. */
function sampleRunbooks(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { walk(p); continue; }
      if (!e.name.endsWith('.md')) { continue; }
      const text = fs.readFileSync(p, 'utf8');
      const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
      const fmTitle = fm && /^title:\s*["']?(.+?)["']?\s*$/m.exec(fm[1]);
      const h1 = /^# (.+?)\s*$/m.exec(fm ? text.slice(fm[0].length) : text);
      const title = (fmTitle && fmTitle[1]) || (h1 && h1[1]) || e.name.replace(/(\.runbook)?\.md$/, '');
      out.push({ title, file: p });
    }
  };
  walk(dir);
  return out;
}

async function checked(name, fn) {
  const t = Date.now();
  try {
    const r = await fn();
    console.log(`[ui] ok   ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    return r;
  } catch (e) {
    throw new Error(`${name}: ${e.message.split('\n')[0]}`, { cause: e });
  }
}

async function main() {
  const t0 = Date.now();
  const runbooks = sampleRunbooks(FOLDER);
  if (!runbooks.length) { throw new HostError(`no markdown files in ${FOLDER}`); }
  const host = await startHost({
    workspace: FOLDER,
    viewport: { width: 1400, height: 900 },
    verbose: !!args.verbose,
  });
  const { page } = host;
  let ok = false;
  const broke = host.failed.then((e) => { throw e; });
  broke.catch(() => { });
  const step = (name, fn) => Promise.race([checked(name, fn), broke]); // code-server or chromium gone: stop now
  try {
    await step('workbench loaded', () => page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: TIMEOUT }));

    await step('click the "Runbooks" activity-bar item', async () => {
      const item = page.locator(ACTIVITY).first();
      await item.waitFor({ timeout: TIMEOUT });
      // Clicking the item of the visible container would close the side bar: click only when it is not shown.
      if (!(await page.locator(CONTAINER).isVisible())) { await item.click(); }
      await page.locator(CONTAINER).waitFor({ state: 'visible', timeout: 10000 });
    });

    const target = await step('the tree lists runbooks', async () => {
      const rows = page.locator(`${CONTAINER} [role=treeitem]`);
      const deadline = Date.now() + TIMEOUT;
      for (;;) {
        const texts = await rows.evaluateAll((els) => els.map((e) => e.textContent || ''));
        const found = texts.map((text, i) => ({ i, r: runbooks.find((rb) => text.includes(rb.title)) })).filter((x) => x.r);
        if (found.length) {
          const wanted = args.runbook && found.find((x) => x.r.title === args.runbook);
          const pick = wanted || found[0];
          console.log(`[ui]      ${found.length} runbook row(s) of ${texts.length} row(s); opening "${pick.r.title}"`);
          return { row: rows.nth(pick.i), ...pick.r };
        }
        if (Date.now() > deadline) {
          throw new Error(`no runbook row in the Runbooks view after ${TIMEOUT / 1000} s; rows: ${JSON.stringify(texts)}`);
        }
        await sleep(250);
      }
    });

    await step(`open "${target.title}" from the tree`, async () => {
      await target.row.click();
      const name = path.basename(target.file);
      await page.locator('.part.editor .tabs-container [role=tab]', { hasText: name }).first().waitFor({ timeout: 20000 });
      await page.locator('.part.editor .monaco-editor .view-lines', { hasText: target.title }).first().waitFor({ timeout: 20000 });
    });

    await sleep(1000); // let decorations, CodeLens and the status bar settle
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    await page.screenshot({ path: OUT });
    ok = true;
    console.log(`[ui] screenshot: ${path.relative(process.cwd(), OUT) || OUT} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return 0;
  } catch (e) {
    console.error(`[ui] FAILED: ${e.message}`);
    fs.mkdirSync(path.dirname(FAILURE_SHOT), { recursive: true });
    await page.screenshot({ path: FAILURE_SHOT }).then(() => console.error(`[ui] failure screenshot: ${FAILURE_SHOT}`),
      (err) => console.error(`[ui] no failure screenshot: ${err.message}`));
    return 1;
  } finally {
    await host.close({ removeTmp: ok });
    if (!ok) { console.error(`[ui] logs kept in ${host.tmp} (code-server.log, user-data/logs)`); }
  }
}

main().then((c) => process.exit(c), (e) => {
  console.error(`[ui] harness error: ${e instanceof HostError ? e.message : e.stack}`);
  process.exit(3);
});
