/**
 * The dbt engine: a built-in runner for dbt projects on the local DuckDB warehouse (and a thin
 * EXECUTE DBT PROJECT call on Snowflake). Scenario-independent: the default `projectDir` is the
 * backend's pack's project, dbt/<pack>/.
 */
export { runDbt, defaultProjectDir, DEFAULT_DATABASE, type DbtRunOptions, type DbtCommand } from './runner.js';
export { loadLineage, loadRunResults, targetDir, type DbtRunResult, type NodeResult, type LineageGraph, type LineageNode, type StoredRunResults, type DbtRunSummary } from './artifacts.js';
export { DbtProjectError } from './errors.js';
