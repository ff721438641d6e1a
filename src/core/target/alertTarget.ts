// What an alert is about, from its labels: which label means which part of a target, and how a label value maps to
// the name the tools use (`cluster: prod-us` → context `gke_acme_us-east1_prod`). Configured by front matter
// `targets:` in the runbook (first), the `runbooks.targets` setting, then the defaults below.
import { cleanName } from './environment';
import { DIMENSIONS, type AlertTarget, type Dimension, type KubeTarget } from './model';

/** Per label: what it means and how its values map. The shorthand `{ "<label>": { "<value>": "<name>" } }` maps values of a label whose meaning is the default. */
export interface LabelTarget {
  readonly means: Dimension | 'none';
  readonly values: Readonly<Record<string, string>>;
}

export type TargetsConfig = ReadonlyMap<string, LabelTarget>;

/** Labels and what they mean when nothing says otherwise, strongest first for each meaning. */
export const DEFAULT_TARGET_LABELS: readonly (readonly [string, Dimension])[] = [
  ['cluster', 'kube.context'],
  ['namespace', 'kube.namespace'],
  ['aws_account_id', 'aws.account'],
  ['account', 'aws.account'],
  ['region', 'aws.region'],
  ['aws_profile', 'aws.profile'],
  ['project', 'gcloud.project'],
  ['project_id', 'gcloud.project'],
  ['subscription_id', 'azure.subscription'],
  ['subscription', 'azure.subscription'],
];

const MAX_LABELS = 64;
const MAX_VALUES = 1000;

/**
 * Read a `targets` value (front matter or setting), leniently: what is not understood is skipped and reported in
 * `problems`. Accepted per label: `{ means?: <dimension>|none, values?: { <value>: <name> } }` or a plain
 * `{ <value>: <name> }` map.
 */
export function readTargetsConfig(raw: unknown, where: string, problems: string[] = []): Map<string, LabelTarget> {
  const out = new Map<string, LabelTarget>();
  if (raw === undefined || raw === null) {
    return out;
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${where}: targets must be a mapping of label names`);
    return out;
  }
  for (const [label, spec] of Object.entries(raw as Record<string, unknown>).slice(0, MAX_LABELS)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(label)) {
      problems.push(`${where}: "${label.slice(0, 40)}" is not a label name`);
      continue;
    }
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
      problems.push(`${where}: targets.${label} must be a mapping`);
      continue;
    }
    const obj = spec as Record<string, unknown>;
    const full = Object.hasOwn(obj, 'means') || (Object.hasOwn(obj, 'values') && typeof obj.values === 'object');
    let means: Dimension | 'none' | undefined = defaultMeaning(label);
    if (full && Object.hasOwn(obj, 'means')) {
      if (obj.means === 'none' || DIMENSIONS.includes(obj.means as Dimension)) {
        means = obj.means as Dimension | 'none';
      } else {
        problems.push(`${where}: targets.${label}.means is one of ${DIMENSIONS.join(', ')}, none`);
        continue;
      }
    }
    if (!means) {
      problems.push(`${where}: targets.${label} needs "means" (one of ${DIMENSIONS.join(', ')})`);
      continue;
    }
    const map = full ? obj.values : obj;
    const values: Record<string, string> = {};
    if (map !== undefined && map !== null && typeof map === 'object' && !Array.isArray(map)) {
      for (const [k, v] of Object.entries(map as Record<string, unknown>).slice(0, MAX_VALUES)) {
        const name = cleanName(v);
        if (name) {
          Object.defineProperty(values, k, { value: name, enumerable: true });
        }
      }
    }
    out.set(label, { means, values });
  }
  return out;
}

function defaultMeaning(label: string): Dimension | undefined {
  return DEFAULT_TARGET_LABELS.find(([l]) => l === label)?.[1];
}

/**
 * The alert's target: for each dimension, the first label that means it — labels named by `configs` (in order: the
 * runbook's, then the setting's), then the default labels. A label configured `none` means nothing.
 */
export function alertTarget(labels: Readonly<Record<string, string>>, configs: readonly TargetsConfig[] = []): AlertTarget {
  const values: { [D in Dimension]?: { value: string; label: string; mapped?: string } } = {};
  const decided = new Set<string>();
  const take = (label: string, means: Dimension | 'none', map: Readonly<Record<string, string>>) => {
    if (decided.has(label)) {
      return;
    }
    decided.add(label);
    const value = Object.hasOwn(labels, label) ? cleanName(labels[label]) : undefined;
    if (means === 'none' || !value || values[means]) {
      return;
    }
    const mapped = Object.hasOwn(map, value) ? map[value] : undefined;
    values[means] = { value, label, ...(mapped ? { mapped } : {}) };
  };
  for (const config of configs) {
    for (const [label, spec] of config) {
      take(label, spec.means, spec.values);
    }
  }
  for (const [label, means] of DEFAULT_TARGET_LABELS) {
    take(label, means, {});
  }
  return { values };
}

/**
 * Whether a context is the alert's cluster: the mapped name exactly when there is one; otherwise the label value
 * equals the context's name or its cluster's name, or ends one of them after `_`, `/` or `:` (GKE
 * `gke_<project>_<zone>_<value>`, EKS `arn:…:cluster/<value>`).
 */
export function contextMatches(expected: { value: string; mapped?: string }, context: string, cluster?: string): boolean {
  if (expected.mapped) {
    return context === expected.mapped;
  }
  const v = expected.value;
  return [context, cluster].some((n) => n !== undefined && (n === v || ['_', '/', ':'].some((sep) => n.endsWith(`${sep}${v}`))));
}

/** The contexts of the kubeconfig that are the alert's cluster, for offering a switch. */
export function matchingContexts(expected: { value: string; mapped?: string }, kube: KubeTarget): string[] {
  return [...kube.contexts].filter(([name, c]) => contextMatches(expected, name, c.cluster)).map(([name]) => name);
}
