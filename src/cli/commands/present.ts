import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { commandOptions, withWarehouseOptions } from '../options.js';
import type { Pack } from '../../core/pack.js';
import type { RunConfig } from '../../core/config.js';
import { ExitCode, UserError } from '../../core/errors.js';
import { runAction } from '../run-action.js';
import { assertWritableFile } from '../destination.js';
import { currentIo } from '../io.js';
import { printError, printLine } from '../output.js';
import { runNotes } from './notes.js';
import type { Scene, SceneProblem } from '../../scenes/schema.js';
import type { Recorder, SceneRunner } from '../../scenes/runner.js';
import type { PresenterWarehouse } from '../../scenes/session.js';

export interface PresentFlags {
  mode: 'live' | 'rehearse' | 'onboard';
  scene?: string;
  plain?: boolean;
  record?: string;
  replay?: string;
  execute?: boolean;
  strict?: boolean;
  timeout: string;
  speed: string;
  scenes?: string;
  notesInTerminal?: boolean;
}

/** Loads the scene files and reports malformed ones on stderr (the rest still load). */
export async function loadSceneDeck(pack: Pack, dir?: string): Promise<{ scenes: Scene[]; problems: SceneProblem[] }> {
  const { loadScenes, defaultScenesDir } = await import('../../scenes/load.js');
  const { actionCatalog } = await import('../../scenes/actions/meta.js');
  const where = dir ?? defaultScenesDir(pack);
  if (!fs.existsSync(where)) {
    throw new UserError(
      dir ? `no scenes directory ${dir}` : `the ${pack.name} pack has no scenes yet (${path.relative(process.cwd(), where) || where})`,
      ExitCode.badInput,
      'present another pack with --pack NAME; see docs/presenting.md for the scene files',
    );
  }
  const deck = loadScenes(where, actionCatalog(pack));
  for (const p of deck.problems)
    printError(`warning: scene file ${path.join(path.relative(process.cwd(), where) || '.', p.file)}: ${p.field}: ${p.message} (skipped)`);
  if (deck.scenes.length === 0)
    throw new UserError(`no usable scenes in ${where}`, ExitCode.badInput, 'each scene is a Markdown file with front matter; see docs/presenting.md');
  return deck;
}

/** The runner the flags ask for: a recording, a live backend (opened lazily), optionally recorded. */
export async function makeRunner(
  config: RunConfig,
  flags: Pick<PresentFlags, 'mode' | 'record' | 'replay' | 'timeout'>,
  notice: (m: string) => void,
  sceneIds: string[] = [],
): Promise<{ runner: SceneRunner; localRunner?: () => SceneRunner; primaryIsLocal: boolean }> {
  const runnerModule = await import('../../scenes/runner.js');
  if (flags.replay) {
    const recording = runnerModule.readRecording(flags.replay);
    return { runner: new runnerModule.ReplayRunner(recording, flags.replay), primaryIsLocal: false };
  }
  const timeoutMs = parseTimeout(flags.timeout);
  // DuckDB's native module (~200 ms) loads when the backend opens, after the first frame.
  const openBackend = async (c: RunConfig) => (await import('../../backends/open.js')).openBackend(c, { notice });
  const openLocal = async (c: RunConfig) => (await import('../../backends/open.js')).openLocal(c);
  const local = flags.mode === 'rehearse' || config.backend === 'local';
  const localConfig: RunConfig = { ...config, backend: 'local' };
  const effective = local ? localConfig : config;
  let runner: SceneRunner = new runnerModule.BackendRunner({
    open: () => (local ? openLocal(effective) : openBackend(effective)),
    config: effective,
    timeoutMs,
  });
  if (flags.record) runner = new runnerModule.RecordingRunner(runner, flags.record, sceneIds);
  const localRunner = local ? undefined : () => new runnerModule.BackendRunner({ open: () => openLocal(localConfig), config: localConfig, timeoutMs });
  return { runner, localRunner, primaryIsLocal: local };
}

