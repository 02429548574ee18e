import fs from 'fs';
import path from 'path';
import { test } from '@playwright/test';
import {
  type BackendInstance,
  labClusterAddress,
  labClustersVia,
  repoRoot,
  roundRobinRead,
  startInstances,
  stopBackend,
} from './backendProcess';
import { NetworkPartition } from './networkPartition';
import { expectRunRecordedThrough } from './recordedRun';

// The recorder cut off from the member it records by a network partition (packets dropped in the
// kernel, see NetworkPartition) in the middle of a run of shop/checkout on kurator-member1, for
// longer than the fleet state's probe and the run's remaining steps: two backend instances on one
// PostgreSQL database both reach kurator-member1 through the partition point; the one holding the
// recorder's lease records. Once healed, the history must hold every status change the cluster
// went through meanwhile (recordedRun.ts compares it with the test's own watch of the cluster):
// none lost, none twice.
const member1 = 'kurator-member1';
const labDir = process.env.CANARY_LAB_STATE_DIR ?? path.join(repoRoot, '.lab');
const workDir = path.join(labDir, 'recorder-partition-test');
const PARTITION_MS = 30_000;

let instances: BackendInstance[] = [];
let partition: NetworkPartition | undefined;
test.afterEach(async () => {
  await Promise.all(instances.map(i => stopBackend(i.backend)));
  instances = [];
  await partition?.close();
});

test('a partition between the recorder and its member in the middle of a run loses no transition', async () => {
  // Two cold starts from source, one after the other, and a whole run.
  test.setTimeout(600_000);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  // Fails naming what is missing (root, ip, tc, a kernel feature) when no partition can be made.
  partition = await NetworkPartition.create(labClusterAddress(member1));
  const port = partition.port;
  instances = await startInstances({
    name: 'recorder-partition',
    ports: [7037, 7038],
    workDir,
    config: () => ({
      kubernetes: labClustersVia({ [member1]: port }),
      canary: { clusters: { requestTimeout: '5s' } },
    }),
  });

  // Reads go to one instance and then the other, as behind a load balancer.
  await expectRunRecordedThrough({
    read: roundRobinRead(instances),
    fault: async () => {
      await partition!.partition();
      const partitionedAt = Date.now();
      let dropped = 0;
      try {
        await new Promise(resolve => setTimeout(resolve, PARTITION_MS));
        dropped = await partition!.droppedPackets();
      } finally {
        await partition!.heal();
      }
      test.info().annotations.push({
        type: 'partition',
        description: `${Math.round(
          (Date.now() - partitionedAt) / 1000,
        )} s, ${dropped} packets dropped`,
      });
    },
  });
});
