import os from 'node:os';

/**
 * In the test workers, a local warehouse opens with one DuckDB thread instead of one per core
 * (src/backends/local/duckdb-backend.ts reads the core count when it loads, after this file runs):
 * the workers already keep both cores busy, and a second thread each only added scheduling
 * work, about a tenth of the suite's CPU. What users run keeps its threads: the binaries the e2e
 * tests start, and the warehouses global setup builds in the main process, so the determinism
 * checks compare a one-thread build with a multi-thread one.
 */
os.availableParallelism = () => 1;
