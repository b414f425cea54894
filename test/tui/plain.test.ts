import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenes } from '../../src/scenes/load.js';
import { packageRoot } from '../../src/util/paths.js';
import { runCliInProcess } from '../support/cli.js';
import { copyGoldWarehouse } from '../support/warehouse.js';
import { FIXTURE_SCENES } from './fixtures.js';

const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'C360_DATA_DIR'));
const run = promisify(execFile);
const bin = path.join(packageRoot(), 'bin', 'c360-demo.js');
const scenes = loadScenes(FIXTURE_SCENES).scenes;
let dataDir: string;

/** The real binary: the first case is the suite's smoke test of `--plain` as a script runs it. */
async function binary(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args, '--scenes', FIXTURE_SCENES], {
      timeout: 60_000,
      maxBuffer: 20 * 1024 * 1024,
      env: cleanEnv(),
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** The same command through the CLI's entry in this process (same parsing, output and exit codes). */
async function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const result = await runCliInProcess([...args, '--scenes', FIXTURE_SCENES]);
  return { stdout: result.stdout, stderr: result.stderr, code: result.status ?? -1 };
}

/** The scene's section of the plain output. */
function section(out: string, index: number): string {
  const start = out.indexOf(`Scene ${index + 1}/${scenes.length}: `);
  const end = out.indexOf(`Scene ${index + 2}/${scenes.length}: `);
  return out.slice(start, end < 0 ? undefined : end);
}

beforeAll(async () => {
  // A copy of the suite's test-scale warehouse, built once by the whole pipeline.
  dataDir = copyGoldWarehouse('c360-plain-');
}, 180_000);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('c360-demo --plain over every scene (test scale)', () => {
  it('prints every scene in order with narration, talking points, SQL and a result or a clear reason', async () => {
    const { stdout, code } = await binary(['--plain', '--data-dir', dataDir, '--backend', 'local']);
    expect(code).toBe(0);
    let last = -1;
    scenes.forEach((scene, i) => {
      const at = stdout.indexOf(`Scene ${i + 1}/10: ${scene.title}`);
      expect(at, scene.id).toBeGreaterThan(last);
      last = at;
      const text = section(stdout, i);
      expect(text).toContain('Narration:');
      expect(text).toMatch(/Talking points/);
      expect(text).toContain('SQL:');
      // Every read-only scene has a live result; the two that write are skipped without --execute.
      const writes = scene.id === 'trigger' || scene.id === 'stream';
      expect(text, scene.id).toMatch(writes ? /\nResult: not run — action "\w+" changes the warehouse/ : /\nResult \(local DuckDB .*\d+ ms\):/);
    });
    expect(section(stdout, 3)).toMatch(/✔ row_count +\d+ \(expected/);
    {
      const c360 = section(stdout, 5);
      expect(c360).toContain('customers: 1,000');
      expect(c360).toContain('360 profile: CUST000042');
      expect(section(stdout, 6)).toMatch(/AUC = 0\.\d{3}/);
      expect(section(stdout, 8)).toContain('SELECT on a raw table is refused');
      // No graph run yet: the wrap-up times "this run" from the pipeline's telemetry.
      const wrapUp = section(stdout, 9);
      expect(wrapUp).toMatch(/dbt transformations\s+2–5 min\s+~0\.05–0\.1\s+\d+\.\d s/);
      expect(wrapUp).toMatch(/Total pipeline\s+10–25 min.*\d+\.\d s/);
      expect(wrapUp).toContain("the last pipeline run's stage timings");
    }
  });

  it('with --execute also runs the stream scene: the fact count moves', async () => {
    const streamIndex = scenes.findIndex((s) => s.id === 'stream');
    const { stdout, code } = await cli(['--plain', '--execute', '--scene', 'stream', '--data-dir', dataDir, '--backend', 'local']);
    expect(code).toBe(0);
    expect(stdout).not.toContain(`Scene 1/`);
    expect(stdout).toContain(scenes[streamIndex]!.title);
    const m = /fact rows: ([\d,]+) → ([\d,]+)/.exec(stdout);
    expect(m, stdout.slice(-2000)).not.toBeNull();
    expect(Number(m![2]!.replace(/,/g, ''))).toBeGreaterThan(Number(m![1]!.replace(/,/g, '')));
  });

  it('records a run and replays it with no backend; export writes a run-book', async () => {
    const rec = path.join(dataDir, 'rec.json');
    const recorded = await cli(['--plain', '--record', rec, '--data-dir', dataDir, '--backend', 'local']);
    expect(recorded.code).toBe(0);
    const recording = JSON.parse(fs.readFileSync(rec, 'utf8')) as { results: Record<string, unknown>; missing: string[] };
    expect(Object.keys(recording.results)).toContain('architecture');
    // The writing scenes were skipped: the file and the exit say the recording is incomplete.
    expect(recording.missing).toEqual(['trigger', 'stream']);
    expect(recorded.stderr).toContain('the recording');
    expect(recorded.stderr).toContain('is incomplete: no results for trigger, stream');
    const replayed = await cli(['--plain', '--replay', rec, '--data-dir', path.join(dataDir, 'nowhere')]);
    expect(replayed.code).toBe(0);
    expect(replayed.stderr).toContain('has no results for trigger, stream');
    expect(replayed.stdout).toContain('Data from: replay of');
    expect(section(replayed.stdout, 0)).toContain('Data flow');
    expect(replayed.stdout).toContain('the recording has no results for scene "trigger"');
    const book = path.join(dataDir, 'runbook.md');
    const exported = await cli(['export', '--out', book, '--replay', rec]);
    expect(exported.code).toBe(0);
    const md = fs.readFileSync(book, 'utf8');
    for (const [i, s] of scenes.entries()) expect(md).toContain(`## ${i + 1}. ${s.title}`);
    expect(md).toContain('```sql');
  });

  it('rejects an unknown scene and a broken recording with exit 2', async () => {
    const bad = await cli(['--plain', '--scene', 'nope', '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no scene "nope"');
    const junk = path.join(dataDir, 'junk.json');
    fs.writeFileSync(junk, '{"hello": 1}');
    const replay = await cli(['--plain', '--replay', junk]);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toContain('is not a usable c360-demo recording');
  });
});
