// `runbook resolve`: the runbooks for an alert (with labels), for a runbook_url, or for each alert of a payload.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseLabelArgs } from '../../core/alerts/alertLink';
import type { AlertInstance, Resolution } from '../../core/alerts/model';
import { PAYLOAD_LIMITS, parseAlertPayload } from '../../core/alerts/payload';
import { how, plural, selector, where } from '../format';
import { EXIT, UsageError, type Io } from '../io';
import { toCorePath } from '../nodeFileSystem';
import type { Loaded } from '../workspace';

export interface ResolveArgs {
  readonly alert: string | undefined;
  readonly url: string | undefined;
  readonly payload: string | undefined;
  readonly labels: readonly string[];
  readonly json: boolean;
}

/** Check the arguments before anything is loaded: usage errors come first. */
export function checkResolveArgs(args: ResolveArgs): Record<string, string> {
  if (args.payload !== undefined && (args.alert !== undefined || args.url !== undefined)) {
    throw new UsageError('resolve takes an alert name (or --url) or --payload, not both');
  }
  if (args.alert === undefined && args.url === undefined && args.payload === undefined) {
    throw new UsageError('resolve needs an alert name, --url <runbook_url> or --payload <file>|-');
  }
  try {
    return parseLabelArgs(args.labels);
  } catch (e) {
    throw new UsageError(`--label: ${(e as Error).message}`);
  }
}

export async function readPayload(source: string, io: Io): Promise<AlertInstance[]> {
  let text: string;
  if (source === '-') {
    if (!io.readStdin) {
      throw new UsageError('--payload -: no standard input to read');
    }
    text = await io.readStdin();
  } else {
    const file = path.resolve(io.cwd, source);
    let size: number;
    try {
      size = (await fs.stat(file)).size;
    } catch {
      throw new UsageError(`no such file: ${source}`);
    }
    if (size > PAYLOAD_LIMITS.characters * 4) {
      throw new UsageError(`--payload ${source}: too large (${size} bytes, at most 1 MB)`);
    }
    text = await fs.readFile(file, 'utf8');
  }
  const parsed = parseAlertPayload(text);
  if ('error' in parsed) {
    throw new UsageError(`--payload: ${parsed.error}`);
  }
  if (parsed.omitted) {
    io.err(`runbook: the payload has ${parsed.alerts.length + parsed.omitted} alerts; only the first ${parsed.alerts.length} are resolved\n`);
  }
  return parsed.alerts;
}

export async function resolveCommand(args: ResolveArgs, labels: Record<string, string>, loaded: Loaded, io: Io): Promise<number> {
  const { context, resolver, rel } = loaded;
  const match = (r: Pick<Resolution, 'path' | 'anchor' | 'via'>) => ({ path: rel(r.path), anchor: r.anchor ?? null, via: r.via });

  if (args.url !== undefined) {
    // A relative runbook_url is taken relative to the current directory, as if the rule file were there.
    const target = resolver.resolveUrl(args.url, `${toCorePath(io.cwd)}/-`, args.alert !== undefined ? { ...labels, alertname: args.alert } : labels);
    const entry = target && context.runbooks.get(target.path);
    if (args.json) {
      io.out(`${JSON.stringify({ alert: args.alert ?? null, matches: target ? [match({ ...target, via: 'runbook_url' })] : [] }, null, 2)}\n`);
    } else if (target && entry) {
      const h = target.anchor ? entry.headings.find((x) => x.slug === target.anchor) : undefined;
      io.out(`${rel(target.path)}:${(h?.line ?? entry.headings[0]?.line ?? 0) + 1}${target.anchor ? `#${target.anchor}` : ''}  runbook_url\n`);
    } else {
      io.err(`runbook: no runbook at '${args.url}' (${plural(context.runbooks.size, 'runbook')} indexed${context.mappings.length ? '' : '; absolute URLs need --map <prefix>=<folder>'})\n`);
    }
    return target ? EXIT.ok : EXIT.findings;
  }

  const alerts: AlertInstance[] = args.payload !== undefined
    ? (await readPayload(args.payload, io)).map((a) => ({ ...a, labels: { ...a.labels, ...labels } }))
    : [{ name: args.alert!, labels }];
  const results = alerts.map((a) => ({ alert: a, matches: resolver.resolve(a.name, a.labels) }));
  if (args.json) {
    const out = results.map((r) => ({
      alert: r.alert.name,
      ...(args.payload !== undefined ? { labels: r.alert.labels } : {}),
      matches: r.matches.map(match),
    }));
    io.out(`${JSON.stringify(args.payload !== undefined ? out : out[0], null, 2)}\n`);
  } else {
    for (const r of results) {
      const indent = args.payload !== undefined ? '  ' : '';
      if (args.payload !== undefined) {
        io.out(`${selector(r.alert.name, r.alert.labels)}\n`);
      }
      if (!r.matches.length) {
        if (args.payload !== undefined) {
          io.out(`${indent}(no runbook)\n`);
        } else {
          io.err(`runbook: no runbook for alert '${r.alert.name}' (${plural(context.runbooks.size, 'runbook')} and ${plural(context.rules.rules().length, 'alerting rule')} indexed)\n`);
        }
      }
      for (const m of r.matches) {
        io.out(`${indent}${where(m, rel)}  ${how(m, rel)}\n`);
      }
    }
  }
  return results.every((r) => r.matches.length) ? EXIT.ok : EXIT.findings;
}
