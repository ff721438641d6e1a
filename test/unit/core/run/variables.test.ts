import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuoteError } from '../../../../src/core/run/quote';
import {
  MASK, MissingValuesError, PLAIN_VALUE, envName, findPlaceholders, isReservedEnvName, labelsToEnv, mask, placeholderNames, resolveValues, stripComments, substitute,
} from '../../../../src/core/run/variables';
import { HOSTILE, hasProgram, posixShells, runScript, show } from './corpus';

const SHELLS = posixShells();
const BASH = hasProgram('bash', ['-c', 'exit 0']);

/** `style:name=text as written:context` for each placeholder. */
const brief = (command: string, known: string[] = [], shell: 'posix' | 'powershell' = 'posix') =>
  findPlaceholders(command, new Set(known), shell).map((p) => `${p.style}:${p.name}=${command.slice(p.start, p.end)}:${p.context.kind}`);

describe('findPlaceholders', () => {
  it('finds {{name}}, {{ $labels.name }} and {{ .Labels.name }}', () => {
    const c = 'kubectl -n {{namespace}} logs {{ $labels.pod }} -c {{ .Labels.container }} --tail={{ lines }}';
    assert.deepEqual(brief(c), [
      'mustache:namespace={{namespace}}:bare', '$labels:pod={{ $labels.pod }}:bare', '.Labels:container={{ .Labels.container }}:bare',
      'mustache:lines={{ lines }}:bare',
    ]);
  });

  it('finds <name> only for known names, case-insensitively', () => {
    assert.deepEqual(brief('kubectl -n <namespace> get pod <POD> <other>', ['namespace', 'pod']), ['angle:namespace=<namespace>:bare', 'angle:pod=<POD>:bare']);
    assert.deepEqual(brief('kubectl -n <namespace>'), [], 'unknown: not a placeholder');
  });

  it('never takes here-documents, process substitution, redirections or HTML for angle placeholders', () => {
    const known = ['EOF', 'eof', 'cmd', 'file', 'br', 'out', 'in'];
    for (const c of ['cat <<EOF\nx\nEOF', 'cat <<-EOF\nx\nEOF', 'cat <<eof>x\nx\neof', 'diff <(cmd) <(cmd)', 'cmd 2>&1 >out <file',
      'cmd <file >out', 'cmd >>out', 'cmd &>out', 'echo a<b', 'echo "<b>bold</b>"', 'x <in>']) {
      const found = brief(c, known);
      // `<in>` is the one real angle placeholder here; <br>-like tags are only placeholders when declared
      assert.deepEqual(found, c === 'x <in>' ? ['angle:in=<in>:bare'] : [], c);
    }
    assert.deepEqual(brief('echo "<b>bold</b>"', ['b']), ['angle:b=<b>:double'], 'a declared name is a placeholder even in HTML');
  });

  it('finds $NAME and ${NAME} for known names where the shell expands them', () => {
    assert.deepEqual(brief('kubectl -n $NAMESPACE get pod "${POD}" $HOME $UNKNOWN', ['namespace', 'pod']), [
      'env:namespace=$NAMESPACE:bare', 'env:pod=${POD}:bare',
    ]);
    assert.deepEqual(brief(`echo '$NAMESPACE' # $NAMESPACE`, ['namespace']), [], 'not in single quotes nor comments');
    assert.deepEqual(brief('cat <<EOF\n$NAMESPACE\nEOF\ncat <<\'EOF\'\n$NAMESPACE\nEOF', ['namespace']), ['env:namespace=$NAMESPACE:bare'], 'only in an unquoted here-document');
    assert.deepEqual(brief('kubectl -n $NAMESPACE', ['path', 'home']), []);
    assert.deepEqual(brief('echo $PATH', ['path']), [], 'a reserved variable is never a placeholder');
  });

  it('finds $env:NAME and ${env:NAME} in PowerShell', () => {
    assert.deepEqual(brief('kubectl -n $env:NAMESPACE get pod "${env:pod}" $env:Path', ['namespace', 'pod', 'path'], 'powershell'), [
      'env:namespace=$env:NAMESPACE:bare', 'env:pod=${env:pod}:bare',
    ]);
  });

  it('tells the quoting context of each placeholder', () => {
    const c = `a {{b}} '{{s}}' "{{d}}" $'{{x}}' "$( {{c}} )" # {{k}}\ncat <<E\n{{h}}\nE\ncat <<'E'\n{{l}}\nE\necho $(( {{n}} )) \`{{t}}\` \${x:-{{p}}} \\{{e}}`;
    const kinds = findPlaceholders(c, new Set(), 'posix').map((p) => `${p.name}:${p.context.kind}`);
    // A quoted-delimiter here-document is `evaluated`: nothing can refer to a value there, it is spliced in.
    assert.deepEqual(kinds, ['b:bare', 's:single', 'd:double', 'x:ansi', 'c:bare', 'k:comment', 'h:heredoc', 'l:evaluated', 'n:arithmetic', 't:backtick', 'p:braced', 'e:escaped']);
    const heredocs = findPlaceholders(c, new Set(), 'posix').filter((p) => p.context.kind === 'heredoc' || p.context.kind === 'evaluated').map((p) => p.context);
    assert.deepEqual(heredocs, [
      { kind: 'heredoc', delimiter: 'E', literal: false, stripTabs: false },
      { kind: 'evaluated', within: { kind: 'heredoc', delimiter: 'E', literal: true, stripTabs: false } },
    ]);
  });

  it('knows where bash evaluates arithmetic, and where programs read text as code (issue 12, items 3 and 4)', () => {
    const kind = (c: string) => findPlaceholders(c, new Set(), 'posix').map((p) => p.context.kind + (p.context.kind === 'evaluated' ? `/${p.context.within.kind}` : ''));
    for (const c of ['[[ {{v}} -eq 1 ]]', '[[ 1 -lt {{v}} ]]', '(( {{v}} > 5 ))', 'let x={{v}}', 'arr[{{v}}]=1', 'echo $[ {{v}} + 1 ]', 'declare -i n={{v}}',
      'typeset -i n={{v}}', 'echo ${a[{{v}}]}', 'echo ${x:{{v}}:2}', '[ {{v}} -gt 0 ]', 'echo $(( {{v}} ))']) {
      assert.deepEqual(kind(c), ['arithmetic'], c);
    }
    for (const [c, within] of [[`eval "echo {{v}}"`, 'double'], [`sh -c 'echo {{v}}'`, 'single'], ['ssh host ls {{v}}', 'bare'], ['kubectl exec p -- sh -c "ls {{v}}"', 'double'],
      ['echo {{v}} | bash', 'bare'], ['xargs sh -c {{v}}', 'bare'], ['source {{v}}', 'bare'], ['. {{v}}', 'bare'], [`trap 'echo {{v}}' EXIT`, 'single'], ['bash <<EOF\necho {{v}}\nEOF', 'heredoc'],
      ['read {{v}}', 'bare'], ['unset {{v}}', 'bare'], ['printf -v {{v}} x', 'bare'], ['[[ -v {{v}} ]]', 'bare'], ['sudo sh -c {{v}}', 'bare']] as const) {
      assert.deepEqual(kind(c), [`evaluated/${within}`], c);
    }
    for (const c of ['printf %s {{v}}', 'kubectl logs {{v}} | grep x', 'echo {{v}} > out', '[[ {{v}} == x ]]', 'x={{v}}', 'case {{v}} in a) echo;; esac', 'arr=({{v}})',
      'kubectl get node {{v}} -o wide', "kubectl get pods -n {{v}} | awk '{print $1}'", "kubectl describe node {{v}} | sed -n '/C:/,/A:/p'", 'grep sh {{v}}']) {
      assert.deepEqual(kind(c), ['bare'], c);
    }
    // The case pattern's `)` does not close `$(`; `<<` in arithmetic is no here-document.
    assert.deepEqual(kind(`echo "$(case a in a) printf '%s' {{v}};; esac)" {{v}}`), ['bare', 'bare']);
    assert.deepEqual(kind('(( x = 1 << 2 ))\necho {{v}}'), ['bare']);
    assert.deepEqual(kind('echo $[1<<2]\necho {{v}}'), ['bare']);
    assert.deepEqual(kind('echo ${{{v}}} ${!{{v}}}').length, 2);
    assert.ok(findPlaceholders('echo ${!{{v}}}', new Set(), 'posix').every((p) => p.context.kind === 'braced' && p.context.name));
  });

  it('keeps a placeholder\'s own characters out of the syntax ({{ $labels.x }} is not a $ expansion, <x> not a redirection)', () => {
    assert.deepEqual(brief(`echo '{{ $labels.a }}' "<b>" <b>`, ['b']), ['$labels:a={{ $labels.a }}:single', 'angle:b=<b>:double', 'angle:b=<b>:bare']);
  });

  it('placeholderNames lists each name once, in order of first use', () => {
    assert.deepEqual(placeholderNames(findPlaceholders('{{b}} {{a}} {{ $labels.b }} <c> $D', new Set(['c', 'd']))), ['b', 'a', 'c', 'd']);
  });
});

