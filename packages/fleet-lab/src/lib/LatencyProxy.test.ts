import crypto from 'node:crypto';
import net from 'node:net';
import { LatencyProxy } from './LatencyProxy';

type Upstream = { server: net.Server; port: number; close(): Promise<void> };

/** A TCP server on 127.0.0.1 that runs `onConnection` for each client. */
async function upstream(
  onConnection: (socket: net.Socket) => void,
): Promise<Upstream> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    server,
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise(resolve => server.close(() => resolve()));
    },
  };
}

/** A client of the proxy; with `allowHalfOpen` it stays writable after the other side ends. */
function connect(port: number, allowHalfOpen = false): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the socket receives until its end. */
function readAll(socket: net.Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.once('end', () => resolve(Buffer.concat(chunks)));
    socket.once('error', reject);
  });
}

function once(socket: net.Socket, event: string): Promise<void> {
  return new Promise(resolve => socket.once(event, () => resolve()));
}

/** Waits (up to a second) until the proxy holds no socket. */
async function drained(proxy: LatencyProxy) {
  for (let i = 0; i < 100 && proxy.connections > 0; i++) {
    await new Promise(r => setTimeout(r, 10));
  }
  return proxy.connections;
}

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('LatencyProxy', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function proxyTo(target: Upstream, delayMs: number) {
    cleanups.push(() => target.close());
    const proxy = new LatencyProxy({
      listenPort: 0,
      targetPort: target.port,
      delayMs,
    });
    const port = await proxy.listen();
    cleanups.push(() => proxy.close());
    return { proxy, port };
  }

  it('delays each chunk by the delay in each direction', async () => {
    // An echo server: a request and its answer cross the proxy twice.
    const target = await upstream(s => s.on('data', d => s.write(d)));
    const { port } = await proxyTo(target, 100);
    const client = await connect(port);
    cleanups.push(() => void client.destroy());

    const roundTrip = async (text: string) => {
      const began = process.hrtime.bigint();
      const answer = new Promise<string>(resolve =>
        client.once('data', d => resolve(d.toString())),
      );
      client.write(text);
      expect(await answer).toBe(text);
      return Number(process.hrtime.bigint() - began) / 1e6;
    };
    // The first exchange on a new connection also pays for the TCP handshake (one round trip).
    const first = await roundTrip('hello');
    expect(first).toBeGreaterThanOrEqual(290);
    expect(first).toBeLessThan(600);
    const second = await roundTrip('again');
    expect(second).toBeGreaterThanOrEqual(190);
    expect(second).toBeLessThan(400);
  });

  it('passes bytes through intact and in order, both ways', async () => {
    const request = crypto.randomBytes(3 * 1024 * 1024);
    const response = crypto.randomBytes(2 * 1024 * 1024 + 17);
    let received: Buffer = Buffer.alloc(0);
    const target = await upstream(s => {
      readAll(s).then(all => {
        received = all;
        s.end(response);
      });
    });
    const { port } = await proxyTo(target, 20);
    const client = await connect(port, true);
    const answer = readAll(client);
    // Many small writes and one large one: order and content must survive the queue.
    for (let i = 0; i < 64; i++) {
      client.write(request.subarray(i * 1024, (i + 1) * 1024));
    }
    client.end(request.subarray(64 * 1024));
    const got = await answer;
    expect(sha(received)).toBe(sha(request));
    expect(got.length).toBe(response.length);
    expect(sha(got)).toBe(sha(response));
  });

  it('forwards a half-close and closes both sides cleanly', async () => {
    let upstreamSawEnd = false;
    const target = await upstream(s => {
      s.once('end', () => {
        upstreamSawEnd = true;
        // still writable after the client's half-close
        s.end('bye');
      });
    });
    const { proxy, port } = await proxyTo(target, 10);
    const client = await connect(port, true);
    const answer = readAll(client);
    const closed = once(client, 'close');
    client.end();
    expect((await answer).toString()).toBe('bye');
    expect(upstreamSawEnd).toBe(true);
    await closed;
    // Both proxied sockets are gone once the connection is over.
    expect(await drained(proxy)).toBe(0);
  });

  it('closes the client when the upstream drops the connection', async () => {
    const target = await upstream(s => s.destroy());
    const { port } = await proxyTo(target, 10);
    const client = await connect(port);
    client.on('error', () => {});
    await once(client, 'close');
    expect(client.destroyed).toBe(true);
  });

  it('closes the client when nothing listens upstream', async () => {
    const target = await upstream(() => {});
    const freePort = target.port;
    await target.close();
    const proxy = new LatencyProxy({
      listenPort: 0,
      targetPort: freePort,
      delayMs: 10,
    });
    const port = await proxy.listen();
    cleanups.push(() => proxy.close());
    const client = await connect(port);
    client.on('error', () => {});
    await once(client, 'close');
    expect(await drained(proxy)).toBe(0);
  });

  it('close() stops listening and ends open connections', async () => {
    const target = await upstream(() => {});
    const proxy = new LatencyProxy({
      listenPort: 0,
      targetPort: target.port,
      delayMs: 10,
    });
    const port = await proxy.listen();
    cleanups.push(() => target.close());
    const client = await connect(port);
    client.on('error', () => {});
    const closed = once(client, 'close');
    await proxy.close();
    await closed;
    await expect(connect(port)).rejects.toThrow(/ECONNREFUSED/);
  });
});
