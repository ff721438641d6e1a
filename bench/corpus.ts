// A deterministic synthetic runbook corpus for the benchmark: seeded PRNG (never Math.random), laid out like a real
// monorepo (`services/<svc>/runbooks/**/*.md`), written once under os.tmpdir() and reused while the marker matches.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Bump when the generator's output changes, so stale corpora are regenerated. */
export const CORPUS_VERSION = 3;
const PREFIX = 'incident-runbooks-bench-';
const MARKER = '.bench-corpus.json';
export const MIN_BYTES = 2 * 1024;
export const MAX_BYTES = 20 * 1024;

export interface CorpusInfo {
  readonly version: number;
  readonly seed: number;
  readonly count: number;
  readonly root: string;
  readonly bytes: number;
  readonly minBytes: number;
  readonly maxBytes: number;
  /** Every alert name and glob written, for lookups. */
  readonly alerts: readonly string[];
  /** Time spent generating in this run (0 when reused). */
  readonly generatedMs: number;
}

/** mulberry32: small, fast, good enough for test data. */
export class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  some<T>(xs: readonly T[], min: number, max: number): T[] {
    const pool = [...xs];
    const out: T[] = [];
    for (let n = this.int(min, Math.min(max, pool.length)); n > 0; n--) {
      out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    }
    return out;
  }
}

export function corpusDir(seed: number, count: number): string {
  return path.join(os.tmpdir(), `${PREFIX}v${CORPUS_VERSION}-s${seed}-n${count}`);
}

/** Remove every benchmark corpus (any version, seed or size); returns the directories removed. */
export function cleanCorpora(): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(os.tmpdir())) {
    if (name.startsWith(PREFIX)) {
      rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
      removed.push(path.join(os.tmpdir(), name));
    }
  }
  return removed;
}