describe('resolveValues', () => {
  it('takes labels first, then the session, then defaults; lists the missing in the order asked', () => {
    const r = resolveValues(['ns', 'pod', 'lines', 'host', 'ns', 'empty'], {
      labels: { ns: 'from-label', empty: '' },
      session: { ns: 'from-session', pod: 'from-session', lines: 'from-session' },
      defaults: { ns: 'd', pod: 'd', lines: '100', other: 'x' },
    });
    assert.deepEqual(r.values, { ns: 'from-label', pod: 'from-session', lines: 'from-session', empty: '' });
    assert.deepEqual(r.from, { ns: 'labels', pod: 'session', lines: 'session', empty: 'labels' });
    assert.deepEqual(r.missing, ['host']);
  });

  it('uses defaults last and tolerates absent sources', () => {
    assert.deepEqual(resolveValues(['lines'], { defaults: { lines: '100' } }), { values: { lines: '100' }, missing: [], from: { lines: 'defaults' } });
    assert.deepEqual(resolveValues(['x'], {}), { values: {}, missing: ['x'], from: {} });
    assert.deepEqual(resolveValues(['constructor', 'toString'], { labels: {} }).missing, ['constructor', 'toString'], 'no prototype keys');
  });
});

describe('envName and labelsToEnv', () => {
  it('upper-cases and turns other characters into _', () => {
    assert.equal(envName('namespace'), 'NAMESPACE');
    assert.equal(envName('k8s-app'), 'K8S_APP');
    assert.equal(envName('app.kubernetes.io/name'), 'APP_KUBERNETES_IO_NAME');
    assert.equal(envName('1st'), '_1ST');
  });

  it('never sets variables that change how the shell or its programs behave', () => {
    for (const n of ['path', 'Home', 'ifs', 'ld_preload', 'bash_env', 'kubeconfig', 'aws_profile', 'http_proxy', 'lc_all', 'ps4', 'pgpassword']) {
      assert.equal(envName(n), undefined, n);
    }
    assert.ok(isReservedEnvName('DYLD_INSERT_LIBRARIES'));
    assert.ok(!isReservedEnvName('NAMESPACE'));
  });

  it('exports labels under their names, leaving out reserved ones and NULs; the first of two clashing names wins', () => {
    assert.deepEqual(labelsToEnv({ namespace: 'payments', pod: 'api-1', path: '/evil', 'k8s-app': 'x', k8s_app: 'y', bad: 'a\0b' }), {
      NAMESPACE: 'payments', POD: 'api-1', K8S_APP: 'x',
    });
  });

  it('delivers hostile values through the environment intact', () => {
    const values: Record<string, string> = {};
    HOSTILE.forEach((v, n) => (values[`v${n}`] = v));
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...labelsToEnv(values) };
    const script = HOSTILE.map((_, n) => `printf '%s' "$V${n}"\nprintf '\\000'\n`).join('');
    for (const shell of SHELLS) {
      const out = runScript(shell, script, env).stdout.toString('utf8').split('\0');
      HOSTILE.forEach((v, n) => assert.equal(out[n], v, `${shell} ${show(v)}`));
    }
  });
});

