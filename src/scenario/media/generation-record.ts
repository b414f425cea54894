import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The landing folder of the pack's data dir, where the source systems deliver their files. */
export const landingDir = (dataDir: string): string => path.join(dataDir, 'landing');

/** What generation made, kept beside the landing folder: the checks judge the files against it, the feed draws from its seed. */
const GENERATION_FILE = 'generation.json';
const generationRecord = z.object({
  scale: z.string(),
  seed: z.number(),
  asOf: z.string(),
  subscribers: z.number().int().positive(),
  contentBatchMinutes: z.number().int().positive(),
  dirtRates: z.record(z.string(), z.number()),
});
export type GenerationRecord = z.infer<typeof generationRecord>;

export const generationRecordFile = (dataDir: string): string => path.join(dataDir, GENERATION_FILE);

/** The data dir's generation record: undefined when there is none, `invalid` when the file is not one. */
export function readGenerationRecord(dataDir: string): GenerationRecord | 'invalid' | undefined {
  const file = generationRecordFile(dataDir);
  if (!fs.existsSync(file)) return undefined;
  let content: unknown;
  try {
    content = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return 'invalid';
  }
  const parsed = generationRecord.safeParse(content);
  return parsed.success ? parsed.data : 'invalid';
}

export function writeGenerationRecord(dataDir: string, record: GenerationRecord): void {
  fs.writeFileSync(generationRecordFile(dataDir), `${JSON.stringify(record, null, 2)}\n`);
}
