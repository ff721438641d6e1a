// The target guard: before a step that talks to a cluster or a cloud runs, compare what the alert is about with what
// the terminal points at. A mismatch blocks (and says both sides); an unknown side is shown, never taken for a match.
import { alertTarget, contextMatches, matchingContexts, type TargetsConfig } from './alertTarget';
import { readAwsTarget, readAzureSubscription, readGcloudProject } from './cloud';
import { findInvocations, type Invocation } from './command';
import type { TargetEnvironment } from './environment';
import { kubeconfigPaths, readKubeTarget } from './kubeconfig';
import { DIMENSION_NAMES, KIND_OF, type CurrentTarget, type Dimension, type Known, type KubeTarget, type TargetKind } from './model';

/** How much a step can change: the class the confirmation and the guard go by. */
export type Risk = 'read' | 'mutate' | 'destructive';

export type Verdict = 'none' | 'match' | 'mismatch' | 'unknown';

export interface Comparison {
  readonly dimension: Dimension;
  /** The alert's side; undefined when no label says it. */
  readonly expected?: { readonly value: string; readonly label: string; readonly mapped?: string };
  /** The terminal's (or the command's own flag's) side; undefined when not known. */
  readonly current?: Known;
  readonly status: 'match' | 'mismatch' | 'unknown';
}

export interface TargetCheck {
  /** `none`: the command talks to no target (or only switches it). */
  readonly verdict: Verdict;
  readonly kinds: readonly TargetKind[];
  readonly comparisons: readonly Comparison[];
  /** "cluster prod-us, namespace payments" / "prod-eu / default" — for messages. */
  readonly alertText: string;
  readonly currentText: string;
  /** One sentence naming both sides. */
  readonly message: string;
  /** Kube: the contexts that are the alert's cluster, and the namespace to use, for offering a switch. */
  readonly switchTo?: { readonly contexts: readonly string[]; readonly namespace?: string };
  /** What to type to run anyway on a mismatch: the name of the target the step would act on. */
  readonly nameToType?: string;
  readonly problems: readonly string[];
}

export interface CheckInput {
  /** The step's command as written (placeholders not filled). */
  readonly command: string;
  /** Values of its placeholders (labels, session, defaults), for reading target flags in the command. */
  readonly values?: Readonly<Record<string, string>>;
  readonly alertName?: string;
  /** The bound alert's labels; undefined when no alert is bound. */
  readonly labels?: Readonly<Record<string, string>>;
  /** `targets` configurations, strongest first (runbook front matter, then the setting). */
  readonly configs?: readonly TargetsConfig[];
  readonly environment: TargetEnvironment;
}

/** What the terminal points at for every kind (the status bar): no command overrides. */
export async function readCurrentTarget(environment: TargetEnvironment): Promise<CurrentTarget> {
  const problems: string[] = [];
  const kube = await readKubeTarget(environment, kubeconfigPaths(environment), problems);
  const aws = await readAwsTarget(environment, problems);
  const project = await readGcloudProject(environment, problems);
  const azure = await readAzureSubscription(environment, problems);
  return { kube, aws, gcloud: project ? { project } : {}, azure, problems };
}

const DIMS_OF: Readonly<Record<TargetKind, readonly Dimension[]>> = {
  kube: ['kube.context', 'kube.namespace'],
  aws: ['aws.profile', 'aws.account', 'aws.region'],
  gcloud: ['gcloud.project'],
  azure: ['azure.subscription'],
};

