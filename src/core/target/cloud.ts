// AWS profile, region and (where the config says it) account; the gcloud project; the Azure subscription — read from
// the environment and the tools' own files, as the CLIs read them, without running anything.
import { cleanName, expandHome, join, readSafely, type TargetEnvironment } from './environment';
import type { AwsTarget, Known } from './model';
import { stripBom } from '../text';

/** A tiny INI reader (AWS and gcloud config): `[section]`, `key = value`, `#`/`;` comments; indented lines skipped. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of stripBom(text).split(/\r?\n/)) {
    if (/^\s*(?:[#;]|$)/.test(raw) || /^\s/.test(raw)) {
      continue; // comments, blank lines, and AWS's nested `s3 =` sub-keys
    }
    const section = /^\[\s*([^\]]+?)\s*\]\s*$/.exec(raw);
    if (section) {
      current = sections.get(section[1]) ?? new Map();
      sections.set(section[1], current);
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*?)\s*$/.exec(raw);
    if (kv && current && !current.has(kv[1])) {
      current.set(kv[1], kv[2]);
    }
  }
  return sections;
}

const env = (e: TargetEnvironment, name: string): string | undefined => cleanName(e.env[name]);

/** `--profile` and `--region` from the command win over the environment, which wins over ~/.aws/config. */
export async function readAwsTarget(e: TargetEnvironment, problems: string[], override: { profile?: string; region?: string } = {}): Promise<AwsTarget> {
  const profileName = override.profile ?? env(e, 'AWS_PROFILE') ?? env(e, 'AWS_DEFAULT_PROFILE');
  const profile: Known | undefined = profileName
    ? { value: profileName, source: override.profile ? '--profile in the command' : env(e, 'AWS_PROFILE') ? 'AWS_PROFILE' : 'AWS_DEFAULT_PROFILE' }
    : undefined;
  const name = profileName ?? 'default';
  const file = expandHome(env(e, 'AWS_CONFIG_FILE') ?? join(e.home, '.aws', 'config'), e.home);
  const text = await readSafely(e, file, problems);
  const section = text === undefined ? undefined : parseIni(text).get(name === 'default' ? 'default' : `profile ${name}`) ?? (name === 'default' ? undefined : parseIni(text).get(name));
  let region: Known | undefined;
  if (override.region) {
    region = { value: override.region, source: '--region in the command' };
  } else if (env(e, 'AWS_REGION')) {
    region = { value: env(e, 'AWS_REGION')!, source: 'AWS_REGION' };
  } else if (env(e, 'AWS_DEFAULT_REGION')) {
    region = { value: env(e, 'AWS_DEFAULT_REGION')!, source: 'AWS_DEFAULT_REGION' };
  } else if (section && cleanName(section.get('region'))) {
    region = { value: cleanName(section.get('region'))!, source: `region of profile ${name} in ${file}` };
  }
  let account: Known | undefined;
  const sso = cleanName(section?.get('sso_account_id') ?? section?.get('aws_account_id'));
  const role = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(section?.get('role_arn') ?? '');
  if (sso) {
    account = { value: sso, source: `profile ${name} in ${file}` };
  } else if (role) {
    account = { value: role[1], source: `role_arn of profile ${name} in ${file}` };
  }
  return { ...(profile ? { profile } : {}), ...(region ? { region } : {}), ...(account ? { account } : {}) };
}

/** `--project` in the command, CLOUDSDK_CORE_PROJECT, else `project` of the active configuration. */
export async function readGcloudProject(e: TargetEnvironment, problems: string[], override?: string): Promise<Known | undefined> {
  if (override) {
    return { value: override, source: '--project in the command' };
  }
  if (env(e, 'CLOUDSDK_CORE_PROJECT')) {
    return { value: env(e, 'CLOUDSDK_CORE_PROJECT')!, source: 'CLOUDSDK_CORE_PROJECT' };
  }
  const dir = expandHome(env(e, 'CLOUDSDK_CONFIG') ?? join(e.home, '.config', 'gcloud'), e.home);
  let active = env(e, 'CLOUDSDK_ACTIVE_CONFIG_NAME');
  if (!active) {
    const text = await readSafely(e, join(dir, 'active_config'), problems);
    active = text === undefined ? undefined : cleanName(text.split(/\r?\n/)[0]);
  }
  active ??= 'default';
  if (!/^[\w.-]+$/.test(active)) {
    problems.push(`gcloud: the active configuration name "${active.slice(0, 40)}" is not a plain name`);
    return undefined;
  }
  const file = join(dir, 'configurations', `config_${active}`);
  const text = await readSafely(e, file, problems);
  const project = text === undefined ? undefined : cleanName(parseIni(text).get('core')?.get('project'));
  return project ? { value: project, source: `configuration ${active} in ${file}` } : undefined;
}

/** `--subscription` in the command, else the `isDefault` subscription of ~/.azure/azureProfile.json. */
export async function readAzureSubscription(e: TargetEnvironment, problems: string[], override?: string): Promise<{ subscription?: Known; subscriptionName?: string }> {
  if (override) {
    return { subscription: { value: override, source: '--subscription in the command' } };
  }
  const dir = expandHome(env(e, 'AZURE_CONFIG_DIR') ?? join(e.home, '.azure'), e.home);
  const file = join(dir, 'azureProfile.json');
  const text = await readSafely(e, file, problems);
  if (text === undefined) {
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(stripBom(text));
  } catch (err) {
    problems.push(`${file}: not valid JSON (${(err as Error).message})`);
    return {};
  }
  const subs = (json as { subscriptions?: unknown })?.subscriptions;
  if (!Array.isArray(subs)) {
    return {};
  }
  const def = subs.find((s) => typeof s === 'object' && s !== null && (s as { isDefault?: unknown }).isDefault === true) as { id?: unknown; name?: unknown } | undefined;
  const id = cleanName(def?.id);
  if (!id) {
    return {};
  }
  const name = cleanName(def?.name);
  return { subscription: { value: id, source: `the default subscription in ${file}` }, ...(name ? { subscriptionName: name } : {}) };
}
