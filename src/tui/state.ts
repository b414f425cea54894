import type { ProgressEvent } from '../backends/backend.js';
import type { Block, ExecutedSql, SceneResult } from '../scenes/types.js';
import type { RunTarget, SourceTag } from '../scenes/session.js';

/** Where one scene stands. `queued` asks the run hook to start it. */
export type RunState =
  | { status: 'idle' }
  | { status: 'queued'; target: RunTarget; params?: Record<string, string | number>; previous?: Extract<RunState, { status: 'ok' }> }
  | { status: 'running'; startedAt: number; progress?: ProgressEvent; live?: Block[]; target: RunTarget; previous?: Extract<RunState, { status: 'ok' }> }
  | { status: 'ok'; result: SceneResult; target: RunTarget; tag: SourceTag }
  | { status: 'failed'; error: string; sql?: ExecutedSql[]; target: RunTarget; tag?: SourceTag; offerLocal: boolean };

export type WarehouseStatus =
  | { status: 'checking' }
  | { status: 'ready' }
  | { status: 'empty'; detail: string }
  | { status: 'build-requested'; scale: 'test' | 'full' }
  | { status: 'building'; scale: 'test' | 'full'; progress?: ProgressEvent; startedAt: number }
  | { status: 'build-failed'; error: string };

export type Mode = 'live' | 'rehearse' | 'onboard';