/** Compare the alert's target with the terminal's for each tool invocation of the command. Never throws. */
export async function checkTarget(input: CheckInput): Promise<TargetCheck> {
  const problems: string[] = [];
  const invocations = findInvocations(input.command, input.values ?? {}).filter((i) => !i.switches);
  const alert = alertTarget(input.labels ?? {}, input.configs ?? []);
  const comparisons: Comparison[] = [];
  let switchTo: { contexts: string[]; namespace?: string } | undefined;
  const seen = new Set<string>();
  for (const inv of invocations) {
    const current = await currentFor(inv, input.environment, problems);
    const dims = DIMS_OF[inv.kind];
    let compared = 0;
    for (const d of dims) {
      const expected = alert.values[d];
      if (!expected) {
        continue;
      }
      if (d === 'kube.namespace' && inv.allNamespaces) {
        continue;
      }
      compared++;
      const c = compare(d, expected, current);
      const key = JSON.stringify([d, c.current?.value ?? null, c.status]);
      if (!seen.has(key)) {
        seen.add(key);
        comparisons.push(c);
      }
      if (inv.kind === 'kube' && c.status === 'mismatch' && current.kube) {
        switchTo ??= { contexts: [] };
        if (d === 'kube.context') {
          switchTo.contexts = matchingContexts(expected, current.kube);
        } else if (inv.namespace === undefined) {
          switchTo.namespace = expected.mapped ?? expected.value;
        }
      }
    }
    if (compared === 0) {
      // The alert says nothing about this kind of target: not a match.
      const d = dims[0];
      const key = JSON.stringify([d, 'no-label']);
      if (!seen.has(key)) {
        seen.add(key);
        comparisons.push({ dimension: d, current: currentValue(d, current), status: 'unknown' });
      }
    }
  }
  const kinds = [...new Set(invocations.map((i) => i.kind))];
  const verdict: Verdict = !invocations.length ? 'none'
    : comparisons.some((c) => c.status === 'mismatch') ? 'mismatch'
      : comparisons.some((c) => c.status === 'unknown') ? 'unknown' : 'match';
  const alertText = comparisons.map((c) => (c.expected ? `${DIMENSION_NAMES[c.dimension]} ${c.expected.value}${c.expected.mapped && c.expected.mapped !== c.expected.value ? ` (${c.expected.mapped})` : ''}` : `${DIMENSION_NAMES[c.dimension]} unknown (no label)`)).join(', ');
  const currentText = comparisons.map((c) => c.current?.value ?? 'unknown').join(' / ');
  const who = !input.labels ? 'no alert is bound;' : input.alertName ? `alert ${input.alertName}` : 'the alert';
  const message = verdict === 'none' ? ''
    : input.labels ? `${who} is on ${alertText}; your terminal points at ${currentText}`
      : `${who} your terminal points at ${comparisons.map((c) => `${DIMENSION_NAMES[c.dimension]} ${c.current?.value ?? 'unknown'}`).join(', ')}`;
  const mismatch = comparisons.find((c) => c.status === 'mismatch');
  return {
    verdict,
    kinds,
    comparisons,
    alertText,
    currentText,
    message,
    ...(switchTo && (switchTo.contexts.length || switchTo.namespace) ? { switchTo } : {}),
    ...(mismatch?.current ? { nameToType: mismatch.current.value } : {}),
    problems,
  };
}

interface Current {
  readonly kube?: KubeTarget;
  readonly namespace?: Known;
  readonly aws?: { profile?: Known; region?: Known; account?: Known };
  readonly project?: Known;
  readonly subscription?: Known;
  readonly subscriptionName?: string;
}

async function currentFor(inv: Invocation, environment: TargetEnvironment, problems: string[]): Promise<Current> {
  switch (inv.kind) {
    case 'kube': {
      if (inv.kubeconfig === null || inv.context === null) {
        return {}; // given, but not knowable before running: unknown
      }
      const kube = await readKubeTarget(environment, kubeconfigPaths(environment, inv.kubeconfig), problems, inv.context);
      const namespace: Known | undefined = inv.namespace === null ? undefined
        : inv.namespace !== undefined ? { value: inv.namespace, source: '-n in the command' } : kube.namespace;
      return { kube, ...(namespace ? { namespace } : {}) };
    }
    case 'aws':
      return { aws: await readAwsTarget(environment, problems, { ...(inv.profile ? { profile: inv.profile } : {}), ...(inv.region ? { region: inv.region } : {}) }).then((a) => ({
        ...(inv.profile === null ? {} : a.profile ? { profile: a.profile } : {}),
        ...(inv.region === null ? {} : a.region ? { region: a.region } : {}),
        ...(inv.profile === null ? {} : a.account ? { account: a.account } : {}),
      })) };
    case 'gcloud': {
      const project = inv.project === null ? undefined : await readGcloudProject(environment, problems, inv.project);
      return project ? { project } : {};
    }
    case 'azure': {
      const az = inv.subscription === null ? {} : await readAzureSubscription(environment, problems, inv.subscription);
      return { ...(az.subscription ? { subscription: az.subscription } : {}), ...(az.subscriptionName ? { subscriptionName: az.subscriptionName } : {}) };
    }
  }
}

