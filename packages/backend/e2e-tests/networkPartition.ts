// A real network partition point between a test's backend and one lab server, made of kernel parts:
// a veth pair between the root network namespace and a namespace of the test's own, and two TCP
// relays (no TLS termination: the bytes pass unchanged, so the API server's certificate, valid for
// 127.0.0.1 only, is checked end to end).
//
//   client ──lo──▶ front relay 127.0.0.1:port ──veth──▶ partitionRelay.mjs in the namespace
//                                                         │
//   target ◀──lo── return relay on the root veth address ◀──veth──┘
//
// `partition()` makes the kernel drop every packet that arrives on either end of the veth pair (a
// clsact qdisc with a classic-BPF filter that answers TC_ACT_SHOT, in direct-action mode: kernels
// without sch_netem, cls_matchall or act_gact, like this test's first machine, have them), so
// nothing is closed or refused: the senders' TCP stacks believe their segments left and retransmit
// them. `heal()` removes the filters; connections that were open carry on where they stopped, once
// TCP retransmits. The drop is on ingress on purpose: a drop on egress is reported back to the
// sending socket (ENOBUFS), which gives up on its connection within seconds, as no real
// partition does. The neighbour entries are permanent, so ARP cannot fail and report the peer
// unreachable either.
import { execFile, spawn, type ChildProcess } from 'child_process';
import net from 'net';
import path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);
const NAMESPACE_PREFIX = 'canary-partition-';
// Interface names have at most 15 characters: `cpart` + a pid (at most 7 digits) + `n`.
const VETH_PREFIX = 'cpart';
// A classic BPF program of one instruction, `ret #2`: TC_ACT_SHOT, the packet is dropped.
const DROP_EVERYTHING = '1,6 0 0 2';
const RELAY_SCRIPT = path.join(__dirname, 'partitionRelay.mjs');

type Target = { host: string; port: number };

/** Runs a tool; a failure says what was being done and what the tool said. */
async function tool(what: string, file: string, args: string[]) {
  try {
    const { stdout } = await run(file, args, { timeout: 30_000 });
    return stdout;
  } catch (error: any) {
    if (error.code === 'ENOENT') {
      throw new Error(
        `The network partition test needs \`${file}\` (iproute2), which is not installed (needed to ${what})`,
      );
    }
    throw new Error(
      `Could not ${what}: \`${file} ${args.join(' ')}\` failed: ${
        String(error.stderr ?? '').trim() || error.message
      }`,
    );
  }
}

/** Fails with a message naming what is missing when the machine cannot make a partition. */
export async function requirePartitionTools() {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'The network partition test must run as root (it creates a network namespace and a veth pair: CAP_NET_ADMIN)',
    );
  }
  await tool('check the `ip` tool', 'ip', ['-V']);
  await tool('check the `tc` tool', 'tc', ['-V']);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: any) {
    return error.code === 'EPERM';
  }
}

/**
 * Removes the namespaces and veth pairs left by an earlier run of the test that died before its
 * cleanup (their names carry the pid of the test's process, which is gone).
 */
export async function removeLeftoverPartitions() {
  const namespaces = await tool('list the network namespaces', 'ip', [
    'netns',
    'list',
  ]);
  for (const line of namespaces.split('\n')) {
    const name = line.trim().split(/\s+/)[0];
    const pid = name?.startsWith(NAMESPACE_PREFIX)
      ? Number(name.slice(NAMESPACE_PREFIX.length))
      : NaN;
    if (Number.isInteger(pid) && !alive(pid)) {
      await tool(`remove the leftover namespace ${name}`, 'ip', [
        'netns',
        'delete',
        name,
      ]);
    }
  }
  const links = await tool('list the network interfaces', 'ip', [
    '-o',
    'link',
    'show',
  ]);
  for (const line of links.split('\n')) {
    const match = line.match(/^\d+:\s+(cpart(\d+))[@:]/);
    if (match && !alive(Number(match[2]))) {
      await tool(`remove the leftover veth ${match[1]}`, 'ip', [
        'link',
        'delete',
        match[1],
      ]).catch(() => undefined); // gone with its namespace meanwhile
    }
  }
}

/** A free /30 in 10.240.0.0/16 for the veth pair, chosen from the pid. */
async function freeSubnet(): Promise<{ root: string; inside: string }> {
  const used = await tool('list the addresses', 'ip', ['-o', 'addr', 'show']);
  for (let i = 0; i < 16384; i++) {
    const base = ((process.pid + i) % 16384) * 4;
    const prefix = `10.240.${base >> 8}.`;
    const first = base & 255;
    if ([0, 1, 2, 3].some(k => used.includes(`inet ${prefix}${first + k}/`))) {
      continue;
    }
    return { root: `${prefix}${first + 1}`, inside: `${prefix}${first + 2}` };
  }
  throw new Error('No free /30 in 10.240.0.0/16 for the veth pair');
}

