import type { Command } from 'commander';
import { commandOptions, withWarehouseOptions } from '../options.js';
import { ExitCode } from '../../core/errors.js';
import { runAction } from '../run-action.js';
import { assertWritableFile } from '../destination.js';
import { printError, printLine } from '../output.js';
import { loadSceneDeck, makeRunner } from './present.js';
import writeFileAtomic from 'write-file-atomic';

export function registerExport(program: Command): void {
  withWarehouseOptions(
    program
      .command('export')
      .description("Write a Markdown run-book of every scene: narration, talking points, SQL and the current backend's results")
      .option('--out <file>', 'where to write the run-book', 'c360-runbook.md')
      .option('--replay <file>', 'take the results from a recording instead of a backend')
      .option('--execute', 'also run the actions that change the warehouse (trigger, stream)', false)
      .option('--timeout <seconds>', 'stop an action after this long (0 = never)', '60')
      .option('--scenes <dir>', 'read scenes from another directory'),
    { json: false },
  ).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const out = String(raw.out);
      if (out !== '-') assertWritableFile(out, '--out');
      const deck = await loadSceneDeck(options.config.pack, raw.scenes as string | undefined);
      const { runScenes } = await import('../../scenes/plain.js');
      const { sceneAsMarkdown, queriesAsMarkdown } = await import('../../scenes/render-text.js');
      const { runner } = await makeRunner(options.config, { mode: 'live', replay: raw.replay as string | undefined, timeout: String(raw.timeout) }, (m) =>
        printError(m),
      );
      const sections: string[] = [];
      let unavailable = 0;
      // A recording also holds the queries typed in the SQL cell during the talk: each goes under its scene.
      const asked = raw.replay ? ((await import('../../scenes/recording.js')).readRecording(String(raw.replay)).queries ?? []) : [];
      try {
        const outcomes = await runScenes(deck.scenes, runner, { execute: Boolean(raw.execute) });
        outcomes.forEach((o, i) => {
          if (o.status === 'failed') unavailable += 1;
          const scene = deck.scenes[i]!;
          sections.push(sceneAsMarkdown(scene, o, i) + queriesAsMarkdown(asked.filter((q) => q.sceneId === scene.id)));
        });
      } finally {
        await runner.close().catch(() => undefined);
      }
      const total = deck.scenes.reduce((s, x) => s + x.duration_seconds, 0);
      const doc = [
        '# Customer 360 panel demo — run-book',
        '',
        `Generated ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC from ${runner.description}. ${deck.scenes.length} scenes, ${Math.round(total / 60)} minutes planned.`,
        '',
        '| # | scene | budget |',
        '|---|---|---|',
        ...deck.scenes.map((s, i) => `| ${i + 1} | ${s.title} | ${Math.round(s.duration_seconds / 6) / 10} min |`),
        '',
        ...sections,
      ].join('\n');
      if (out === '-') printLine(doc);
      else {
        writeFileAtomic.sync(out, `${doc}\n`);
        printLine(
          `wrote ${out}: ${deck.scenes.length} scenes${unavailable > 0 ? `, ${unavailable} without live results (fallback talking points included)` : ''}`,
        );
      }
      return ExitCode.ok;
    }),
  );
}
