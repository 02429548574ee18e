// The relay inside the partition test's network namespace (see networkPartition.ts), run there with
// `ip netns exec <namespace> node partitionRelay.mjs <listen address> <target address> <target port>`:
// accepts connections on <listen address> (its end of the veth pair) and connects each one back over
// the veth to <target address>:<target port> in the root namespace. Bytes pass unchanged both ways.
// Prints {"port": N} once it listens; exits when its standard input closes (the test ended or died),
// so it never outlives the test that started it.
import net from 'node:net';

const [listenAddress, targetAddress, targetPort] = process.argv.slice(2);
if (!listenAddress || !targetAddress || !targetPort) {
  process.stderr.write(
    'usage: partitionRelay.mjs <listen address> <target address> <target port>\n',
  );
  process.exit(2);
}

const server = net.createServer(client => {
  const upstream = net.connect({
    host: targetAddress,
    port: Number(targetPort),
  });
  client.pipe(upstream);
  upstream.pipe(client);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
});
server.on('error', error => {
  process.stderr.write(`partitionRelay: ${error.message}\n`);
  process.exit(1);
});
server.listen(0, listenAddress, () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});

process.stdin.on('data', () => {});
process.stdin.on('close', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