async function macOf(device: string, namespace?: string): Promise<string> {
  const args = namespace
    ? ['-n', namespace, '-j', 'link', 'show', 'dev', device]
    : ['-j', 'link', 'show', 'dev', device];
  const [link] = JSON.parse(
    await tool(`read the address of ${device}`, 'ip', args),
  );
  return link.address;
}

/** Pipes two sockets into each other; each one's end or error ends the other. */
function join(a: net.Socket, b: net.Socket, sockets: Set<net.Socket>) {
  for (const socket of [a, b]) {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  }
  a.pipe(b);
  b.pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.on('close', () => b.destroy());
  b.on('close', () => a.destroy());
}

function listen(server: net.Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () =>
      resolve((server.address() as net.AddressInfo).port),
    );
  });
}

export class NetworkPartition {
  /** The port on 127.0.0.1 that reaches the target through the partition point. */
  port = 0;
  readonly namespace = `${NAMESPACE_PREFIX}${process.pid}`;
  readonly rootVeth = `${VETH_PREFIX}${process.pid}`;
  readonly insideVeth = `${VETH_PREFIX}${process.pid}n`;
  private addresses = { root: '', inside: '' };
  private insideRelay?: ChildProcess;
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  private partitioned = false;
  private created = false;
  /** The clients' connections now open, those open at the last heal, and those of them that resumed. */
  private readonly clients = new Set<net.Socket>();
  private openAtHeal = new Set<net.Socket>();
  private readonly resumed = new Set<net.Socket>();

  private constructor(private readonly target: Target) {}

  /** Makes the namespace, the veth pair and the relays to `target`; checks the drop works. */
  static async create(target: Target): Promise<NetworkPartition> {
    await requirePartitionTools();
    await removeLeftoverPartitions();
    const point = new NetworkPartition(target);
    try {
      await point.setUp();
    } catch (error) {
      await point.close();
      throw error;
    }
    return point;
  }

  private async setUp() {
    const { namespace, rootVeth, insideVeth } = this;
    this.created = true;
    await tool(
      'create a network namespace (the kernel needs CONFIG_NET_NS)',
      'ip',
      ['netns', 'add', namespace],
    );
    await tool('create a veth pair (the kernel needs CONFIG_VETH)', 'ip', [
      'link',
      'add',
      rootVeth,
      'type',
      'veth',
      'peer',
      'name',
      insideVeth,
      'netns',
      namespace,
    ]);
    this.addresses = await freeSubnet();
    const { root, inside } = this.addresses;
    await tool('address the root end of the veth', 'ip', [
      'addr',
      'add',
      `${root}/30`,
      'dev',
      rootVeth,
    ]);
    await tool('address the inside end of the veth', 'ip', [
      '-n',
      namespace,
      'addr',
      'add',
      `${inside}/30`,
      'dev',
      insideVeth,
    ]);
    await tool('bring the veth up', 'ip', ['link', 'set', rootVeth, 'up']);
    await tool('bring the veth up', 'ip', [
      '-n',
      namespace,
      'link',
      'set',
      insideVeth,
      'up',
    ]);
    // Permanent neighbours: while partitioned, ARP would otherwise fail after some seconds and the
    // kernel would report the peer unreachable to the sockets (an error, not a silence).
    await tool('pin the neighbour of the root end', 'ip', [
      'neigh',
      'replace',
      inside,
      'lladdr',
      await macOf(insideVeth, namespace),
      'dev',
      rootVeth,
      'nud',
      'permanent',
    ]);
    await tool('pin the neighbour of the inside end', 'ip', [
      '-n',
      namespace,
      'neigh',
      'replace',
      root,
      'lladdr',
      await macOf(rootVeth),
      'dev',
      insideVeth,
      'nud',
      'permanent',
    ]);

    // Back from the namespace to the target, on the root end's address.
    const back = net.createServer(client =>
      join(client, net.connect(this.target), this.sockets),
    );
    this.servers.push(back);
    const backPort = await listen(back, root);

    const insidePort = await this.startInsideRelay(backPort);

    // From the test's clients into the namespace.
    const front = net.createServer(client => {
      const upstream = net.connect({ host: inside, port: insidePort });
      join(client, upstream, this.sockets);
      this.clients.add(client);
      client.on('close', () => this.clients.delete(client));
      upstream.on('data', () => {
        if (this.openAtHeal.has(client)) this.resumed.add(client);
      });
    });
    this.servers.push(front);
    this.port = await listen(front, '127.0.0.1');

    // The drop must work before the test relies on it.
    await this.partition();
    await this.heal();
  }

