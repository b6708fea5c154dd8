import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import FindMyWay from 'find-my-way';
import { WebSocketServer, type WebSocket } from 'ws';

/** Handles one accepted WebSocket; whatever it starts must end when the socket closes. */
export type WebSocketHandler = (socket: WebSocket, params: Readonly<Record<string, string | undefined>>, query: URLSearchParams) => void;

/** The facility's WebSocket routes (live streams: cluster events, histogram updates, progress). */
export class WebSocketRoutes {
  private readonly routes = FindMyWay({ ignoreTrailingSlash: false });
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });

  on(path: string, handler: WebSocketHandler): void {
    this.routes.on('GET', path, () => {}, { handler });
  }

  /** Upgrades an (already authenticated) request, or answers 404 when no route matches. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const found = this.routes.find('GET', url.pathname);
    if (!found) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const { handler } = found.store as { handler: WebSocketHandler };
    this.server.handleUpgrade(request, socket, head, (ws) => handler(ws, found.params, url.searchParams));
  }

  /** Closes every open socket. */
  close(): void {
    for (const client of this.server.clients) client.terminate();
    this.server.close();
  }
}
