/**
 * Reads a dbt project from disk: dbt_project.yml, the YAML property files (sources, models,
 * tests), model / macro / singular-test SQL files. Nothing is rendered here.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DbtProjectError } from './errors.js';

export type Config = Record<string, unknown>;

export interface ColumnSpec {
  name: string;
  description?: string;
  tests: TestSpec[];
}

/** A generic test as written in YAML: `unique`, or `{accepted_values: {values: [...]}}`. */
export interface TestSpec {
  testName: string;
  args: Record<string, unknown>;
  config: Config;
  /** Custom name (`name:` in YAML). */
  name?: string;
}

export interface ModelFile {
  name: string;
  /** Seeds: the CSV file's absolute path (a seed is a ModelFile without SQL). */
  csvFile?: string;
  /** Path relative to the project dir, with forward slashes. */
  path: string;
  /** Folders below the model path: ['marts'] for models/marts/dim_customer.sql. */
  folders: string[];
  sql: string;
  description?: string;
  /** config: from the YAML property file. */
  yamlConfig: Config;
  columns: ColumnSpec[];
  /** Tests on the model itself (not on a column). */
  tests: TestSpec[];
}

export interface SourceTable {
  sourceName: string;
  name: string;
  database?: string;
  schema: string;
  identifier: string;
  description?: string;
  columns: ColumnSpec[];
  /** Tests on the table itself (not on a column). */
  tests: TestSpec[];
  /** The YAML file it is declared in. */
  path: string;
}

export interface SqlFile {
  path: string;
  sql: string;
}

export interface DbtProject {
  dir: string;
  name: string;
  profile?: string;
  vars: Record<string, unknown>;
  /** The `models:` tree of dbt_project.yml below the project name. */
  modelConfigTree: Record<string, unknown>;
  /** The `seeds:` tree of dbt_project.yml below the project name. */
  seedConfigTree: Record<string, unknown>;
  onRunStart: string[];
  onRunEnd: string[];
  models: ModelFile[];
  /** CSV files under the seed paths, loaded as tables (`dbt seed`, and first in `dbt build`). */
  seeds: ModelFile[];
  sources: SourceTable[];
  macros: SqlFile[];
  singularTests: SqlFile[];
}

