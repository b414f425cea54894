/**
 * Parsing a dbt project into a manifest: every model, source and test with its config, relation
 * and dependencies. Needs no warehouse (the lineage graph comes from here on every backend).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DbtProjectError, UnsupportedJinjaError } from './errors.js';
import { BUILTIN_GENERIC_TESTS, testName } from './generic-tests.js';
import { JinjaRenderer, Relation, type RenderScope, type Target } from './jinja.js';
import { folderConfig, loadProject, type Config, type DbtProject, type ModelFile, type SourceTable, type TestSpec } from './project.js';

export type Layer = 'bronze' | 'silver' | 'gold' | 'other';

/** A model, or a seed (a CSV file loaded as a table; `materialized: 'seed'`, no SQL, no dependencies). */
export interface ModelNode {
  resourceType: 'model' | 'seed';
  uniqueId: string;
  name: string;
  path: string;
  file: ModelFile;
  config: Config;
  materialized: 'view' | 'table' | 'incremental' | 'seed';
  relation: Relation;
  dependsOn: string[];
  tags: string[];
  layer: Layer;
}

export interface SourceNode {
  resourceType: 'source';
  uniqueId: string;
  name: string;
  sourceName: string;
  table: SourceTable;
  relation: Relation;
  dependsOn: string[];
  layer: Layer;
}

export interface TestNode {
  resourceType: 'test';
  uniqueId: string;
  name: string;
  path: string;
  kind: 'generic' | 'singular';
  /** Generic: the test type and its arguments. */
  testType?: string;
  spec?: TestSpec;
  columnName?: string;
  /** The model or source the test is attached to (generic tests). */
  attachedTo?: string;
  /** Singular: the SQL file text. */
  sql?: string;
  severity: 'error' | 'warn';
  where?: string;
  dependsOn: string[];
}

export interface Manifest {
  project: DbtProject;
  target: Target;
  renderer: JinjaRenderer;
  models: ModelNode[];
  sources: SourceNode[];
  tests: TestNode[];
  byId: Map<string, ModelNode | SourceNode | TestNode>;
  modelsByName: Map<string, ModelNode>;
}

export interface ParseOptions {
  projectDir: string;
  /** Database the warehouse is attached as (CUSTOMER_ANALYTICS). */
  database: string;
  vars?: Record<string, unknown>;
  fullRefresh?: boolean;
  env?: Record<string, string | undefined>;
}

export function layerOf(schema: string): Layer {
  const s = schema.toLowerCase();
  return s === 'bronze' || s === 'silver' || s === 'gold' ? s : 'other';
}

function defaultSchemaFromProfile(projectDir: string, profileName: string | undefined): string {
  const file = path.join(projectDir, 'profiles.yml');
  if (!fs.existsSync(file) || !profileName) return 'PUBLIC';
  try {
    const doc = YAML.parse(fs.readFileSync(file, 'utf8')) as Record<string, { outputs?: Record<string, { schema?: unknown }> }>;
    const schema = doc[profileName]?.outputs?.duckdb?.schema;
    return typeof schema === 'string' && !schema.includes('{{') ? schema : 'PUBLIC';
  } catch {
    return 'PUBLIC';
  }
}

/** The scope used while parsing: records dependencies and config; relations are placeholders. */
let knownModels: Set<string> | undefined;
let knownSources: Set<string> | undefined;

function parseScope(manifestRefs: { refs: string[]; sources: Array<[string, string]>; config: Config }, node: Record<string, unknown>, configSoFar: () => Config): RenderScope {
  return {
    ref(name) {
      // Thrown here (not after rendering) so the message carries the line of the ref.
      if (knownModels && !knownModels.has(name)) throw new UnsupportedJinjaError(`ref('${name}'): there is no model named ${name}`);
      manifestRefs.refs.push(name);
      return new Relation('__parse__', '__parse__', name);
    },
    source(sourceName, tableName) {
      if (knownSources && !knownSources.has(`${sourceName}.${tableName}`)) {
        throw new UnsupportedJinjaError(`source('${sourceName}', '${tableName}') is not declared in a sources: YAML file`);
      }
      manifestRefs.sources.push([sourceName, tableName]);
      return new Relation('__parse__', sourceName, tableName);
    },
    config(values) {
      Object.assign(manifestRefs.config, values);
    },
    configGet(key, fallback) {
      const config = configSoFar();
      return key in config ? config[key] : fallback;
    },
    isIncremental: () => false,
    thisRelation: new Relation('__parse__', '__parse__', String(node.name)),
    node,
    execute: false,
  };
}

function hash10(text: string): string {
  return crypto.createHash('md5').update(text).digest('hex').slice(0, 10);
}

