import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { FacilityInfo } from '@afkit/core';
import type { Feature, FeatureContext } from './Feature.ts';
import { applyCors, isAllowedOrigin } from './http/cors.ts';
import { Router } from './http/Router.ts';
import { generateToken, hasValidToken } from './http/tokenAuth.ts';
import { WebSocketRoutes } from './http/WebSocketRoutes.ts';
import { FACILITY_VERSION } from './version.ts';

/** Options of {@link LocalFacility.start}. */
export interface LocalFacilityOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** The token every request must carry; a fresh random one by default. */
  readonly token?: string;
  /** Page origins allowed to call from a browser (the JupyterLab page). */
  readonly allowedOrigins?: readonly string[];
  /** Shown in the panels. */
  readonly name?: string;
  /** Clusters, datasets, joins, histograms: what this facility serves. */
  readonly features?: readonly Feature[];
  /** Where state lives; a fresh temporary folder (removed on close) by default. */
  readonly stateDir?: string;
}

const HOST = '127.0.0.1';

/**
 * afkit's embedded backend: an HTTP and WebSocket server on 127.0.0.1 that requires its token on every
 * request, and stops everything its features started when closed.
 */
export class LocalFacility {
  private readonly cleanups: (() => Promise<void> | void)[] = [];
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly sockets: WebSocketRoutes,
    /** Base URL, e.g. `http://127.0.0.1:8765`. */
    readonly url: string,
    /** The token clients must send. Never log it. */
    readonly token: string,
    readonly info: FacilityInfo,
  ) {}

  /** Starts a facility and resolves once it listens. */
  static async start(options: LocalFacilityOptions = {}): Promise<LocalFacility> {
    const token = options.token ?? generateToken();
    const allowedOrigins = new Set(options.allowedOrigins ?? []);
    const router = new Router();
    const sockets = new WebSocketRoutes();
    const ownStateDir = options.stateDir === undefined;
    const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'afkit-facility-')));

    const server = createServer((request, response) => void serve(request, response));
    async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
      if (!applyCors(request, response, allowedOrigins)) {
        response.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'This page is not allowed to call the facility.' }));
        return;
      }
      if (request.method === 'OPTIONS') {
        response.writeHead(204).end();
        return;
      }
      if (!hasValidToken(request, token, false)) {
        response.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'Authentication required' }));
        return;
      }
      await router.handle(request, response);
    }
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!isAllowedOrigin(request, allowedOrigins)) socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      else if (!hasValidToken(request, token, true)) socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      else sockets.upgrade(request, socket, head);
    });

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${HOST}:${port}`;
    const features = options.features ?? [];
    const info: FacilityInfo = {
      name: options.name ?? 'Local facility',
      version: FACILITY_VERSION,
      kind: 'local',
      url,
      capabilities: features.map((f) => f.capability),
      startedAt: Date.now(),
    };
    const facility = new LocalFacility(server, sockets, url, token, info);
    if (ownStateDir) facility.cleanups.push(() => rm(stateDir, { recursive: true, force: true }));

    router.get('/api/afkit/info', () => ({ json: facility.info }));
    router.get('/api/health', () => ({ json: { status: 'pass' } }));
    router.get('/api/version', () => ({ json: { version: FACILITY_VERSION } }));

    const context: FeatureContext = { router, sockets, stateDir, url, token, onClose: (cleanup) => facility.cleanups.push(cleanup) };
    try {
      for (const feature of features) await feature.mount(context);
    } catch (error) {
      await facility.close();
      throw error;
    }
    return facility;
  }

  /** Stops every feature (and the processes they started), closes all connections, and stops listening. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const cleanup of this.cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          console.error('afkit facility: cleanup failed:', error);
        }
      }
      this.sockets.close();
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    })();
    return this.closing;
  }
}