function readYaml(file: string, dir: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return YAML.parse(text);
  } catch (err) {
    const rel = path.relative(dir, file);
    const linePos = (err as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new DbtProjectError(`${rel}${linePos ? `:${linePos}` : ''}: invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

function walk(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full, ext));
    else if (entry.name.endsWith(ext)) out.push(full);
  }
  return out;
}

function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function parseTests(raw: unknown, where: string): TestSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new DbtProjectError(`${where}: data_tests must be a list`);
  return raw.map((entry): TestSpec => {
    if (typeof entry === 'string') return { testName: entry, args: {}, config: {} };
    const record = asRecord(entry);
    const keys = Object.keys(record);
    if (keys.length !== 1) throw new DbtProjectError(`${where}: a test entry must have exactly one key (the test name), got ${keys.join(', ') || 'none'}`);
    const testName = keys[0]!;
    const body = { ...asRecord(record[testName]) };
    const config = { ...asRecord(body.config) };
    const name = typeof body.name === 'string' ? body.name : undefined;
    for (const key of ['severity', 'where', 'error_if', 'warn_if', 'store_failures', 'limit', 'enabled', 'tags']) {
      if (key in body) config[key] = body[key];
    }
    const args = { ...asRecord(body.arguments) };
    for (const [key, value] of Object.entries(body)) {
      if (['config', 'name', 'arguments', 'severity', 'where', 'error_if', 'warn_if', 'store_failures', 'limit', 'enabled', 'tags'].includes(key)) continue;
      args[key] = value;
    }
    return { testName, args, config, ...(name ? { name } : {}) };
  });
}

function parseColumns(raw: unknown, where: string): ColumnSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new DbtProjectError(`${where}: columns must be a list`);
  return raw.map((col) => {
    const record = asRecord(col);
    const name = String(record.name ?? '');
    if (!name) throw new DbtProjectError(`${where}: a column without a name`);
    return {
      name,
      ...(typeof record.description === 'string' ? { description: record.description } : {}),
      tests: parseTests(record.data_tests ?? record.tests, `${where} column ${name}`),
    };
  });
}

export function loadProject(dir: string): DbtProject {
  const projectFile = path.join(dir, 'dbt_project.yml');
  if (!fs.existsSync(projectFile)) throw new DbtProjectError(`no dbt project at ${dir} (dbt_project.yml is missing)`);
  const project = asRecord(readYaml(projectFile, dir));
  const name = String(project.name ?? '');
  if (!name) throw new DbtProjectError('dbt_project.yml: `name` is missing');
  const modelPaths = asList(project['model-paths'] ?? ['models']);
  const macroPaths = asList(project['macro-paths'] ?? ['macros']);
  const testPaths = asList(project['test-paths'] ?? ['tests']);
  const seedPaths = asList(project['seed-paths'] ?? ['seeds']);
  const rel = (file: string) => path.relative(dir, file).split(path.sep).join('/');

  const modelFiles: ModelFile[] = [];
  const yamlFiles: string[] = [];
  for (const modelPath of modelPaths) {
    const root = path.join(dir, modelPath);
    for (const file of walk(root, '.sql')) {
      const folders = path.relative(root, path.dirname(file)).split(path.sep).filter((p) => p && p !== '.');
      modelFiles.push({ name: path.basename(file, '.sql'), path: rel(file), folders, sql: fs.readFileSync(file, 'utf8'), yamlConfig: {}, columns: [], tests: [] });
    }
    yamlFiles.push(...walk(root, '.yml'), ...walk(root, '.yaml'));
  }
  const seedFiles: ModelFile[] = [];
  for (const seedPath of seedPaths) {
    const root = path.join(dir, seedPath);
    for (const file of walk(root, '.csv')) {
      const folders = path.relative(root, path.dirname(file)).split(path.sep).filter((p) => p && p !== '.');
      seedFiles.push({ name: path.basename(file, '.csv'), path: rel(file), csvFile: path.resolve(file), folders, sql: '', yamlConfig: {}, columns: [], tests: [] });
    }
    // Property files of seeds may sit beside them, as dbt allows.
    yamlFiles.push(...walk(root, '.yml'), ...walk(root, '.yaml'));
  }
  const byName = new Map<string, ModelFile>();
  for (const model of modelFiles) {
    const other = byName.get(model.name);
    if (other) throw new DbtProjectError(`two models are named ${model.name}: ${other.path} and ${model.path}`);
    byName.set(model.name, model);
  }
  const seedByName = new Map<string, ModelFile>();
  for (const seed of seedFiles) {
    const other = byName.get(seed.name) ?? seedByName.get(seed.name);
    if (other) throw new DbtProjectError(`a seed and another node are both named ${seed.name}: ${other.path} and ${seed.path}`);
    seedByName.set(seed.name, seed);
  }
  const applyProperties = (node: ModelFile, record: Record<string, unknown>, where: string) => {
    if (typeof record.description === 'string') node.description = record.description;
    node.yamlConfig = { ...node.yamlConfig, ...asRecord(record.config) };
    node.columns.push(...parseColumns(record.columns, `${where} ${node.name}`));
    node.tests.push(...parseTests(record.data_tests ?? record.tests, `${where} ${node.name}`));
  };

  const sources: SourceTable[] = [];
  for (const file of yamlFiles) {
    const doc = asRecord(readYaml(file, dir));
    const where = rel(file);
    for (const rawModel of Array.isArray(doc.models) ? doc.models : []) {
      const record = asRecord(rawModel);
      const modelName = String(record.name ?? '');
      const model = byName.get(modelName);
      if (!model) throw new DbtProjectError(`${where}: properties for model ${modelName}, but there is no ${modelName}.sql`);
      applyProperties(model, record, `${where} model`);
    }
    for (const rawSeed of Array.isArray(doc.seeds) ? doc.seeds : []) {
      const record = asRecord(rawSeed);
      const seedName = String(record.name ?? '');
      const seed = seedByName.get(seedName);
      if (!seed) throw new DbtProjectError(`${where}: properties for seed ${seedName}, but there is no ${seedName}.csv`);
      applyProperties(seed, record, `${where} seed`);
    }
    for (const rawSource of Array.isArray(doc.sources) ? doc.sources : []) {
      const source = asRecord(rawSource);
      const sourceName = String(source.name ?? '');
      for (const rawTable of Array.isArray(source.tables) ? source.tables : []) {
        const table = asRecord(rawTable);
        const tableName = String(table.name ?? '');
        sources.push({
          sourceName,
          name: tableName,
          ...(typeof source.database === 'string' ? { database: source.database } : {}),
          schema: String(source.schema ?? sourceName),
          identifier: String(table.identifier ?? tableName),
          ...(typeof table.description === 'string' ? { description: table.description } : {}),
          columns: parseColumns(table.columns, `${where} source ${sourceName}.${tableName}`),
          tests: parseTests(table.data_tests ?? table.tests, `${where} source ${sourceName}.${tableName}`),
          path: where,
        });
      }
    }
  }

  const macros = macroPaths.flatMap((p) => walk(path.join(dir, p), '.sql')).map((file) => ({ path: rel(file), sql: fs.readFileSync(file, 'utf8') }));
  // Generic test definitions live in tests/generic/ (or macros/): they are macros, not singular tests.
  const testFiles = testPaths.flatMap((p) => walk(path.join(dir, p), '.sql')).map((file) => ({ path: rel(file), sql: fs.readFileSync(file, 'utf8') }));
  const isGenericDefinition = (file: SqlFile) => /\{%-?\s*test\s/.test(file.sql);
  const modelTree = asRecord(asRecord(project.models)[name]);
  const seedTree = asRecord(asRecord(project.seeds)[name]);
  const vars = asRecord(project.vars);
  const scopedVars = asRecord(vars[name]);
  const globalVars = Object.fromEntries(Object.entries(vars).filter(([key]) => key !== name));

  return {
    dir,
    name,
    ...(typeof project.profile === 'string' ? { profile: project.profile } : {}),
    vars: { ...globalVars, ...scopedVars },
    modelConfigTree: modelTree,
    seedConfigTree: seedTree,
    onRunStart: asList(project['on-run-start']),
    onRunEnd: asList(project['on-run-end']),
    models: modelFiles,
    seeds: seedFiles,
    sources,
    macros: [...macros, ...testFiles.filter(isGenericDefinition)],
    singularTests: testFiles.filter((f) => !isGenericDefinition(f)),
  };
}

/** The config dbt_project.yml gives a model in `folders` (deeper folders override). */
export function folderConfig(tree: Record<string, unknown>, folders: string[]): Config {
  const config: Config = {};
  const apply = (node: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('+')) config[key.slice(1)] = value;
      else if (value === null || typeof value !== 'object' || Array.isArray(value)) config[key] = value;
    }
  };
  apply(tree);
  let node = tree;
  for (const folder of folders) {
    const next = node[folder];
    if (!next || typeof next !== 'object' || Array.isArray(next)) break;
    node = next as Record<string, unknown>;
    apply(node);
  }
  return config;
}