describe('substitute (POSIX)', () => {
  it('refers to values by where they stand, and assigns them once, single-quoted, on a leading line', () => {
    const v = { v: "it's" };
    const line = `RUNBOOK_V_v='it'\\''s'\n`;
    assert.equal(substitute('echo {{v}}', v, 'posix'), `${line}echo "\${RUNBOOK_V_v}"`);
    assert.equal(substitute(`echo '{{v}}'`, v, 'posix'), `${line}echo ''"\${RUNBOOK_V_v}"''`, 'close, refer, reopen');
    assert.equal(substitute('echo "a {{v}} b"', v, 'posix'), `${line}echo "a \${RUNBOOK_V_v} b"`);
    assert.equal(substitute(`echo $'{{v}}'`, v, 'posix'), `${line}echo $''"\${RUNBOOK_V_v}"$''`);
    assert.equal(substitute('echo a{{v}}b', v, 'posix'), `${line}echo a"\${RUNBOOK_V_v}"b`);
    assert.equal(substitute('echo ${x:-{{v}}} "${x:-{{v}}}"', v, 'posix'), `${line}echo \${x:-"\${RUNBOOK_V_v}"} "\${x:-\${RUNBOOK_V_v}}"`);
    assert.equal(substitute('echo `echo {{v}}`', v, 'posix'), `${line}echo \`echo "\${RUNBOOK_V_v}"\``);
    assert.equal(substitute('echo {{v}} # {{v}}', { v: 'a\nb' }, 'posix'), `RUNBOOK_V_v='a\nb'\necho "\${RUNBOOK_V_v}"`, 'comments go');
    assert.equal(substitute('# check the pod\'s logs\necho {{v}}', v, 'posix'), `${line}echo "\${RUNBOOK_V_v}"`, 'a comment line goes, so interactive zsh never reads it');
    assert.equal(substitute('cat <<EOF\n{{v}}\nEOF', { v: '$x\nEOF' }, 'posix'), `RUNBOOK_V_v='$x\nEOF'\ncat <<EOF\n\${RUNBOOK_V_v}\nEOF`, 'an expansion never ends a here-document');
    assert.equal(substitute(`cat <<'EOF'\n{{v}}\nEOF`, { v: 'plain' }, 'posix'), `cat <<'EOF'\nplain\nEOF`, 'plain values are spliced where nothing can refer to them');
    assert.equal(substitute('echo $(( {{n}} + 1 ))', { n: '-41' }, 'posix'), 'echo $(( -41 + 1 ))');
    assert.equal(substitute('echo {{a}} {{b}} {{a}}', { a: 'x', b: '' }, 'posix'), `RUNBOOK_V_a='x' RUNBOOK_V_b=''\necho "\${RUNBOOK_V_a}" "\${RUNBOOK_V_b}" "\${RUNBOOK_V_a}"`);
    assert.equal(substitute('echo $NS', {}, 'posix', [], { NS: "a'b" }), `export NS='a'\\''b'\necho $NS`, 'exports go on the same leading line');
    assert.equal(substitute('echo plain', {}, 'posix'), 'echo plain', 'nothing to assign: no leading line');
  });

  it('strips comments, keeping what a line continuation joins', () => {
    assert.equal(stripComments('#!/bin/sh\n# a\necho a # b\n  # c\necho "#d" e#f ${#x}'), 'echo a\necho "#d" e#f ${#x}');
    assert.equal(stripComments('echo a \\\n# b\necho c'), 'echo a \\\n\necho c');
    assert.equal(stripComments('cat <<EOF\n# kept\nEOF'), 'cat <<EOF\n# kept\nEOF');
  });

  it('substitutes angle placeholders for the names it has values for (and `known` ones), and leaves $ENV ones', () => {
    assert.equal(substitute('kubectl -n <namespace> get <kind> $NAMESPACE 2>&1', { namespace: 'a b' }, 'posix'), `RUNBOOK_V_namespace='a b'\nkubectl -n "\${RUNBOOK_V_namespace}" get <kind> $NAMESPACE 2>&1`);
    assert.throws(() => substitute('kubectl get <kind>', {}, 'posix', ['kind']), MissingValuesError);
  });

  it('throws MissingValuesError naming every placeholder without a value', () => {
    assert.throws(() => substitute('{{a}} {{ $labels.b }} {{a}} {{c}}', { c: '' }, 'posix'), (e: unknown) => {
      assert.ok(e instanceof MissingValuesError);
      assert.deepEqual(e.names, ['a', 'b']);
      assert.equal(e.message, `no value for 'a', 'b'`);
      return true;
    });
  });

  it('refuses places where no quoting is safe, naming the variable and the place', () => {
    const cases: [string, RegExp][] = [
      ['echo \\{{v}}', /right after an escaping backslash/],
      ['echo "\\{{v}}"', /right after an escaping backslash/],
      ['echo ${!{{v}}}', /as the name of a \$\{ … \} expansion/],
      ['echo $(( {{v}} + 1 ))', /evaluates arithmetic.*only an integer.*\(\{\{v\}\}\)/],
      ['[[ {{v}} -eq 1 ]]', /only an integer/],
      ["cat <<'EOF'\n{{v}}\nEOF", /reads it again as code.*the value has "\\n"/],
      ["sh -c 'echo {{v}}'", /reads it again as code/],
    ];
    for (const [command, message] of cases) {
      assert.throws(() => substitute(command, { v: 'x\nEOF' }, 'posix'), (e: unknown) => e instanceof QuoteError && message.test(e.message), command);
    }
    assert.throws(() => substitute("cat <<'EOF'\n{{v}}\nEOF", { v: 'EOF' }, 'posix'), /the line would end it \(EOF\)/);
  });

  /** Each template is run with each hostile value; `expect` gives the output it must print. */
  const CONTEXTS: { name: string; template: string; expect: (v: string) => string; shells?: string[]; refused?: (v: string) => boolean }[] = [
    { name: 'bare word', template: `printf '%s' {{v}}`, expect: (v) => v },
    { name: 'glued to text', template: `printf '%s' x{{v}}y{{v}}`, expect: (v) => `x${v}y${v}` },
    { name: "inside '…'", template: `printf '%s' '<{{v}}>'`, expect: (v) => `<${v}>` },
    { name: 'inside "…"', template: `printf '%s' "<{{v}}>"`, expect: (v) => `<${v}>` },
    { name: '"…" and \'…\' side by side', template: `printf '%s' "a{{v}}b"'c{{v}}d'{{v}}`, expect: (v) => `a${v}bc${v}d${v}` },
    { name: 'inside "$( … )"', template: `printf '%s' "$(printf '%s' {{v}})"`, expect: (v) => v.replace(/\n+$/, '') },
    { name: 'inside "…$( "…" )…"', template: `printf '%s' "[$(printf '%s' "{{v}}")]"`, expect: (v) => `[${v.replace(/\n+$/, '')}]` },
    { name: 'assigned, then "$x"', template: `x={{v}}; printf '%s' "$x"`, expect: (v) => v },
    { name: 'in a here-document', template: `cat <<RUNBOOK_EOF\n<{{v}}>\nRUNBOOK_EOF`, expect: (v) => `<${v}>\n` },
    { name: "in a <<'…' here-document", template: `cat <<'RUNBOOK_EOF'\n{{v}}\nRUNBOOK_EOF`, expect: (v) => `${v}\n`, refused: (v) => !PLAIN_VALUE.test(v) },
    { name: 'in a <<- here-document', template: `cat <<-RUNBOOK_EOF\n\t<{{v}}>\n\tRUNBOOK_EOF`, expect: (v) => `<${v}>\n` },
    { name: 'in a comment', template: `# {{v}} ; echo bad\nprintf '%s' ok`, expect: () => 'ok' },
    { name: 'inside ${x:-…}', template: `printf '%s' "\${RUNBOOK_UNSET:-{{v}}}"`, expect: (v) => v },
    { name: 'in `…`', template: `x=\`printf '%s' {{v}}\`; printf '%s' "$x"`, expect: (v) => v.replace(/\n+$/, '') },
    { name: "in bash's $'…'", template: `printf '%s' $'<{{v}}>'`, expect: (v) => `<${v}>`, shells: BASH ? ['bash'] : [] },
  ];

  for (const ctx of CONTEXTS) {
    it(`delivers every hostile value byte for byte: ${ctx.name}`, () => {
      const values = HOSTILE.filter((v) => {
        if (ctx.refused?.(v)) {
          assert.throws(() => substitute(ctx.template, { v }, 'posix'), QuoteError, show(v));
          return false;
        }
        return true;
      });
      const script = values.map((v) => `${substitute(ctx.template, { v }, 'posix')}\nprintf '\\000'\n`).join('');
      for (const shell of ctx.shells ?? SHELLS) {
        const r = runScript(shell, script);
        assert.equal(r.status, 0, `${shell}: ${r.stderr}`);
        const outputs = r.stdout.toString('utf8').split('\0');
        assert.equal(outputs.length, values.length + 1, shell);
        values.forEach((v, n) => assert.equal(outputs[n], ctx.expect(v), `${shell}, ${ctx.name}: ${show(v)}`));
      }
    });
  }
});

