// The layer rules of docs/architecture.md, checked by `npm run deps`:
//   cli (src/cli) -> features -> core; nothing imports upwards, nothing in the product imports
//   test support or the benchmarks, and no import cycle anywhere.
const CORE = '^src/(core|backends|warehouse|util|text)/';
const FEATURES = '^(src/(pipeline|scenes|tui|orchestration|dbt|validate|telemetry|scenario|deploy)/|local-ml/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'An import cycle (static or lazy) makes load order matter and layers meaningless.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'cli-is-the-top',
      comment: 'Only src/cli imports src/cli: features and core receive a RunConfig and callbacks instead.',
      severity: 'error',
      from: { pathNot: '^(src/cli|test|bench)/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'core-imports-only-core',
      comment: 'core (errors, config, backends, warehouse, util, text) must not reach up into the features.',
      severity: 'error',
      from: { path: CORE },
      to: { path: FEATURES },
    },
    {
      name: 'scenes-do-not-import-the-tui',
      comment: 'Scenes produce Blocks; what both render lives in src/text.',
      severity: 'error',
      from: { path: '^src/scenes/' },
      to: { path: '^src/tui/' },
    },
    {
      name: 'product-does-not-import-tests-or-bench',
      comment: 'src/ and local-ml/ ship; test/ and bench/ do not. A component test kept beside its component (*.test.tsx) is a test, not product.',
      severity: 'error',
      from: { path: '^(src|local-ml)/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing fails at run time.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.d.ts'],
    },
  },
};
