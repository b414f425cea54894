import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { advanceClocks, encodeMessage, speakerSocketPath, type SpeakerSnapshot } from './protocol.js';

/** What the presenter needs of a speaker-view channel (tests pass their own). */
export interface SpeakerChannel {
  publish(snapshot: SpeakerSnapshot): void;
  /** `true` when a view connects, `false` once the last one has been gone for a moment; returns an unsubscribe. */
  onAttached(listener: (attached: boolean) => void): () => void;
}

/** A view that has not read this much is stuck: it is dropped rather than buffered without end. */
const MAX_UNREAD_BYTES = 256 * 1024;

/**
 * The presenter's end: listens on the data dir's socket and sends every view the current snapshot
 * when it connects and each new one as the presenter moves. It never throws and never waits on a
 * view: writes are queued by the socket, a stuck view is dropped, and when it cannot listen (another
 * presenter on this data dir, no room for the socket) it says why in `problem` and publishes nothing.
 */
export class SpeakerPublisher implements SpeakerChannel {
  readonly socketPath: string;
  /** Why this presenter publishes nothing, once known. */
  problem: string | undefined;
  /** Settles when the socket listens, or when it is known that it cannot. */
  readonly ready: Promise<void>;
  private server: net.Server | undefined;
  private readonly views = new Set<net.Socket>();
  private readonly greeted = new Set<net.Socket>();
  private latest: { snapshot: SpeakerSnapshot; at: number } | undefined;
  private attached = false;
  private detachTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(attached: boolean) => void>();
  private closed = false;
  /** The folder made to hold the socket (a data dir that did not exist yet), removed again if still empty. */
  private madeDir: string | undefined;
  private readonly detachGraceMs: number;

  constructor(dataDir: string, options: { detachGraceMs?: number } = {}) {
    this.socketPath = speakerSocketPath(dataDir);
    // A view that restarts must not make the narration flash back onto the audience's screen.
    this.detachGraceMs = options.detachGraceMs ?? 1_000;
    this.ready = this.start();
  }

  publish(snapshot: SpeakerSnapshot): void {
    this.latest = { snapshot, at: performance.now() };
    const line = encodeMessage(snapshot);
    for (const view of this.views) this.send(view, line);
  }

  onAttached(listener: (attached: boolean) => void): () => void {
    this.listeners.add(listener);
    if (this.attached) listener(true);
    return () => this.listeners.delete(listener);
  }

  /** Says goodbye to the views (they wait for the next presenter) and removes the socket. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.detachTimer);
    await this.ready;
    for (const view of this.views) {
      view.end(encodeMessage({ type: 'bye' }));
      view.destroySoon();
    }
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    if (this.madeDir) removeEmptyDirs(path.dirname(this.socketPath), this.madeDir);
  }

  private async start(): Promise<void> {
    const isPipe = this.socketPath.startsWith('\\\\');
    try {
      if (!isPipe) this.madeDir = fs.mkdirSync(path.dirname(this.socketPath), { recursive: true });
      this.server = await this.listen();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' || isPipe) {
        this.problem = `speaker view unavailable: cannot listen on ${this.socketPath} (${code ?? (err as Error).message})`;
        return;
      }
      // A socket file is there: a live presenter, or one that crashed and left it behind.
      if (await answers(this.socketPath)) {
        this.problem = `speaker view: another presenter on this data dir already publishes to ${this.socketPath}`;
        return;
      }
      try {
        if (fs.lstatSync(this.socketPath).isSocket()) fs.rmSync(this.socketPath, { force: true });
        this.server = await this.listen();
      } catch (retryErr) {
        this.problem = `speaker view unavailable: cannot listen on ${this.socketPath} (${(retryErr as NodeJS.ErrnoException).code ?? (retryErr as Error).message})`;
        return;
      }
    }
    // Notes are the presenter's: other users on the machine have no business reading them.
    if (!isPipe) fs.chmod(this.socketPath, 0o600, () => undefined);
    if (this.closed) {
      const server = this.server;
      this.server = undefined;
      server.close();
    }
  }

  private listen(): Promise<net.Server> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => this.accept(socket));
      server.once('error', reject);
      server.listen(this.socketPath, () => {
        server.off('error', reject);
        // Past this point a server error (none is expected) must not take the presenter down.
        server.on('error', () => undefined);
        resolve(server);
      });
    });
  }

  private accept(view: net.Socket): void {
    if (this.closed) {
      view.destroy();
      return;
    }
    this.views.add(view);
    view.on('error', () => view.destroy());
    view.on('close', () => this.drop(view));
    // A view greets on connecting; a mere probe (another presenter checking the socket) never
    // does, so it does not count as attached. Anything else a view sends is read and ignored.
    view.once('data', () => {
      this.greeted.add(view);
      this.setAttached(true);
    });
    view.resume();
    if (this.latest) this.send(view, encodeMessage(advanceClocks(this.latest.snapshot, performance.now() - this.latest.at)));
  }

  private send(view: net.Socket, line: string): void {
    if (view.destroyed) return;
    if (view.writableLength > MAX_UNREAD_BYTES) {
      view.destroy();
      return;
    }
    view.write(line);
  }

  private drop(view: net.Socket): void {
    this.views.delete(view);
    this.greeted.delete(view);
    if (this.greeted.size > 0 || this.closed || !this.attached) return;
    clearTimeout(this.detachTimer);
    this.detachTimer = setTimeout(() => {
      if (this.greeted.size === 0) this.setAttached(false);
    }, this.detachGraceMs);
    this.detachTimer.unref();
  }

  private setAttached(attached: boolean): void {
    if (attached) clearTimeout(this.detachTimer);
    if (attached === this.attached) return;
    this.attached = attached;
    for (const listener of this.listeners) listener(attached);
  }
}

/** Whether something listens on the socket at `socketPath` (false for a file left by a crash). */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** Removes `dir` and its parents up to `top` while they are empty (rmdir refuses a folder that is not). */
function removeEmptyDirs(dir: string, top: string): void {
  for (let at = dir; at.startsWith(top); at = path.dirname(at)) {
    try {
      fs.rmdirSync(at);
    } catch {
      return;
    }
    if (at === top) return;
  }
}