export function registerPresent(program: Command): void {
  withWarehouseOptions(
    program
      .command('present', { isDefault: true })
      .description('Walk the panel through the scenes (the default command)')
      .addOption(
        new Option('--mode <mode>', 'live (default), rehearse (local, auto-advance, timing summary) or onboard (narration first)')
          .choices(['live', 'rehearse', 'onboard'])
          .default('live'),
      )
      .option('--scene <id>', 'start at this scene (id or number)')
      .option('--plain', 'no TUI: print every scene as text (the default when stdout is not a terminal)', false)
      .option('--record <file>', "save every scene's results (JSON) while presenting live")
      .option('--replay <file>', 'present from a recording, with no backend')
      .option('--execute', '--plain only: also run the actions that change the warehouse (trigger, stream)', false)
      .option('--strict', "--plain only: exit 1 when a scene's result is unavailable", false)
      .option(
        '--notes-in-terminal',
        'open no presenter: show the speaker notes here, following the presenter in another terminal (as `c360-demo notes`)',
        false,
      )
      .option('--timeout <seconds>', 'stop an action after this long and show the fallback talking points (0 = never)', '60')
      .addOption(new Option('--speed <factor>', 'rehearse mode: run the clock this many times faster').default('1').hideHelp())
      .addOption(new Option('--scenes <dir>', 'read scenes from another directory').hideHelp()),
    { json: false },
  ).action(
    runAction(async (raw: Record<string, unknown>, command: Command) => {
      const flags = raw as unknown as PresentFlags;
      const io = currentIo();
      const plain = flags.plain || io.stdout.isTTY !== true || !io.stdinIsTTY;
      const packNamed = command.getOptionValueSource('pack') !== 'default';
      const chosen = packNamed || flags.replay || flags.notesInTerminal ? undefined : await choosePack(String(raw.dataDir), String(raw.pack), plain);
      if (chosen === null) return ExitCode.ok;
      const { config } = commandOptions(chosen ? { ...raw, pack: chosen } : raw);
      if (flags.notesInTerminal) return runNotes({ dataDir: config.dataDir, plain: flags.plain });
      if (flags.record && flags.replay) throw new UserError('--record and --replay cannot be used together');
      if (flags.record) assertWritableFile(flags.record, '--record');
      // Ink (the largest part of start-up) loads while the scene files are read.
      const tui = plain ? undefined : import('../../tui/run.js');
      tui?.catch(() => undefined);
      const deck = await loadSceneDeck(config.pack, flags.scenes);
      let startIndex = 0;
      if (flags.scene) {
        const byNumber = /^\d+$/.test(flags.scene) ? Number(flags.scene) - 1 : -1;
        startIndex = byNumber >= 0 && byNumber < deck.scenes.length ? byNumber : deck.scenes.findIndex((s) => s.id === flags.scene);
        if (startIndex < 0) throw new UserError(`no scene "${flags.scene}"`, ExitCode.badInput, `scenes: ${deck.scenes.map((s) => s.id).join(', ')}`);
      }
      if (plain || !tui) return presentPlain(deck.scenes, startIndex, config, flags);

      const { runTui } = await tui;
      const { FileSqlHistory } = await import('../../scenes/sql-history.js');
      const { session, recorder } = await makeSession(
        config,
        flags,
        deck.scenes.map((s) => s.id),
      );
      let missingUpFront: string[] = [];
      if (flags.replay) {
        const { readRecording } = await import('../../scenes/recording.js');
        const recorded = readRecording(flags.replay).results;
        missingUpFront = deck.scenes.filter((s) => !recorded[s.id]).map((s) => s.id);
      }
      // The speaker view's socket: listening takes a moment and never holds up the first frame.
      const { SpeakerPublisher } = await import('../../tui/speaker/publisher.js');
      const speaker = new SpeakerPublisher(config.dataDir);
      try {
        await runTui({
          scenes: deck.scenes,
          problems: [
            ...deck.problems,
            ...(missingUpFront.length > 0
              ? [
                  {
                    file: flags.replay!,
                    field: 'results',
                    message: `no results for ${missingUpFront.join(', ')} (those scenes show their fallback talking points)`,
                  },
                ]
              : []),
          ],
          warehouse: session,
          sqlHistory: new FileSqlHistory(config.dataDir),
          mode: flags.mode,
          startIndex,
          speed: Number(flags.speed) || 1,
          subscribeScenes: flags.mode === 'rehearse' ? await sceneWatcher(config.pack, flags.scenes) : undefined,
          speaker,
          buildOffer: await buildOfferText(config.pack),
          ...(config.pack.lookup ? { lookup: config.pack.lookup } : {}),
        });
      } finally {
        await speaker.close();
        if (speaker.problem) printError(`note: ${speaker.problem}`);
        // The terminal is back as soon as the presenter quits; closing the warehouse (folding the
        // trigger's writes into the file) gets a few seconds. What it has not finished, DuckDB
        // replays from its write-ahead log on the next open: nothing is lost.
        await Promise.race([session.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 3_000).unref())]);
        // A Snowflake driver still retrying a dead connection must not keep the terminal waiting.
        setTimeout(() => process.exit(), 1_000).unref();
      }
      if (recorder) {
        recorder.save();
        const missing = recorder.missing();
        if (missing.length > 0)
          printError(`warning: the recording ${flags.record} is incomplete: no results for ${missing.join(', ')} (listed under "missing" in the file)`);
      }
      return ExitCode.ok;
    }),
  );
}