/** The corpus for (seed, count): reused when its marker matches, else (re)generated. The marker is written last. */
export function ensureCorpus(seed: number, count: number): CorpusInfo {
  const root = corpusDir(seed, count);
  const marker = path.join(root, MARKER);
  if (existsSync(marker)) {
    try {
      const info = JSON.parse(readFileSync(marker, 'utf8')) as CorpusInfo;
      if (info.version === CORPUS_VERSION && info.seed === seed && info.count === count) {
        return { ...info, root, generatedMs: 0 };
      }
    } catch {
      // corrupt marker: regenerate
    }
  }
  const t0 = performance.now();
  rmSync(root, { recursive: true, force: true });
  const rng = new Rng(seed);
  const alerts = new Set<string>();
  let bytes = 0;
  let minBytes = Infinity;
  let maxBytes = 0;
  const write = (rel: string, text: string) => {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  for (let i = 0; i < count; i++) {
    const doc = runbook(rng, i);
    doc.alerts.forEach((a) => alerts.add(a));
    const size = Buffer.byteLength(doc.text);
    bytes += size;
    minBytes = Math.min(minBytes, size);
    maxBytes = Math.max(maxBytes, size);
    write(doc.rel, doc.text);
  }
  // Things a real repo has that are not runbooks: discovery must walk past or skip them.
  for (const svc of SERVICES) {
    write(`services/${svc}/README.md`, `# ${svc}\n\nSee [runbooks](runbooks/).\n`);
    write(`services/${svc}/src/main.go`, 'package main\n\nfunc main() {}\n');
    write(`services/${svc}/runbooks/_index.md`, `---\ntitle: ${svc}\n---\n`);
  }
  write('node_modules/some-package/runbooks/not-ours.md', '# not ours\n');
  write('README.md', '# Synthetic runbook corpus for `npm run bench`\n');
  // For the optional markdownlint-cli2 comparison: most prose lines are longer than 80 characters (as in many repos),
  // and half a million MD013 (line length) reports would time its report formatter rather than its parsing.
  write('.markdownlint.jsonc', '{ "MD013": false }\n');
  const info: CorpusInfo = { version: CORPUS_VERSION, seed, count, root, bytes, minBytes, maxBytes, alerts: [...alerts].sort(), generatedMs: 0 };
  writeFileSync(marker, JSON.stringify(info));
  return { ...info, generatedMs: performance.now() - t0 };
}

// ---- content ----

export const SERVICES: readonly string[] = [
  'checkout-api', 'payments', 'search-api', 'auth', 'user-profile', 'inventory', 'orders', 'shipping', 'notifications',
  'email-sender', 'billing', 'ledger', 'fraud-detection', 'recommendations', 'catalog', 'pricing', 'cart', 'gateway',
  'edge-proxy', 'cdn-purger', 'image-resizer', 'video-transcoder', 'analytics-ingest', 'events-pipeline', 'kafka',
  'postgres-main', 'redis-cache', 'elasticsearch', 'scheduler', 'batch-jobs', 'feature-flags', 'config-service',
  'identity', 'sso', 'audit-log', 'reporting', 'warehouse-etl', 'ml-serving', 'chat', 'webhooks',
];

const SYMPTOMS: readonly (readonly [alert: string, title: string])[] = [
  ['HighErrorRate', 'High error rate'], ['HighLatency', 'High request latency'], ['PodCrashLooping', 'Pods crash looping'],
  ['PodNotReady', 'Pods not ready'], ['DiskAlmostFull', 'Disk almost full'], ['MemoryPressure', 'Memory pressure'],
  ['CPUThrottling', 'CPU throttling'], ['CertificateExpiry', 'Certificate about to expire'], ['ReplicationLag', 'Replication lag'],
  ['QueueBacklog', 'Queue backlog growing'], ['ConnectionPoolExhausted', 'Connection pool exhausted'], ['Down', 'Service down'],
  ['TooManyRestarts', 'Too many restarts'], ['OOMKilled', 'Containers OOM killed'], ['HPAMaxedOut', 'Autoscaler at maximum'],
  ['RolloutStuck', 'Deployment rollout stuck'], ['JobFailed', 'Batch job failed'], ['CronJobMissed', 'Cron job missed its schedule'],
  ['SLOBurnRateFast', 'Fast SLO burn'], ['SLOBurnRateSlow', 'Slow SLO burn'], ['5xxSpike', '5xx spike'],
  ['DNSFailures', 'DNS resolution failures'], ['TLSHandshakeErrors', 'TLS handshake errors'], ['UpstreamTimeouts', 'Upstream timeouts'],
  ['CacheHitRateLow', 'Cache hit rate low'], ['DeadLetterQueueGrowing', 'Dead letter queue growing'], ['ConsumerLagHigh', 'Consumer lag high'],
  ['NodeNotReady', 'Node not ready'], ['VolumeFull', 'Persistent volume full'], ['BackupFailed', 'Backup failed'],
];

const TEAMS = ['platform', 'payments', 'search', 'identity', 'data', 'storefront', 'infra', 'messaging', 'ml', 'growth', 'sre', 'edge'];
const SEVERITIES = ['critical', 'critical', 'high', 'warning', 'warning', 'warning', 'low', 'info'];
const TAGS = ['kubernetes', 'http', 'latency', 'slo', 'database', 'postgres', 'kafka', 'redis', 'storage', 'network', 'tls', 'dns',
  'cpu', 'memory', 'queue', 'batch', 'cron', 'aws', 'gcp', 'customer-facing', 'internal', 'security', 'cost', 'capacity'];
const AREAS = ['', '', '', '', 'k8s', 'legacy', 'database', 'edge/eu'];
const WORDS = ('the service pod replica request error latency budget traffic deploy rollout node cluster queue consumer ' +
  'dashboard alert threshold window metric label tail percentile upstream dependency cache connection pool timeout retry ' +
  'backoff region zone customer incident page on-call escalation mitigation rollback canary config flag capacity limit ' +
  'usually often sometimes first then check confirm compare watch scale restart drain cordon quickly carefully').split(' ');
const SHELL = [
  'kubectl -n {{namespace}} get pods -l app.kubernetes.io/name={{service}} -o wide',
  'kubectl -n {{namespace}} describe pod {{ $labels.pod }} | tail -40',
  'kubectl -n {{namespace}} logs {{ $labels.pod }} --since=15m | grep -iE "error|panic" | tail -50',
  'kubectl -n {{namespace}} top pods -l app.kubernetes.io/name={{service}} --sort-by=cpu',
  "curl -sG '{{prometheus_url}}/api/v1/query' --data-urlencode 'query=sum(rate(http_requests_total{namespace=\"{{namespace}}\"}[5m]))' | jq .",
  'kubectl -n {{namespace}} get events --sort-by=.lastTimestamp | tail -20',
  'kubectl -n {{namespace}} rollout history deployment/{{service}} | tail -5',
  'kubectl get nodes -o wide | grep -v " Ready"',
  'df -h | sort -k5 -rn | head',
  'psql "$DATABASE_URL" -c "select now() - pg_last_xact_replay_timestamp() as lag;"',
  'kafka-consumer-groups --bootstrap-server {{ $labels.broker }} --describe --group {{service}}',
  'openssl s_client -connect {{service}}.{{namespace}}.svc:443 </dev/null 2>/dev/null | openssl x509 -noout -enddate',
];
const DESTRUCTIVE = [
  'kubectl -n {{namespace}} rollout undo deployment/{{service}}',
  'kubectl -n {{namespace}} delete pod {{ $labels.pod }}',
  'kubectl -n {{namespace}} scale deployment/{{service}} --replicas={{replicas}}',
  'kubectl cordon {{ $labels.node }} && kubectl drain {{ $labels.node }} --ignore-daemonsets --delete-emptydir-data',
  'kubectl -n {{namespace}} patch hpa {{service}} -p \'{"spec":{"minReplicas":{{replicas}}}}\'',
];
const OTHER_FENCES: readonly (readonly [string, string])[] = [
  ['promql', 'histogram_quantile(0.99,\n  sum by (namespace, service, le) (rate(http_request_duration_seconds_bucket[5m]))) > 1'],
  ['yaml', 'resources:\n  requests:\n    cpu: 500m\n    memory: 512Mi\n  limits:\n    memory: 1Gi'],
  ['json', '{ "level": "error", "msg": "upstream timeout", "upstream": "payments", "duration_ms": 5003 }'],
  ['text', 'Error: connection refused (ECONNREFUSED) 10.0.3.17:5432\n    at TCPConnectWrap.afterConnect'],
  ['', 'kubectl get pods  # an unlabelled block is not a step'],
];

const camel = (s: string) => s.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const human = (s: string) => s.split('-').map((w) => (w.length <= 3 ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1))).join(' ');

