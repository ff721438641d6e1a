import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Slugger, slugify } from '../../../src/core/slug';

describe('slugify (GitHub anchors)', () => {
  const cases: [string, string][] = [
    ['Meaning', 'meaning'],
    ['Check the pods', 'check-the-pods'],
    ['  Padded heading  ', 'padded-heading'],
    ["What's up? (v1.2)", 'whats-up-v12'],
    ['Step 1: restart the `api`', 'step-1-restart-the-api'],
    ['snake_case and kebab-case', 'snake_case-and-kebab-case'],
    ['Rollback / failover', 'rollback--failover'],
    ['Déjà vu Über', 'déjà-vu-über'],
    ['Emoji 🚀 launch', 'emoji--launch'],
    ['日本語の見出し', '日本語の見出し'],
    ['100% CPU!', '100-cpu'],
    ['---', '---'],
    ['', ''],
  ];
  for (const [text, slug] of cases) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(slug)}`, () => {
      assert.equal(slugify(text), slug);
    });
  }

  it('takes its shortcut for plain words (alert names) without changing the answer', () => {
    const general = (t: string) => t.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
    for (const t of ['KubePodCrashLooping', 'etcd_members_down', 'Disk-Full-9', '_', 'A', 'node:cpu', 'İstanbul', 'x y', 'K\u212A']) {
      assert.equal(slugify(t), general(t), t);
    }
  });
});

describe('Slugger', () => {
  it('numbers duplicates -1, -2, … like GitHub', () => {
    const s = new Slugger();
    assert.deepEqual(['Mitigation', 'Mitigation', 'mitigation', 'Diagnosis', 'Mitigation'].map((t) => s.slug(t)),
      ['mitigation', 'mitigation-1', 'mitigation-2', 'diagnosis', 'mitigation-3']);
  });

  it('skips a number already taken by a heading', () => {
    const s = new Slugger();
    assert.deepEqual(['Intro 1', 'Intro', 'Intro', 'Intro'].map((t) => s.slug(t)), ['intro-1', 'intro', 'intro-2', 'intro-3']);
  });

  it('does not let a numbered duplicate collide with a later literal heading', () => {
    const s = new Slugger();
    assert.deepEqual(['A', 'A', 'A-1'].map((t) => s.slug(t)), ['a', 'a-1', 'a-1-1']);
  });

  it('is independent per instance', () => {
    assert.equal(new Slugger().slug('Meaning'), 'meaning');
    assert.equal(new Slugger().slug('Meaning'), 'meaning');
  });
});
