import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * What the presenter tells a speaker view (`c360-demo notes`): one JSON object per line over a local
 * socket. A snapshot carries everything the notes show, so the view needs neither the scene files
 * nor the warehouse, and a view that connects late sees the current scene at once.
 */
export const PROTOCOL_VERSION = 1;

const snapshotSchema = z.object({
  type: z.literal('scene'),
  v: z.literal(PROTOCOL_VERSION),
  /** Position in the deck, 0-based, and the deck's length. */
  index: z.number().int().min(0),
  count: z.number().int().min(1),
  id: z.string(),
  title: z.string(),
  /** The step on screen, 0-based, out of `steps`; its title when the scene names its steps. */
  step: z.number().int().min(0),
  steps: z.number().int().min(1),
  stepTitle: z.string().optional(),
  narration: z.string(),
  talkingPoints: z.array(z.string()),
  fallbackTalkingPoints: z.array(z.string()),
  /** The scene's action failed: the fallback talking points apply. */
  failed: z.boolean(),
  error: z.string().optional(),
  /** Clocks as they stood when the snapshot was sent; the view keeps them running. */
  sceneElapsedMs: z.number().min(0),
  sceneBudgetS: z.number().min(0),
  talkElapsedMs: z.number().min(0),
  talkBudgetS: z.number().min(0),
  /** Rehearse mode's summary is on screen: the clocks stand still. */
  finished: z.boolean(),
  nextTitle: z.string().optional(),
});

export type SpeakerSnapshot = z.infer<typeof snapshotSchema>;

const messageSchema = z.discriminatedUnion('type', [snapshotSchema, z.object({ type: z.literal('bye') })]);

export type SpeakerMessage = z.infer<typeof messageSchema>;

export function encodeMessage(message: SpeakerMessage): string {
  return `${JSON.stringify(message)}\n`;
}

/** One line from the socket: the message, or why it is not one (another version, not ours). */
export function decodeMessage(line: string): { ok: true; message: SpeakerMessage } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = messageSchema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  const v = (value as { v?: unknown } | null)?.v;
  if (typeof v === 'number' && v !== PROTOCOL_VERSION) return { ok: false, reason: `the presenter speaks protocol ${v}, this view ${PROTOCOL_VERSION}` };
  return { ok: false, reason: parsed.error.issues[0]?.message ?? 'unexpected message' };
}

/**
 * Room for a Unix socket's path: sun_path is 104 bytes on macOS (108 on Linux), NUL included.
 * Longer data dir paths use a short path in the temp dir instead.
 */
const MAX_SOCKET_PATH_BYTES = 100;

/**
 * Where the presenter of `dataDir` listens: `speaker.sock` in the data dir, so presenters on
 * different data dirs never cross; when that path is too long for a socket, a name in the temp dir
 * keyed by a hash of the data dir (and the user, as the temp dir may be shared). Windows uses a
 * named pipe keyed the same way.
 */
export function speakerSocketPath(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  const dir = path.resolve(dataDir);
  const key = createHash('sha256')
    .update(`${dir}\0${process.getuid?.() ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\c360-demo-speaker-${key}`;
  const inDataDir = path.join(dir, 'speaker.sock');
  if (Buffer.byteLength(inDataDir) <= MAX_SOCKET_PATH_BYTES) return inDataDir;
  return path.join(os.tmpdir(), `c360-demo-speaker-${key}.sock`);
}

/** The snapshot `ms` later: the talk clock runs on, the scene clock too unless the rehearsal has finished. */
export function advanceClocks(snapshot: SpeakerSnapshot, ms: number): SpeakerSnapshot {
  const by = Math.max(0, ms);
  return {
    ...snapshot,
    sceneElapsedMs: snapshot.finished ? snapshot.sceneElapsedMs : snapshot.sceneElapsedMs + by,
    talkElapsedMs: snapshot.talkElapsedMs + by,
  };
}