describe('substitute (PowerShell)', () => {
  it('quotes values by where they stand', () => {
    const v = { v: `it's "$x" \`n ‘q’ “d”` };
    assert.equal(substitute('Write-Output {{v}}', v, 'powershell'), `Write-Output 'it''s "$x" \`n ‘‘q’’ “d”'`);
    assert.equal(substitute(`Write-Output '{{v}}'`, v, 'powershell'), `Write-Output 'it''s "$x" \`n ‘‘q’’ “d”'`);
    assert.equal(substitute('Write-Output "{{v}}"', v, 'powershell'), 'Write-Output "it\'s `"`$x`" ``n ‘q’ `“d`”"');
    assert.equal(substitute('kubectl --namespace={{v}} get pods', { v: 'a b' }, 'powershell'), `kubectl --namespace='a b' get pods`);
    assert.equal(substitute('$ns = {{v}}; Get-Pod -Namespace $ns', { v: 'x' }, 'powershell'), `$ns = 'x'; Get-Pod -Namespace $ns`);
    assert.equal(substitute("@'\n{{v}}\n'@", { v: '$x `y`' }, 'powershell'), "@'\n$x `y`\n'@");
    assert.equal(substitute('@"\n{{v}}\n"@', { v: '$x `y`' }, 'powershell'), '@"\n`$x ``y``\n"@');
    assert.equal(substitute('Get-X # {{v}}', { v: 'a\nb' }, 'powershell'), 'Get-X # a b');
    assert.equal(substitute('<# {{v}} #>', { v: 'a #> b' }, 'powershell'), '<# a # > b #>');
    assert.equal(substitute('Get-X $({{v}})', { v: 'x' }, 'powershell'), `Get-X $('x')`);
  });

  it('refuses placements where the quoted value would not stay one argument', () => {
    const cases: [string, RegExp][] = [
      ['Get-Item {{v}}.txt', /start of a PowerShell word that goes on after it/],
      ['Get-Item {{v}}{{v}}', /before another quoted string or placeholder/],
      [`Get-Item 'x'{{v}}`, /right after a quoted string/],
      [`Get-Item {{v}}'x'`, /before another quoted string/],
      ['Get-Item $x{{v}}', /inside a PowerShell word that is an expression/],
      ['Get-Item "a`{{v}}"', /right after an escaping backtick/],
      ['icacls --% {{v}}', /after --%/],
      ['Get-Item ${ {{v}} }', /inside \$\{ … \}/],
      ["@'\n{{v}}\n'@", /would end the here-string/],
    ];
    for (const [command, message] of cases) {
      assert.throws(() => substitute(command, { v: "x\n'@" }, 'powershell'), (e: unknown) => e instanceof QuoteError && message.test(e.message), command);
    }
  });
});