function sentence(rng: Rng, svc: string): string {
  const words: string[] = [];
  for (let n = rng.int(8, 18); n > 0; n--) {
    words.push(rng.pick(WORDS));
  }
  const r = rng.next();
  if (r < 0.12) {
    words.splice(rng.int(1, words.length - 1), 0, `[the ${rng.pick(WORDS)} runbook](../${rng.pick(SYMPTOMS)[0].toLowerCase()}.md)`);
  } else if (r < 0.2) {
    words.splice(rng.int(1, words.length - 1), 0, `[dashboard](https://grafana.example.com/d/${svc}/overview?var-namespace=${svc})`);
  } else if (r < 0.26) {
    words.splice(rng.int(1, words.length - 1), 0, `\`kubectl -n ${svc} get pods\``);
  } else if (r < 0.3) {
    words.splice(rng.int(1, words.length - 1), 0, '**do not** restart everything at once →');
  } else if (r < 0.32) {
    words.push('<https://status.example.com>');
  }
  const s = words.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}

function paragraph(rng: Rng, svc: string, short = false): string {
  const out: string[] = [];
  for (let n = short ? 1 : rng.int(2, 5); n > 0; n--) {
    out.push(sentence(rng, svc));
  }
  return out.join(rng.chance(0.5) ? '\n' : ' ');
}

function step(rng: Rng, n: number, svc: string, destructive: boolean): string {
  const lang = rng.pick(['sh', 'sh', 'sh', 'bash', 'shell', 'zsh']);
  const id = `${rng.pick(['check', 'show', 'inspect', 'compare', 'find', 'fix', 'restart', 'scale'])}-${svc}-${n}`;
  const info = rng.chance(0.1) ? `${lang} {#${id}${destructive ? ' .destructive' : ''}}`
    : rng.chance(0.1) && !destructive ? lang // no id: gets step-N
      : `${lang} {id=${id}${destructive ? ' destructive' : ''}}`;
  const lines: string[] = [];
  for (let k = rng.int(1, 4); k > 0; k--) {
    lines.push(rng.pick(destructive ? DESTRUCTIVE : SHELL));
  }
  return `${n}. ${sentence(rng, svc)}\n\n   \`\`\`${info}\n${lines.map((l) => `   ${l}`).join('\n')}\n   \`\`\``;
}