/** The presenter's warehouse: a recording, or a live one (local, Snowflake or auto) with a local safety net. */
export async function makeSession(
  config: RunConfig,
  flags: Pick<PresentFlags, 'mode' | 'record' | 'replay' | 'timeout'>,
  sceneIds: string[],
): Promise<{ session: PresenterWarehouse; recorder?: Recorder }> {
  const sessionModule = await import('../../scenes/session.js');
  if (flags.replay) {
    const { runner } = await makeRunner(config, flags, () => undefined);
    const { readRecording } = await import('../../scenes/recording.js');
    return { session: new sessionModule.RunnerSession(runner, readRecording(flags.replay).queries) };
  }
  const timeoutMs = parseTimeout(flags.timeout);
  const { Recorder } = await import('../../scenes/runner.js');
  const recorder = flags.record ? new Recorder(flags.record, sceneIds, 'not run yet') : undefined;
  recorder?.save();
  const session = new sessionModule.BackendSession({
    config,
    timeoutMs,
    localOnly: flags.mode === 'rehearse',
    onResult: (r) => recorder?.add(r),
    onQuery: (q) => recorder?.addQuery(q),
  });
  return { session, recorder };
}

/**
 * With no --pack and more than one pack built in the data dir, the presenter picks one on the
 * terminal (null: they left); in plain mode the default pack is presented and the others named.
 */
async function choosePack(dataDir: string, defaultPack: string, plain: boolean): Promise<string | null | undefined> {
  const { loadPack, packNames } = await import('../../core/pack.js');
  const { warehousePath } = await import('../../backends/local/warehouse-file.js');
  const { defaultScenesDir } = await import('../../scenes/load.js');
  // Only what can be presented: built here, and with scenes of its own.
  const built = packNames().filter((name) => fs.existsSync(warehousePath(path.join(dataDir, name))) && fs.existsSync(defaultScenesDir({ name })));
  if (built.length < 2) return undefined;
  if (plain) {
    const others = built.filter((name) => name !== defaultPack);
    printError(`note: presenting the ${defaultPack} pack; also built here: ${others.join(', ')} (present one with --pack NAME)`);
    return undefined;
  }
  const { pickPack } = await import('../../tui/pack-picker/run.js');
  const packs = built.map(loadPack).map((p) => ({ name: p.name, title: p.title, summary: p.summary }));
  return (await pickPack(packs)) ?? null;
}

/** The empty-warehouse offer for the pack: its pipeline's stages and what each scale holds and takes. */
async function buildOfferText(pack: Pack): Promise<{ pipeline: string; test: string; full: string }> {
  const { pipelineStages } = await import('../../pipeline/stages.js');
  return { pipeline: (await pipelineStages(pack)).map((s) => s.name).join(', '), ...pack.offer };
}

/** Rehearse mode: the scenes folder is watched; an edited file reloads, a broken one keeps the last good deck. */
async function sceneWatcher(pack: Pack, dir: string | undefined): Promise<(listener: (u: { scenes: Scene[]; message?: string }) => void) => () => void> {
  const { watchScenes } = await import('../../scenes/watch.js');
  const { actionCatalog } = await import('../../scenes/actions/meta.js');
  const { defaultScenesDir } = await import('../../scenes/load.js');
  return (listener) => watchScenes(dir ?? defaultScenesDir(pack), actionCatalog(pack), listener);
}

function parseTimeout(value: string): number {
  const timeoutMs = Math.round(Number(value) * 1000);
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new UserError(`--timeout must be a number of seconds, got "${value}"`);
  return timeoutMs;
}

async function presentPlain(all: Scene[], startIndex: number, config: RunConfig, flags: PresentFlags): Promise<number> {
  const scenes = all.slice(startIndex);
  const { runScenes } = await import('../../scenes/plain.js');
  const { sceneAsText } = await import('../../scenes/render-text.js');
  const io = currentIo();
  const { runner } = await makeRunner(
    config,
    flags,
    (m) => printError(m),
    scenes.map((s) => s.id),
  );
  if (flags.replay) {
    const { readRecording } = await import('../../scenes/recording.js');
    const recorded = readRecording(flags.replay).results;
    const missing = scenes.filter((s) => !recorded[s.id]).map((s) => s.id);
    if (missing.length > 0)
      printError(`note: the recording ${flags.replay} has no results for ${missing.join(', ')}; those scenes show their fallback talking points`);
  }
  const width = Math.max(80, Math.min(io.stdout.columns || 100, 120));
  let failed = 0;
  try {
    printLine(`c360-demo · Customer 360 panel demo · ${scenes.length} of ${all.length} scenes · mode ${flags.mode} (plain text)`);
    printLine('');
    await runScenes(scenes, runner, {
      execute: flags.execute,
      onOutcome: (scene, outcome, index) => {
        if (outcome.status === 'failed') failed += 1;
        printLine(sceneAsText(scene, outcome, startIndex + index, all.length, width));
      },
    });
    printLine(`Data from: ${runner.description}`);
    const recorder = (runner as { recorder?: Recorder }).recorder;
    if (recorder) {
      recorder.save();
      const missing = recorder.missing();
      if (missing.length > 0)
        printError(`warning: the recording ${flags.record} is incomplete: no results for ${missing.join(', ')} (listed under "missing" in the file)`);
    }
    if (failed > 0) printLine(`${failed} of ${scenes.length} scene(s) had no live result; their fallback talking points are shown above.`);
  } finally {
    await runner.close().catch(() => undefined);
  }
  return flags.strict && failed > 0 ? ExitCode.checkFailed : ExitCode.ok;
}
