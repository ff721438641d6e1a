// A small JSON Schema (draft-07) validator for the subset the runbook front-matter schema uses: type, enum,
// pattern, minLength, format "date", items, uniqueItems, properties, additionalProperties, propertyNames, oneOf.
// The schema file stays the single source of truth for editors, docs and this check.
import frontMatterSchema from '../../schemas/runbook-front-matter.schema.json';
import { isCalendarDate } from './dates';
import { append } from './text';

export interface Schema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly format?: string;
  readonly items?: Schema;
  readonly uniqueItems?: boolean;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: boolean | Schema;
  readonly propertyNames?: Schema;
  readonly oneOf?: readonly Schema[];
}

export interface SchemaError {
  /** Where in the data: keys and array indexes. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export const FRONT_MATTER_SCHEMA = frontMatterSchema as Schema;

/**
 * Front-matter keys of static-site generators that runbook repositories are published with (Hugo, MkDocs Material,
 * Docusaurus, Jekyll / Just the Docs, Wiki.js, GOV.UK tech docs / Middleman): not runbook keys, never "unknown".
 */
export const SITE_GENERATOR_KEYS: ReadonlySet<string> = new Set([
  // Hugo (and its book/docsy/geekdoc themes)
  'weight', 'aliases', 'draft', 'menu', 'date', 'lastmod', 'publishDate', 'expiryDate', 'description', 'summary', 'slug',
  'url', 'type', 'layout', 'linkTitle', 'keywords', 'categories', 'series', 'toc', 'markup', 'outputs', 'params',
  'resources', 'sitemap', 'images', 'headless', 'cascade', 'build', 'translationKey', 'isCJKLanguage', 'author', 'authors',
  'bookToc', 'bookHidden', 'bookCollapseSection', 'bookFlatSection', 'bookComments', 'bookSearchExclude',
  'geekdocHidden', 'geekdocFlatSection', 'geekdocCollapseSection', 'no_list', 'hide_summary', 'simple_list',
  // MkDocs (Material)
  'hide', 'template', 'search', 'status', 'icon', 'subtitle', 'comments',
  // Docusaurus
  'id', 'sidebar_label', 'sidebar_position', 'sidebar_class_name', 'sidebar_custom_props', 'displayed_sidebar',
  'hide_title', 'hide_table_of_contents', 'pagination_label', 'pagination_next', 'pagination_prev', 'custom_edit_url',
  'parse_number_prefixes', 'image', 'last_update', 'toc_min_heading_level', 'toc_max_heading_level', 'unlisted', 'sidebar',
  // Jekyll, Just the Docs
  'permalink', 'nav_order', 'parent', 'grand_parent', 'has_children', 'nav_exclude', 'published', 'excerpt', 'redirect_from',
  // Wiki.js
  'editor', 'dateCreated', 'dateUpdated', 'isPublished', 'locale',
  // GOV.UK tech docs (Middleman)
  'owner_slack', 'last_reviewed_on', 'review_in', 'hide_in_navigation', 'old_paths', 'source_url',
]);

/** Keys that only a runbook's front matter has (not a site page's). */
const RUNBOOK_KEYS = ['alerts', 'service', 'owner', 'severity', 'last_reviewed', 'review_every', 'variables', 'cwd'];

/**
 * Front matter written for a site generator rather than for runbooks: it has site keys (Hugo `weight`, Docusaurus
 * `sidebar_position`…) and none of the runbook keys. Rules that ask for runbook metadata (owner, last_reviewed) or a
 * title that matches the H1 leave such pages alone: their authors did not write runbook front matter.
 */
export function isSiteFrontMatter(data: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(data);
  return keys.some((k) => SITE_GENERATOR_KEYS.has(k)) && !keys.some((k) => RUNBOOK_KEYS.includes(k));
}

const patterns = new Map<string, RegExp>();
const regex = (p: string) => patterns.get(p) ?? patterns.set(p, new RegExp(p, 'u')).get(p)!;

function typeOf(v: unknown): string {
  if (v === null) {
    return 'null';
  }
  if (Array.isArray(v)) {
    return 'array';
  }
  if (typeof v === 'number') {
    return Number.isInteger(v) ? 'integer' : 'number';
  }
  return typeof v;
}

function typeMatches(actual: string, expected: string): boolean {
  return actual === expected || (expected === 'number' && actual === 'integer');
}

function validTypeFor(actual: string, type: string | readonly string[]): boolean {
  return (typeof type === 'string' ? [type] : type).some((t) => typeMatches(actual, t));
}

/** "a list", "a mapping", "an integer", "a string"… as a person would say it. */
function typeName(t: string): string {
  if (t === 'array') {
    return 'a list';
  }
  if (t === 'object') {
    return 'a mapping';
  }
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

export function validate(value: unknown, schema: Schema, path: (string | number)[] = []): SchemaError[] {
  const errors: SchemaError[] = [];
  const fail = (message: string, at = path) => errors.push({ path: at, message });
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!validTypeFor(actual, schema.type)) {
      fail(`should be ${types.map(typeName).join(' or ')}, not ${typeName(actual)}`);
      return errors;
    }
  }
  if (schema.enum && !schema.enum.includes(value)) {
    fail(`${show(value)} is not one of ${schema.enum.map(show).join(', ')}`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      fail('should not be empty');
    }
    if (schema.format === 'date' && !isCalendarDate(value)) {
      fail(`${show(value)} is not a date (YYYY-MM-DD)`);
    } else if (schema.pattern && !regex(schema.pattern).test(value)) {
      fail(`${show(value)} does not match ${schema.pattern}`);
    }
  }
  if (Array.isArray(value)) {
    if (schema.items) {
      value.forEach((item, i) => append(errors, validate(item, schema.items!, [...path, i])));
    }
    if (schema.uniqueItems) {
      const seen = new Set<string>();
      value.forEach((item, i) => {
        const key = JSON.stringify(item);
        if (seen.has(key)) {
          fail(`${show(item)} is listed twice`, [...path, i]);
        }
        seen.add(key);
      });
    }
  }
  if (actual === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const at = [...path, key];
      if (schema.propertyNames?.pattern && !regex(schema.propertyNames.pattern).test(key)) {
        fail(`name "${key}" does not match ${schema.propertyNames.pattern}`, at);
      }
      const property = schema.properties?.[key];
      if (property) {
        append(errors, validate(v, property, at));
      } else if (schema.additionalProperties === false && !(schema === FRONT_MATTER_SCHEMA && SITE_GENERATOR_KEYS.has(key))) {
        fail(`unknown key "${key}"${schema.properties ? ` (known: ${Object.keys(schema.properties).join(', ')})` : ''}`, at);
      } else if (typeof schema.additionalProperties === 'object') {
        append(errors, validate(v, schema.additionalProperties, at));
      }
    }
  }
  const oneOf = schema.oneOf;
  if (oneOf) {
    const results = oneOf.map((s) => validate(value, s, path));
    const passing = results.filter((r) => r.length === 0).length;
    if (passing !== 1) {
      // Report the alternative that came closest: one of the value's own type, then the fewest errors.
      const distance = (i: number) => results[i].length + (oneOf[i].type !== undefined && !validTypeFor(actual, oneOf[i].type!) ? 1000 : 0);
      const best = results.map((_, i) => i).reduce((a, b) => (distance(b) < distance(a) ? b : a));
      append(errors, passing === 0 ? results[best] : [{ path, message: 'matches more than one allowed form' }]);
    }
  }
  return errors;
}
