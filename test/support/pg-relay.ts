import { createServer, connect, Server, Socket } from 'node:net';

/** PostgreSQL's ReadyForQuery message ('Z', length 5, status): the end of every answer. */
const READY_FOR_QUERY = Buffer.from([0x5a, 0, 0, 0, 5]);

/** One direction of a relayed connection: forwards chunks, or keeps them while blocked. */
class Pipe {
  private blocked = false;
  private readonly kept: Buffer[] = [];
  /** Called with everything kept so far, after each chunk kept. */
  onKept?: (kept: Buffer) => void;

  constructor(private readonly to: Socket) {}

  write(chunk: Buffer): void {
    if (!this.blocked) {
      this.to.write(chunk);
      return;
    }
    this.kept.push(chunk);
    this.onKept?.(Buffer.concat(this.kept));
  }

  block(): void {
    this.blocked = true;
  }

  unblock(): void {
    this.blocked = false;
    this.onKept = undefined;
    for (const chunk of this.kept.splice(0)) this.to.write(chunk);
  }
}

interface Relayed {
  /** The client's startup message: it names the connection's `application_name`. */
  startup?: Buffer;
  toServer: Pipe;
  toClient: Pipe;
}

export interface HeldAnswer {
  /** Resolves once PostgreSQL has answered the query completely (the answer is held in the relay). */
  answered: Promise<void>;
  /** Passes the answer on to the app. */
  release(): void;
}

interface PendingHold {
  marker: Buffer;
  attach(connection: Relayed): void;
}

/**
 * A TCP relay between an app and PostgreSQL that a test controls at the
 * level of single connections: it can stall the connections of one
 * `application_name` (nothing forwarded either way, nothing closed — a link
 * that died silently) and hold back the answer to one query (to force an
 * interleaving). Everything else is relayed untouched.
 */
export class PgRelay {
  private readonly connections = new Set<Relayed>();
  private readonly sockets = new Set<Socket>();
  private stalledApplication?: Buffer;
  private readonly holds: PendingHold[] = [];

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  static async start(databaseUrl: string): Promise<PgRelay> {
    const target = new URL(databaseUrl);
    const server = createServer();
    const relay = new PgRelay(server, target);
    server.on('connection', (client) => relay.relay(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return relay;
  }

  /** The database URL, through the relay. */
  get url(): string {
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as { port: number }).port);
    return url.toString();
  }

  /** From now on, nothing passes on the connections (open or new) of `applicationName`, and none is closed. */
  stall(applicationName: string): void {
    this.stalledApplication = Buffer.from(`application_name\0${applicationName}\0`);
    for (const connection of this.connections) if (this.isStalled(connection)) this.block(connection);
  }

  /** Undoes `stall`: what was kept is forwarded, and the connections carry on. */
  resume(): void {
    this.stalledApplication = undefined;
    for (const connection of this.connections) {
      connection.toServer.unblock();
      connection.toClient.unblock();
    }
  }

  /** The answer to the next query sent with `marker` in it (e.g. a parameter's value) is held until released. */
  holdAnswerTo(marker: string): HeldAnswer {
    let release = () => undefined as void;
    const answered = new Promise<void>((resolve) => {
      this.holds.push({
        marker: Buffer.from(marker),
        attach: ({ toClient }) => {
          toClient.block();
          toClient.onKept = (kept) => kept.subarray(-6, -1).equals(READY_FOR_QUERY) && resolve();
          release = () => toClient.unblock();
        },
      });
    });
    return { answered, release: () => release() };
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket): void {
    const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
    const connection: Relayed = { toServer: new Pipe(upstream), toClient: new Pipe(client) };
    this.connections.add(connection);
    client.on('data', (chunk: Buffer) => {
      if (!connection.startup) {
        connection.startup = chunk;
        if (this.isStalled(connection)) this.block(connection);
      }
      const hold = this.holds.findIndex(({ marker }) => chunk.includes(marker));
      if (hold >= 0) this.holds.splice(hold, 1)[0].attach(connection);
      connection.toServer.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => connection.toClient.write(chunk));
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ]) {
      this.sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        this.sockets.delete(socket);
        other.destroy();
        this.connections.delete(connection);
      });
    }
  }

  private isStalled(connection: Relayed): boolean {
    return this.stalledApplication !== undefined && connection.startup?.includes(this.stalledApplication) === true;
  }

  private block(connection: Relayed): void {
    connection.toServer.block();
    connection.toClient.block();
  }
}
