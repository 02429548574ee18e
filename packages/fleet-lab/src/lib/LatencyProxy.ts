import net from 'node:net';

export type LatencyProxyOptions = {
  /** Port to listen on (127.0.0.1); 0 picks a free one. */
  listenPort: number;
  /** Port on 127.0.0.1 the connections go to. */
  targetPort: number;
  /** Delay of each chunk, in each direction. */
  delayMs: number;
};

type Item = { due: number; chunk?: Buffer; kind: 'data' | 'end' | 'destroy' };

/**
 * Forwards what `from` sends to `to`, each chunk `delayMs` later, in order; `from`'s end (or its
 * abrupt close) reaches `to` after the same delay. Nothing is delivered before `notBefore`.
 * Honours `to`'s backpressure by pausing `from`.
 */
function delayedPipe(
  from: net.Socket,
  to: net.Socket,
  delayMs: number,
  notBefore: number,
) {
  const queue: Item[] = [];
  let timer: NodeJS.Timeout | undefined;
  let waitingForDrain = false;
  let ended = false;
  const onDrain = () => {
    waitingForDrain = false;
    from.resume();
  };

  const flush = () => {
    timer = undefined;
    const now = Date.now();
    while (queue.length > 0 && queue[0].due <= now) {
      const item = queue.shift()!;
      if (to.destroyed) {
        queue.length = 0;
        return;
      }
      if (item.kind === 'data') {
        if (!to.write(item.chunk!) && !waitingForDrain) {
          waitingForDrain = true;
          from.pause();
          to.once('drain', onDrain);
        }
      } else if (item.kind === 'end') {
        to.end();
      } else {
        to.destroy();
      }
    }
    if (queue.length > 0) {
      timer = setTimeout(flush, queue[0].due - now);
    }
  };

  const push = (kind: Item['kind'], chunk?: Buffer) => {
    const due = Math.max(Date.now(), notBefore) + delayMs;
    queue.push({ due, chunk, kind });
    if (!timer) {
      timer = setTimeout(flush, Math.max(0, due - Date.now()));
    }
  };

  from.on('data', chunk => push('data', chunk as Buffer));
  from.on('end', () => {
    ended = true;
    push('end');
  });
  from.on('close', () => {
    if (!ended) push('destroy');
  });
}

/**
 * A TCP proxy on 127.0.0.1 that delays every chunk by a fixed time in each direction, like a network
 * link of that one-way latency: a request and its answer take 2 x delay longer, and a new
 * connection one more round trip (its TCP handshake, which the loopback skips). Bytes pass through
 * unchanged (TLS included) and half-closes are forwarded, so HTTP/2, watches and keep-alive behave
 * as they would across a network.
 */
export class LatencyProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly options: LatencyProxyOptions) {}

  /** Starts listening; resolves the port. */
  listen(): Promise<number> {
    const { targetPort, delayMs } = this.options;
    const server = net.createServer({ allowHalfOpen: true }, client => {
      const accepted = Date.now();
      const upstream = net.connect({
        host: '127.0.0.1',
        port: targetPort,
        allowHalfOpen: true,
      });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.setNoDelay(true);
        socket.on('close', () => this.sockets.delete(socket));
        // An error closes the socket; delayedPipe forwards the close to the other side.
        socket.on('error', () => socket.destroy());
      }
      delayedPipe(client, upstream, delayMs, accepted + 2 * delayMs);
      delayedPipe(upstream, client, delayMs, accepted);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.listenPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  /** Stops listening and closes every open connection. */
  close(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    return new Promise(resolve => server.close(() => resolve()));
  }

  get connections(): number {
    return this.sockets.size;
  }
}