export function parseManifest(options: ParseOptions): Manifest {
  const project = loadProject(options.projectDir);
  const target: Target = {
    name: 'duckdb',
    type: 'duckdb',
    database: options.database,
    schema: defaultSchemaFromProfile(options.projectDir, project.profile),
    threads: 1,
    profile_name: project.profile ?? project.name,
  };
  const renderer = new JinjaRenderer({
    projectName: project.name,
    target,
    vars: { ...project.vars, ...(options.vars ?? {}) },
    macros: project.macros,
    ...(options.fullRefresh ? { fullRefresh: true } : {}),
    invocationId: crypto.randomUUID(),
    runStartedAt: new Date().toISOString(),
    ...(options.env ? { env: options.env } : {}),
  });

  const sources: SourceNode[] = project.sources.map((table) => {
    const relation = new Relation(table.database ?? target.database, table.schema, table.identifier);
    return {
      resourceType: 'source',
      uniqueId: `source.${project.name}.${table.sourceName}.${table.name}`,
      name: table.name,
      sourceName: table.sourceName,
      table,
      relation,
      dependsOn: [],
      layer: table.schema.toLowerCase() === 'bronze' ? 'bronze' : layerOf(table.schema),
    };
  });
  const sourceByKey = new Map(sources.map((s) => [`${s.sourceName}.${s.name}`, s]));
  // ref() reaches models and seeds alike.
  const refIds = new Map([...project.models.map((m) => [m.name, `model.${project.name}.${m.name}`] as const), ...project.seeds.map((s) => [s.name, `seed.${project.name}.${s.name}`] as const)]);
  const modelNames = new Set(refIds.keys());
  knownModels = modelNames;
  knownSources = new Set(sourceByKey.keys());

  const resolveDeps = (where: string, found: { refs: string[]; sources: Array<[string, string]> }): string[] => {
    const deps: string[] = [];
    for (const ref of found.refs) {
      if (!modelNames.has(ref)) throw new DbtProjectError(`${where}: ref('${ref}'): there is no model named ${ref}`, `models: ${[...modelNames].sort().join(', ')}`);
      deps.push(refIds.get(ref)!);
    }
    for (const [sourceName, tableName] of found.sources) {
      const source = sourceByKey.get(`${sourceName}.${tableName}`);
      if (!source) throw new DbtProjectError(`${where}: source('${sourceName}', '${tableName}') is not declared in a sources: YAML file`);
      deps.push(source.uniqueId);
    }
    return [...new Set(deps)];
  };

  const models: ModelNode[] = [];
  const relationFor = (config: Config, nodeInfo: Record<string, unknown>, name: string) => {
    const macroScope = parseScope({ refs: [], sources: [], config: {} }, nodeInfo, () => config);
    const customSchema = typeof config.schema === 'string' ? config.schema : null;
    const schema = renderer.hasMacro('generate_schema_name')
      ? renderer.callMacro('generate_schema_name', [customSchema, nodeInfo], macroScope, 'macros generate_schema_name').trim()
      : customSchema ? `${target.schema}_${customSchema.trim()}` : target.schema;
    const customAlias = typeof config.alias === 'string' ? config.alias : null;
    const alias = renderer.hasMacro('generate_alias_name')
      ? renderer.callMacro('generate_alias_name', [customAlias, nodeInfo], macroScope, 'macros generate_alias_name').trim()
      : customAlias ?? name;
    const database = typeof config.database === 'string' ? config.database : target.database;
    return new Relation(database, schema, alias);
  };
  const tagsOf = (config: Config) => (Array.isArray(config.tags) ? config.tags.map(String) : typeof config.tags === 'string' ? [config.tags] : []);
  for (const file of project.seeds) {
    const config: Config = { ...folderConfig(project.seedConfigTree, file.folders), ...file.yamlConfig };
    if (config.enabled === false) continue;
    const uniqueId = `seed.${project.name}.${file.name}`;
    const nodeInfo: Record<string, unknown> = { name: file.name, resource_type: 'seed', unique_id: uniqueId, path: file.path, fqn: [project.name, ...file.folders, file.name], config };
    const relation = relationFor(config, nodeInfo, file.name);
    models.push({ resourceType: 'seed', uniqueId, name: file.name, path: file.path, file, config, materialized: 'seed', relation, dependsOn: [], tags: tagsOf(config), layer: layerOf(relation.schema) });
  }
  for (const file of project.models) {
    const base = { ...folderConfig(project.modelConfigTree, file.folders), ...file.yamlConfig };
    const found = { refs: [] as string[], sources: [] as Array<[string, string]>, config: {} as Config };
    const nodeInfo: Record<string, unknown> = { name: file.name, resource_type: 'model', unique_id: `model.${project.name}.${file.name}`, path: file.path, fqn: [project.name, ...file.folders, file.name] };
    renderer.render(file.sql, file.path, parseScope(found, nodeInfo, () => ({ ...base, ...found.config })));
    const config: Config = { ...base, ...found.config };
    if (config.enabled === false) continue;
    const materialized = String(config.materialized ?? 'view');
    if (!['view', 'table', 'incremental'].includes(materialized)) {
      throw new DbtProjectError(`${file.path}: materialized='${materialized}' is not supported by the built-in runner (view, table, incremental)`);
    }
    nodeInfo.config = config;
    const relation = relationFor(config, nodeInfo, file.name);
    models.push({
      resourceType: 'model',
      uniqueId: `model.${project.name}.${file.name}`,
      name: file.name,
      path: file.path,
      file,
      config,
      materialized: materialized as ModelNode['materialized'],
      relation,
      dependsOn: resolveDeps(file.path, found),
      tags: tagsOf(config),
      layer: layerOf(relation.schema),
    });
  }
  const modelsByName = new Map(models.map((m) => [m.name, m]));
  for (const model of models) {
    for (const dep of model.dependsOn) {
      if ((dep.startsWith('model.') || dep.startsWith('seed.')) && !models.some((m) => m.uniqueId === dep)) {
        throw new DbtProjectError(`${model.path}: refers to ${dep.split('.').pop()}, which is disabled`);
      }
    }
  }

  const tests: TestNode[] = [];
  const usedNames = new Map<string, number>();
  const addTest = (test: Omit<TestNode, 'uniqueId'>) => {
    const seen = usedNames.get(test.name) ?? 0;
    usedNames.set(test.name, seen + 1);
    const name = seen === 0 ? test.name : `${test.name}_${seen + 1}`;
    tests.push({ ...test, name, uniqueId: `test.${project.name}.${name}.${hash10(test.path + name)}` });
  };
  const addGeneric = (spec: TestSpec, parent: ModelNode | SourceNode, columnName: string | undefined, where: string) => {
    if (spec.config.enabled === false) return;
    const isBuiltin = (BUILTIN_GENERIC_TESTS as readonly string[]).includes(spec.testName);
    if (!isBuiltin && !renderer.hasMacro(`test_${spec.testName}`)) {
      throw new DbtProjectError(`${where}: unknown test '${spec.testName}' (built-in: ${BUILTIN_GENERIC_TESTS.join(', ')}; or define {% test ${spec.testName}(model, column_name) %} in tests/generic/)`);
    }
    const deps = [parent.uniqueId];
    if (spec.testName === 'relationships' && typeof spec.args.to === 'string') {
      const found = { refs: [] as string[], sources: [] as Array<[string, string]>, config: {} as Config };
      renderer.render(`{{ ${spec.args.to} }}`, where, parseScope(found, { name: 'relationships' }, () => ({})));
      deps.push(...resolveDeps(where, found));
    }
    const parentName = parent.resourceType === 'source' ? `${parent.sourceName}_${parent.name}` : parent.name;
    const severity = String(spec.config.severity ?? 'error').toLowerCase() === 'warn' ? 'warn' : 'error';
    addTest({
      resourceType: 'test',
      name: spec.name ?? testName(spec.testName, parentName, columnName, spec.args, parent.resourceType === 'source'),
      path: where,
      kind: 'generic',
      testType: spec.testName,
      spec,
      ...(columnName ? { columnName } : {}),
      attachedTo: parent.uniqueId,
      severity,
      ...(typeof spec.config.where === 'string' ? { where: spec.config.where } : {}),
      dependsOn: [...new Set(deps)],
    });
  };
  for (const model of models) {
    const yml = `properties of ${model.name}`;
    for (const spec of model.file.tests) addGeneric(spec, model, undefined, yml);
    for (const column of model.file.columns) for (const spec of column.tests) addGeneric(spec, model, column.name, `${yml}, column ${column.name}`);
  }
  for (const source of sources) {
    for (const spec of source.table.tests) addGeneric(spec, source, undefined, `${source.table.path} source ${source.sourceName}.${source.name}`);
    for (const column of source.table.columns) {
      for (const spec of column.tests) addGeneric(spec, source, column.name, `${source.table.path} source ${source.sourceName}.${source.name}, column ${column.name}`);
    }
  }
  for (const file of project.singularTests) {
    const found = { refs: [] as string[], sources: [] as Array<[string, string]>, config: {} as Config };
    const name = path.basename(file.path, '.sql');
    renderer.render(file.sql, file.path, parseScope(found, { name, resource_type: 'test' }, () => found.config));
    if (found.config.enabled === false) continue;
    addTest({
      resourceType: 'test',
      name,
      path: file.path,
      kind: 'singular',
      sql: file.sql,
      severity: String(found.config.severity ?? 'error').toLowerCase() === 'warn' ? 'warn' : 'error',
      dependsOn: resolveDeps(file.path, found),
    });
  }

  const byId = new Map<string, ModelNode | SourceNode | TestNode>();
  for (const node of [...models, ...sources, ...tests]) byId.set(node.uniqueId, node);
  return { project, target, renderer, models, sources, tests, byId, modelsByName };
}