describe('mask', () => {
  it('masks secrets as they are and in every quoted form substitute produces', () => {
    const secret = `p'a"s$s\`w\\d`;
    const templates = ['PGPASSWORD={{s}} psql', `PGPASSWORD='{{s}}' psql`, 'psql "password={{s}}"', 'cat <<EOF\n{{s}}\nEOF', `echo $'{{s}}'`];
    for (const t of templates) {
      for (const shell of ['posix', 'powershell'] as const) {
        if (shell === 'powershell' && t.includes('$\'')) {
          continue;
        }
        const masked = mask(substitute(t, { s: secret }, shell), [secret]);
        assert.ok(masked.includes(MASK), `${shell} ${t}: ${masked}`);
        for (const piece of ['p\'', 'a"s', 's$s', 'w\\d', "'\\''a"]) {
          assert.ok(!masked.includes(piece), `${shell} ${t}: ${masked} leaks ${piece}`);
        }
      }
    }
  });

  it('keeps the quotes around a masked quoted value, and ignores empty secrets', () => {
    assert.equal(mask(`PGPASSWORD='s3cr'\\''et' psql -c "x"`, ["s3cr'et", '']), `PGPASSWORD='${MASK}' psql -c "x"`);
    assert.equal(mask('token=abc abc', ['abc']), `token=${MASK} ${MASK}`);
    assert.equal(mask('nothing secret', []), 'nothing secret');
  });
});

describe('Go-template arguments', () => {
  it('are not placeholders for the runner either (lint and the runner agree)', () => {
    const command = "oc get pods -n {{namespace}} --template='{{range .items}}{{name}}{{\"\\n\"}}{{end}}' -o go-template={{pod}}";
    assert.deepEqual(findPlaceholders(command, new Set(['namespace', 'name', 'pod'])).map((p) => p.name), ['namespace']);
  });
});
