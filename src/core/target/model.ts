// The target a command acts on (a Kubernetes cluster and namespace, an AWS account and region, a gcloud project, an
// Azure subscription): what the terminal points at, what an alert is about, and the guard's verdict comparing them.

/** The kinds of target a command can talk to, by tool: kubectl/oc/helm/k9s…, aws, gcloud, az. */
export type TargetKind = 'kube' | 'aws' | 'gcloud' | 'azure';

/**
 * One thing a target is made of. An alert label means one of these (`runbooks.targets`), and the terminal's side is
 * read from the tool's own configuration.
 */
export type Dimension =
  | 'kube.context'
  | 'kube.namespace'
  | 'aws.account'
  | 'aws.region'
  | 'aws.profile'
  | 'gcloud.project'
  | 'azure.subscription';

export const DIMENSIONS: readonly Dimension[] = ['kube.context', 'kube.namespace', 'aws.account', 'aws.region', 'aws.profile', 'gcloud.project', 'azure.subscription'];

export const KIND_OF: Readonly<Record<Dimension, TargetKind>> = {
  'kube.context': 'kube',
  'kube.namespace': 'kube',
  'aws.account': 'aws',
  'aws.region': 'aws',
  'aws.profile': 'aws',
  'gcloud.project': 'gcloud',
  'azure.subscription': 'azure',
};

/** Words for people. */
export const DIMENSION_NAMES: Readonly<Record<Dimension, string>> = {
  'kube.context': 'cluster',
  'kube.namespace': 'namespace',
  'aws.account': 'AWS account',
  'aws.region': 'AWS region',
  'aws.profile': 'AWS profile',
  'gcloud.project': 'gcloud project',
  'azure.subscription': 'Azure subscription',
};

/** A known value and where it came from (`KUBECONFIG /x/config`, `AWS_REGION`, `--context in the command`…). */
export interface Known {
  readonly value: string;
  readonly source: string;
}

/** The Kubernetes side: the current context, its cluster's name and its namespace. */
export interface KubeTarget {
  readonly context?: Known;
  /** `contexts[].context.cluster` of the current context: alerts often carry that name. */
  readonly cluster?: string;
  /** The context's namespace, `default` when the context sets none. */
  readonly namespace?: Known;
  /** Every context by name, with its cluster and namespace: for mapping an alert's cluster to a context. */
  readonly contexts: ReadonlyMap<string, { readonly cluster?: string; readonly namespace?: string }>;
}

export interface AwsTarget {
  readonly profile?: Known;
  readonly region?: Known;
  /** Only where the config says it cheaply (sso_account_id, role_arn): never by calling AWS. */
  readonly account?: Known;
}

/** What the terminal points at, as far as can be known without running anything. */
export interface CurrentTarget {
  readonly kube: KubeTarget;
  readonly aws: AwsTarget;
  readonly gcloud: { readonly project?: Known };
  readonly azure: { readonly subscription?: Known; readonly subscriptionName?: string };
  /** Files that could not be read or parsed, with why: shown, never thrown. */
  readonly problems: readonly string[];
}

/** What the alert is about: a value per dimension, from a label. */
export interface AlertTarget {
  readonly values: Partial<Record<Dimension, { readonly value: string; readonly label: string; readonly mapped?: string }>>;
}
