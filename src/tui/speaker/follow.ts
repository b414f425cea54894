import net from 'node:net';
import { decodeMessage, speakerSocketPath, type SpeakerSnapshot } from './protocol.js';

export interface FollowEvents {
  /** The presenter's current scene: on connecting, then on every change. */
  onSnapshot(snapshot: SpeakerSnapshot): void;
  /** No presenter (yet, or any more): the view waits and keeps trying. */
  onWaiting(reason: 'not-started' | 'quit' | 'lost'): void;
  /** A line the view could not read (another version of c360-demo on the other side). */
  onProblem?(message: string): void;
}

/** How often a waiting view tries the socket again: a presenter that starts is found within this. */
const RETRY_MS = 200;

/**
 * The speaker view's end: connects to the presenter of `dataDir`, reports each snapshot, and when
 * the presenter quits or dies, waits and reconnects to the next one. Returns a function that stops.
 */
export function followPresenter(dataDir: string, events: FollowEvents, options: { retryMs?: number } = {}): () => void {
  const socketPath = speakerSocketPath(dataDir);
  const retryMs = options.retryMs ?? RETRY_MS;
  let stopped = false;
  let socket: net.Socket | undefined;
  let retry: NodeJS.Timeout | undefined;
  let waitingFor: 'not-started' | 'quit' | 'lost' | undefined;

  const wait = (reason: 'not-started' | 'quit' | 'lost') => {
    // Each failed attempt is not news: say it once until something changes.
    if (waitingFor === undefined || (reason !== 'not-started' && waitingFor !== reason)) events.onWaiting(reason);
    waitingFor = reason;
  };

  const connect = () => {
    if (stopped) return;
    let connected = false;
    let said: 'quit' | undefined;
    let pending = '';
    const s = net.connect(socketPath);
    socket = s;
    s.setEncoding('utf8');
    s.on('connect', () => {
      connected = true;
      s.write('hello\n');
    });
    s.on('data', (chunk: string) => {
      pending += chunk;
      let at: number;
      while ((at = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, at);
        pending = pending.slice(at + 1);
        if (!line.trim()) continue;
        const decoded = decodeMessage(line);
        if (!decoded.ok) events.onProblem?.(decoded.reason);
        else if (decoded.message.type === 'bye') said = 'quit';
        else {
          waitingFor = undefined;
          events.onSnapshot(decoded.message);
        }
      }
    });
    s.on('error', () => undefined);
    s.on('close', () => {
      if (socket === s) socket = undefined;
      if (stopped) return;
      wait(connected ? (said ?? 'lost') : 'not-started');
      retry = setTimeout(connect, retryMs);
    });
  };

  connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    socket?.destroy();
  };
}