function runbook(rng: Rng, i: number): { rel: string; text: string; alerts: string[] } {
  const svc = rng.pick(SERVICES);
  const [symptomAlert, symptomTitle] = rng.pick(SYMPTOMS);
  const target = rng.int(MIN_BYTES, MAX_BYTES);
  const title = `${human(svc)}: ${symptomTitle}${rng.chance(0.2) ? rng.pick([' (EU region)', ' during deploys', ' on batch nodes']) : ''}`;

  const alerts = [`${camel(svc)}${symptomAlert}`];
  if (rng.chance(0.3)) {
    alerts.push(`${camel(svc)}${rng.pick(SYMPTOMS)[0]}`);
  }
  if (rng.chance(0.1)) {
    alerts.push(`Kube${symptomAlert}`);
  }
  if (rng.chance(0.15)) {
    alerts.push(rng.pick([`${camel(svc)}*`, `${camel(svc)}High*`, `Kube*${symptomAlert}`, `*${symptomAlert}`, `${camel(svc)}?${symptomAlert.slice(1)}`]));
  }
  const uniqueAlerts = [...new Set(alerts)];

  const fm: string[] = ['---', `title: ${JSON.stringify(title)}`, 'alerts:', ...uniqueAlerts.map((a) => `  - ${/[*?]/.test(a) ? `"${a}"` : a}`)];
  fm.push(`service: ${svc}`, `owner: "@example-org/${rng.pick(TEAMS)}-oncall"`, `severity: ${rng.pick(SEVERITIES)}`);
  const tags = rng.some(TAGS, 1, 5);
  fm.push(...(rng.chance(0.5) ? [`tags: [${tags.join(', ')}]`] : ['tags:', ...tags.map((t) => `  - ${t}`)]));
  fm.push(`last_reviewed: ${rng.int(2024, 2026)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`);
  fm.push(`review_every: ${rng.pick(['30d', '90d', '90d', '180d'])}`, 'variables:');
  fm.push('  namespace:', '    description: Kubernetes namespace (alert label `namespace`)', `    default: ${svc}`);
  fm.push(`  service: Service name, as in the Deployment`, '  prometheus_url:', '    default: http://localhost:9090');
  if (rng.chance(0.5)) {
    fm.push('  replicas:', '    description: Replica count while the incident lasts', `    default: ${rng.int(3, 30)}`);
  }
  if (rng.chance(0.2)) {
    fm.push('  api_token:', '    description: Token for the admin API', '    secret: true');
  }
  fm.push('---');

  const short = target < 5000; // small files get one-sentence paragraphs and fewer extras
  const nSteps = short ? rng.int(3, 5) : rng.int(3, 15);
  const nDiag = Math.max(1, Math.round(nSteps * 0.6));
  const diag: string[] = [];
  const mitig: string[] = [];
  for (let k = 0; k < nSteps; k++) {
    const inDiag = k < nDiag;
    (inDiag ? diag : mitig).push(step(rng, (inDiag ? k : k - nDiag) + 1, svc, !inDiag && rng.chance(0.35)));
  }
  const fence = () => {
    const [lang, body] = rng.pick(OTHER_FENCES);
    return `\`\`\`${lang}\n${body}\n\`\`\``;
  };
  // Sections as lists of blocks; filler paragraphs are added round-robin until the file reaches its target size.
  const sections: string[][] = [
    [`# ${title}`, paragraph(rng, svc, short)],
    ['## Meaning', paragraph(rng, svc, short), ...(rng.chance(0.6) ? [fence()] : [])],
    ['## Impact', paragraph(rng, svc, short)],
    ['## Diagnosis', paragraph(rng, svc, short), diag.join('\n\n')],
    ['## Mitigation', paragraph(rng, svc, short), ...(mitig.length ? [mitig.join('\n\n')] : [])],
  ];
  for (const h of rng.some(['## Escalation', '## Background', '## Related alerts', '## Verification', '## Postmortems', '### Known false positives'], 1, short ? 1 : 4)) {
    sections.push([h, paragraph(rng, svc, short), ...(rng.chance(0.3) ? [fence()] : [])]);
  }
  const render = () => `${fm.join('\n')}\n\n${sections.map((s) => s.join('\n\n')).join('\n\n')}\n`;
  let size = render().length;
  for (let k = 1; size < target; k++) {
    const p = rng.chance(0.08) ? `### Note ${k}\n\n${paragraph(rng, svc)}` : paragraph(rng, svc);
    if (size + p.length + 64 > MAX_BYTES) {
      break; // a few non-ASCII characters (→) take 3 bytes: keep a margin
    }
    const s = sections[1 + (k % (sections.length - 1))];
    s.push(p);
    size += p.length + 2;
  }
  const area = rng.pick(AREAS);
  const rel = `services/${svc}/runbooks/${area ? `${area}/` : ''}${symptomAlert.toLowerCase()}-${String(i).padStart(5, '0')}.md`;
  return { rel, text: render(), alerts: uniqueAlerts };
}
