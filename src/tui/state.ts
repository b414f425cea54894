import type { ProgressEvent } from '../backends/backend.js';
import type { Block, ExecutedSql, SceneResult } from '../scenes/types.js';

/** Where one scene stands. */
export type RunState =
  | { status: 'idle' }
  | { status: 'running'; startedAt: number; progress?: ProgressEvent; live?: Block[]; source: 'primary' | 'local' }
  | { status: 'ok'; result: SceneResult; source: 'primary' | 'local' }
  | { status: 'failed'; error: string; sql?: ExecutedSql[]; source: 'primary' | 'local'; offerLocal: boolean };

export type WarehouseStatus =
  | { status: 'unknown' }
  | { status: 'checking' }
  | { status: 'ready' }
  | { status: 'empty'; detail: string }
  | { status: 'building'; scale: string; progress?: ProgressEvent; startedAt: number }
  | { status: 'build-failed'; error: string };

export type Mode = 'live' | 'rehearse' | 'onboard';
