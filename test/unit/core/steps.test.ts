import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findVariables, parseInfoString, stepLanguage } from '../../../src/core/steps';

describe('stepLanguage', () => {
  it('normalises shell languages', () => {
    const cases: [string, string][] = [
      ['sh', 'sh'], ['shell', 'sh'], ['Shell', 'sh'], ['SH', 'sh'],
      ['bash', 'bash'], ['Bash', 'bash'], ['zsh', 'zsh'],
      ['console', 'console'], ['shell-session', 'console'], ['shellsession', 'console'], ['sh-session', 'console'],
      ['powershell', 'powershell'], ['PowerShell', 'powershell'], ['pwsh', 'powershell'], ['ps1', 'powershell'],
    ];
    for (const [given, expected] of cases) {
      assert.equal(stepLanguage(given), expected, given);
    }
  });

  it('is undefined for anything else', () => {
    for (const l of ['', 'promql', 'yaml', 'sql', 'text', 'python', 'fish', 'bat', 'cmd', 'shellx', 'toString', 'constructor', '__proto__']) {
      assert.equal(stepLanguage(l), undefined, l);
    }
  });
});

describe('parseInfoString', () => {
  it('reads `{id=… destructive}`', () => {
    assert.deepEqual(parseInfoString('sh {id=check-pods destructive}'), { language: 'sh', attributes: { id: 'check-pods', destructive: true } });
  });

  it('reads `{#id .class}`', () => {
    assert.deepEqual(parseInfoString('bash {#rollback .destructive}'), { language: 'bash', attributes: { id: 'rollback', destructive: true } });
  });

  it('reads braceless attributes', () => {
    assert.deepEqual(parseInfoString('sh id=check_pods destructive'), { language: 'sh', attributes: { id: 'check_pods', destructive: true } });
  });

  it('reads quoted values and values with `=` signs kept verbatim', () => {
    assert.deepEqual(parseInfoString(`console {id="two words" title='Disk usage' timeout=30s}`),
      { language: 'console', attributes: { id: 'two words', title: 'Disk usage', timeout: '30s' } });
  });

  it('keeps `destructive=false` as a value (the parser decides what it means)', () => {
    assert.deepEqual(parseInfoString('sh {destructive=false}'), { language: 'sh', attributes: { destructive: 'false' } });
  });

  it('accepts braces right after the language and a missing closing brace', () => {
    assert.deepEqual(parseInfoString('bash{id=y}'), { language: 'bash', attributes: { id: 'y' } });
    assert.deepEqual(parseInfoString('sh {id=x'), { language: 'sh', attributes: { id: 'x' } });
  });

  it('ignores surrounding whitespace', () => {
    assert.deepEqual(parseInfoString('  sh   {id=a}  '), { language: 'sh', attributes: { id: 'a' } });
  });

  it('handles an empty info string and a language alone', () => {
    assert.deepEqual(parseInfoString(''), { language: '', attributes: {} });
    assert.deepEqual(parseInfoString('promql'), { language: 'promql', attributes: {} });
  });

  it('takes the last id when there are several', () => {
    assert.deepEqual(parseInfoString('sh {#a id=b}'), { language: 'sh', attributes: { id: 'b' } });
  });
});

describe('findVariables', () => {
  it('finds the four forms with their document positions', () => {
    const code = 'kubectl -n {{namespace}} logs {{ pod }}\necho {{ $labels.container }} {{ .Labels.instance }}\n';
    assert.deepEqual(findVariables(code, 10), [
      { name: 'namespace', raw: '{{namespace}}', line: 10, character: 11 },
      { name: 'pod', raw: '{{ pod }}', line: 10, character: 30 },
      { name: 'container', raw: '{{ $labels.container }}', line: 11, character: 5 },
      { name: 'instance', raw: '{{ .Labels.instance }}', line: 11, character: 29 },
    ]);
  });

  it('skips Hugo shortcodes and other templates', () => {
    const code = '{{% notice warning %}} {{< ref "disk.md" >}} {{ $value }} {{ .State.Status }} {{ 1st }} {{}} {{ a b }} {x} { {y} }';
    assert.deepEqual(findVariables(code, 0), []);
  });

  it('counts lines across empty lines and repeats', () => {
    const code = 'a\n\n\n  {{x}}{{x}}\n{{y_2}}';
    assert.deepEqual(findVariables(code, 0), [
      { name: 'x', raw: '{{x}}', line: 3, character: 2 },
      { name: 'x', raw: '{{x}}', line: 3, character: 7 },
      { name: 'y_2', raw: '{{y_2}}', line: 4, character: 0 },
    ]);
  });

  it('finds a variable in triple braces by its inner pair', () => {
    assert.deepEqual(findVariables('{{{x}}}', 0), [{ name: 'x', raw: '{{x}}', line: 0, character: 1 }]);
  });

  it('returns the same result when called twice (no regex state leaks)', () => {
    const code = 'echo {{a}} {{b}}';
    assert.deepEqual(findVariables(code, 0), findVariables(code, 0));
    assert.equal(findVariables(code, 0).length, 2);
  });

  it('finds nothing in code without braces', () => {
    assert.deepEqual(findVariables('kubectl get pods\n', 3), []);
    assert.deepEqual(findVariables('', 3), []);
  });
});

describe('Go templates are not variables', () => {
  const names = (code: string) => findVariables(code, 0).map((v) => v.name);

  it('leaves Go template keywords, actions, dot paths and strings literal', () => {
    assert.deepEqual(names('{{end}} {{ else }} {{range .items}} {{if .x}} {{ with $x }} {{.metadata.name}} {{ .foo }} {{"\\n"}} {{len .items}} {{printf "%s" .a}} {{- end }}'), []);
  });

  it('leaves everything inside a template argument literal: --template, -o go-template, -o jsonpath, --format, -f', () => {
    assert.deepEqual(names("oc get pods --template='{{range .items}}{{.metadata.name}}{{end}}'"), []);
    assert.deepEqual(names("kubectl get pods -o go-template='{{range .items}}{{name}}{{end}}'"), []);
    assert.deepEqual(names("kubectl get pods -o=jsonpath='{{x}}'"), []);
    assert.deepEqual(names('kubectl get pods --template {{x}}'), []);
    assert.deepEqual(names('docker ps --format "{{ID}} {{ .Labels.app }}"'), []);
    assert.deepEqual(names('docker inspect -f "{{State}}" c'), []);
  });

  it('still finds the variables around them, and labels named like keywords', () => {
    assert.deepEqual(names("kubectl -n {{namespace}} get pods -o go-template='{{range .items}}{{end}}' -l app={{app}}"), ['namespace', 'app']);
    assert.deepEqual(names('helm template {{release}} ./chart'), ['release']);
    assert.deepEqual(names('echo {{ $labels.end }} {{ .Labels.if }} {{endpoint}} {{iffy}}'), ['end', 'if', 'endpoint', 'iffy']);
    assert.deepEqual(names('kubectl -f {{file}} apply'), ['file']);
  });

  it('finds the arguments in one pass, also when a quote is never closed', () => {
    assert.deepEqual(names(`kubectl get pods --template='${'{{x}}'.repeat(50_000)}`), []);
    // `--format --format {{a}}`: the second `--format` is the value of the first, `{{a}}` an argument.
    assert.deepEqual(names(`${'--format '.repeat(20_000)}{{a}}`), ['a']);
    assert.deepEqual(names(`${'--format '.repeat(20_001)}{{a}}`), []);
  });
});