function currentValue(d: Dimension, c: Current): Known | undefined {
  switch (d) {
    case 'kube.context': return c.kube?.context;
    case 'kube.namespace': return c.namespace;
    case 'aws.account': return c.aws?.account;
    case 'aws.region': return c.aws?.region;
    case 'aws.profile': return c.aws?.profile;
    case 'gcloud.project': return c.project;
    case 'azure.subscription': return c.subscription;
  }
}

function compare(d: Dimension, expected: { value: string; label: string; mapped?: string }, c: Current): Comparison {
  const current = currentValue(d, c);
  if (!current) {
    return { dimension: d, expected, status: 'unknown' };
  }
  let ok: boolean;
  if (d === 'kube.context') {
    ok = contextMatches(expected, current.value, current.source.startsWith('current-context') || current.source.startsWith('--context') ? c.kube?.cluster : undefined);
  } else if (d === 'azure.subscription') {
    const want = (expected.mapped ?? expected.value).toLowerCase();
    ok = current.value.toLowerCase() === want || c.subscriptionName?.toLowerCase() === want;
  } else {
    ok = current.value === (expected.mapped ?? expected.value);
  }
  return { dimension: d, expected, current, status: ok ? 'match' : 'mismatch' };
}

export type GuardAction =
  /** Run as usual (the target matches, or the command talks to none). */
  | { readonly action: 'run' }
  /** Ask before running, showing the target (unknown side, for a step that changes things). */
  | { readonly action: 'confirm' }
  /** Do not run; offer to switch, or to run anyway (typing `nameToType` for a step that changes things). */
  | { readonly action: 'block'; readonly nameToType?: string };

/**
 * The decision table:
 *
 * | verdict  | read                  | mutate / destructive                          |
 * |----------|-----------------------|-----------------------------------------------|
 * | none     | run                   | run (the usual confirmation applies)          |
 * | match    | run                   | run (the usual confirmation applies)          |
 * | unknown  | run (target shown)    | confirm, showing what is unknown              |
 * | mismatch | block: switch, or run anyway with a click | block: switch, or run anyway by typing the target's name |
 */
export function guardAction(check: Pick<TargetCheck, 'verdict' | 'nameToType'>, risk: Risk): GuardAction {
  switch (check.verdict) {
    case 'none':
    case 'match':
      return { action: 'run' };
    case 'unknown':
      return risk === 'read' ? { action: 'run' } : { action: 'confirm' };
    case 'mismatch':
      return risk === 'read' || !check.nameToType ? { action: 'block' } : { action: 'block', nameToType: check.nameToType };
  }
}

/** `validateInput` of the "type the target's name" box: undefined when it matches exactly. */
export function validateTypedName(typed: string, expected: string): string | undefined {
  return typed === expected ? undefined : `Type ${expected} to run against it`;
}

/** The command that switches the terminal to the alert's cluster (and namespace): a step the person clicks. */
export function switchCommand(tool: 'kubectl' | 'oc', to: { context?: string; namespace?: string }, quote: (s: string) => string): string | undefined {
  const parts: string[] = [];
  if (to.context) {
    parts.push(`${tool} config use-context ${quote(to.context)}`);
  }
  if (to.namespace) {
    parts.push(`${tool} config set-context --current --namespace=${quote(to.namespace)}`);
  }
  return parts.length ? parts.join(' && ') : undefined;
}

export { KIND_OF };