  private startInsideRelay(backPort: number): Promise<number> {
    const { root, inside } = this.addresses;
    const child = spawn(
      'ip',
      [
        'netns',
        'exec',
        this.namespace,
        process.execPath,
        RELAY_SCRIPT,
        inside,
        root,
        String(backPort),
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.insideRelay = child;
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(
        () => reject(new Error(`The relay in ${this.namespace} did not start`)),
        30_000,
      );
      child.on('error', error => {
        clearTimeout(timer);
        reject(new Error(`Could not start the relay: ${error.message}`));
      });
      child.stderr!.on('data', chunk => (err += chunk));
      child.stdout!.on('data', chunk => {
        out += chunk;
        const line = out.split('\n')[0];
        if (out.includes('\n')) {
          clearTimeout(timer);
          resolve(JSON.parse(line).port);
        }
      });
      child.on('exit', code => {
        clearTimeout(timer);
        reject(
          new Error(
            `The relay in ${this.namespace} exited (${code}): ${err.trim()}`,
          ),
        );
      });
    });
  }

  /** The kernel drops every packet that reaches either end of the veth pair from now on. */
  async partition() {
    for (const [device, namespace] of this.ends()) {
      const ns = namespace ? ['-n', namespace] : [];
      await tool(
        `add a clsact qdisc on ${device} (the kernel needs CONFIG_NET_SCH_INGRESS)`,
        'tc',
        [...ns, 'qdisc', 'add', 'dev', device, 'clsact'],
      );
      this.partitioned = true;
      await tool(
        `add a dropping BPF filter on ${device} (the kernel needs CONFIG_NET_CLS_BPF)`,
        'tc',
        [
          ...ns,
          'filter',
          'add',
          'dev',
          device,
          'ingress',
          'bpf',
          'da',
          'bytecode',
          DROP_EVERYTHING,
        ],
      );
    }
  }

  /** How many packets the partition dropped on both ends so far (the qdiscs' own count). */
  async droppedPackets(): Promise<number> {
    let dropped = 0;
    for (const [device, namespace] of this.ends()) {
      const ns = namespace ? ['-n', namespace] : [];
      const stats = await tool(`read the drops on ${device}`, 'tc', [
        ...ns,
        '-s',
        'qdisc',
        'show',
        'dev',
        device,
        'ingress',
      ]);
      dropped += Number(stats.match(/dropped (\d+)/)?.[1] ?? 0);
    }
    return dropped;
  }

  /** Packets pass again: the filters go, nothing else is touched. */
  async heal() {
    if (!this.partitioned) return;
    for (const [device, namespace] of this.ends()) {
      const ns = namespace ? ['-n', namespace] : [];
      await tool(`remove the clsact qdisc on ${device}`, 'tc', [
        ...ns,
        'qdisc',
        'del',
        'dev',
        device,
        'clsact',
      ]).catch(error => {
        if (!/Cannot find|Invalid handle|No such/i.test(error.message)) {
          throw error;
        }
      });
    }
    this.partitioned = false;
    this.openAtHeal = new Set(this.clients);
    this.resumed.clear();
  }

  /**
   * The clients' connections that were open at the last heal, and how many of them have received
   * bytes from the target since: connections that survived the partition and carried on.
   */
  connectionsSinceHeal(): { openAtHeal: number; resumed: number } {
    return { openAtHeal: this.openAtHeal.size, resumed: this.resumed.size };
  }

  /** Heals, stops the relays and removes the veth pair and the namespace. */
  async close() {
    await this.heal().catch(() => undefined);
    if (this.insideRelay && this.insideRelay.exitCode === null) {
      const exited = new Promise(resolve =>
        this.insideRelay!.once('exit', resolve),
      );
      this.insideRelay.stdin?.end();
      this.insideRelay.kill();
      await Promise.race([exited, new Promise(r => setTimeout(r, 5_000))]);
    }
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(
      this.servers.map(server => new Promise(r => server.close(r))),
    );
    if (!this.created) return;
    await tool('remove the veth pair', 'ip', [
      'link',
      'delete',
      this.rootVeth,
    ]).catch(() => undefined); // not created, or gone with the namespace
    await tool('remove the network namespace', 'ip', [
      'netns',
      'delete',
      this.namespace,
    ]).catch(() => undefined);
  }

  private ends(): Array<[string, string | undefined]> {
    return [
      [this.rootVeth, undefined],
      [this.insideVeth, this.namespace],
    ];
  }
}
