import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UserError } from './errors.js';
import { repoPath } from '../util/paths.js';

/**
 * A pack is one industry's Customer 360: its scenario (generator and checks) in
 * `src/scenario/<pack>/`, its Snowflake SQL in `sql/<pack>/`, its dbt project in `dbt/<pack>/`,
 * its churn features in `local-ml/<pack>/`, its scenes in `scenes/<pack>/`. Its manifest,
 * `src/scenario/<pack>/pack.yaml`, holds the facts shared code needs about it, so that adding a
 * pack means adding folders: nothing below the CLI names one.
 */
const qualifiedName = z.string().regex(/^\w+\.\w+$/, 'a SCHEMA.TABLE name');
const count = z.number().int().positive();

const manifestSchema = z.object({
  title: z.string().min(1),
  /** One line for `--help` and the pack picker. */
  summary: z.string().min(1),
  /** The population each scale counts (customers, subscribers). */
  entity: z.string().min(1),
  scales: z.object({ test: count, small: count, full: count }).strict(),
  /** Created on the local warehouse in this order; a typed query's unqualified names are looked up in them in this order. */
  schemas: z.array(z.string().regex(/^\w+$/)).min(1),
  /** How the presenter tells what was built: the first table generation writes and the last one the models write. */
  built: z.object({ generated: qualifiedName, modelled: qualifiedName }).strict(),
  /** What the presenter's build offer says each scale holds and takes, measured on a 2-core machine. */
  offer: z.object({ test: z.string().min(1), full: z.string().min(1) }).strict(),
  /** The column that orders each streamed table's rows (new rows get higher values), for the local stream emulation. */
  streamKeys: z.record(qualifiedName, z.string().regex(/^\w+$/)).default({}),
  /** The presenter's `c`: looking up one record (a customer, a subscriber) by its id in the scenes that show one. */
  lookup: z
    .object({
      /** The scene param the id goes into (`params.customer_id`): a scene with it offers the lookup. */
      param: z.string().regex(/^\w+$/),
      /** What one record is called on screen: "customer". */
      noun: z.string().min(1),
      /** What to type, shown in the prompt: "CUST000123 or 123". */
      example: z.string().min(1),
      /** What an id must look like once cased and numbered (a regular expression). */
      pattern: z.string().refine((source) => {
        try {
          new RegExp(source);
          return true;
        } catch {
          return false;
        }
      }, 'a regular expression'),
      /** Ids are upper or lower case: what is typed is cased to match. */
      case: z.enum(['upper', 'lower']).default('upper'),
      /** A number typed alone becomes prefix + the number padded to digits (123 is CUST000123). */
      numbered: z.object({ prefix: z.string(), digits: z.number().int().positive() }).strict().optional(),
    })
    .strict()
    .optional(),
  /**
   * The pack's own scene actions (code in src/scenario/<pack>/actions.ts) and what the presenter
   * must know before running one (src/scenes/actions/meta.ts describes the fields).
   */
  actions: z
    .record(
      z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
      z
        .object({
          mutates: z.boolean().optional(),
          long: z.boolean().optional(),
          reads: z.array(z.string()).optional(),
          writes: z.array(z.string()).optional(),
        })
        .strict(),
    )
    .default({}),
});

export interface Pack extends z.infer<typeof manifestSchema> {
  /** The folder name: `credit-card`, `media`. */
  name: string;
}

const MANIFEST = 'pack.yaml';
const cache = new Map<string, Pack>();

function readManifest(name: string): Pack {
  const cached = cache.get(name);
  if (cached) return cached;
  const file = repoPath('src', 'scenario', name, MANIFEST);
  const parsed = manifestSchema.safeParse(parseYaml(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`src/scenario/${name}/${MANIFEST}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const pack: Pack = { name, ...parsed.data };
  cache.set(name, pack);
  return pack;
}

/** The packs shipped with the product: every folder of src/scenario with a manifest, by name. */
export function packNames(): string[] {
  const dir = repoPath('src', 'scenario');
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(repoPath('src', 'scenario', entry.name, MANIFEST)))
    .map((entry) => entry.name)
    .sort();
}

/** The named pack; an unknown name is bad input (exit 2) listing the ones there are. */
export function loadPack(name: string): Pack {
  const names = packNames();
  if (!names.includes(name)) throw new UserError(`unknown pack '${name}'`, undefined, `the packs are: ${names.join(', ')}`);
  return readManifest(name);
}

/**
 * One of the pack's own modules (`src/scenario/<pack>/<name>.ts`: stages, actions, deploy, feed),
 * imported by the pack's folder name; undefined when the pack has none. The caller checks the
 * module's shape.
 */
export async function importPackModule(pack: Pick<Pack, 'name'>, name: string): Promise<unknown> {
  // .js in dist/, .ts when the tests run the sources.
  const folder = fileURLToPath(new URL(`../scenario/${pack.name}/`, import.meta.url));
  if (!['.js', '.ts'].some((extension) => fs.existsSync(path.join(folder, `${name}${extension}`)))) return undefined;
  const specifier = `../scenario/${pack.name}/${name}.js`;
  return import(/* @vite-ignore */ specifier);
}

/** A file or folder of the pack in one of the top-level areas: packPath(pack, 'sql', 'setup', '01_setup.sql'). */
export function packPath(pack: Pick<Pack, 'name'>, area: PackArea, ...parts: string[]): string {
  return repoPath(area, pack.name, ...parts);
}

/** The top-level folders that hold one sub-folder per pack. */
export type PackArea = 'sql' | 'dbt' | 'scenes' | 'local-ml' | 'streamlit';

/** Reads a text file of the pack: readPackFile(pack, 'sql', 'orchestration', 'pipeline_tasks.sql'). */
export function readPackFile(pack: Pick<Pack, 'name'>, area: PackArea, ...parts: string[]): string {
  return fs.readFileSync(packPath(pack, area, ...parts), 'utf8');
}
