// A TCP proxy in front of one lab server that a test can break, for the fault tests: bytes pass
// through unchanged (TLS included) until the test makes it a black hole (`stall`: connections are
// accepted and nothing is ever answered, those already open go silent), a dead host (`refuse`:
// every connection is closed at once) or a server whose answers are lost (`swallow`: requests
// reach the server, what it answers after them never comes back, nor does its closing the
// connection; a new connection's TLS handshake still completes, so a request sent on it reaches
// the server too). `heal` closes whatever was
// open during the fault and forwards again.
import net from 'net';

export type FaultMode = 'forward' | 'stall' | 'refuse' | 'swallow';

export class FaultProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private mode: FaultMode = 'forward';

  constructor(private readonly target: { host: string; port: number }) {}

  /** Listens on a free port of 127.0.0.1; resolves that port. */
  listen(): Promise<number> {
    const server = net.createServer(client => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () =>
        resolve((server.address() as net.AddressInfo).port),
      );
    });
  }

  stall() {
    this.mode = 'stall';
  }

  swallow() {
    this.mode = 'swallow';
  }

  refuse() {
    this.mode = 'refuse';
    this.closeAll();
  }

  heal() {
    this.closeAll();
    this.mode = 'forward';
  }

  async close() {
    this.closeAll();
    await new Promise(resolve => this.server?.close(resolve));
  }

  private accept(client: net.Socket) {
    if (this.mode === 'refuse') {
      client.destroy();
      return;
    }
    this.track(client);
    if (this.mode === 'stall') return; // accepted, never answered
    const upstream = net.connect(this.target);
    this.track(upstream);
    // Whether the client has spoken after the server: its handshake is over (TLS: ClientHello,
    // the server's flight, then the client's Finished with its request), so what the server sends
    // from then on is an answer.
    let serverSpoke = false;
    let answering = false;
    // What arrives while the proxy stalls is dropped: the other side hears nothing.
    client.on('data', chunk => {
      if (this.mode === 'stall') return;
      if (serverSpoke) answering = true;
      upstream.write(chunk);
    });
    upstream.on('data', chunk => {
      serverSpoke = true;
      if (this.mode === 'forward') client.write(chunk);
      else if (this.mode === 'swallow' && !answering) client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    // A server that closes after its answer (the Kubernetes plugin's proxy asks it to) would
    // tell the client the answer is not coming; a swallowed answer stays silent.
    upstream.on(
      'close',
      () => (this.mode !== 'swallow' || !answering) && client.destroy(),
    );
  }

  private track(socket: net.Socket) {
    this.sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  private closeAll() {
    for (const socket of this.sockets) socket.destroy();
  }
}
