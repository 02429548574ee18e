import fs from 'node:fs';
import { Lab } from '../lib/Lab';
import { httpRequest } from '../lib/net';
import { runningPid } from '../lib/processes';
import { labInfo, withClient } from '../testing/labTestUtils';
import { holdTheLabAlone } from '../testing/labLease';

// Stops one member's kube-apiserver for a few seconds: other users of the lab see that cluster
// unreachable meanwhile, so the outage is kept short and the member is always started again.
const member = 'kurator-member2';

// Other test files of the lab wait while this one takes a member down.
holdTheLabAlone();

describe('stopping and starting a member cluster', () => {
  it('makes the member unreachable, then serves its objects again', async () => {
    const lab = new Lab();
    const cluster = labInfo().clusters.find(c => c.name === member)!;
    const ca = fs.readFileSync(cluster.caFile, 'utf8');
    const readyz = () =>
      httpRequest(`${cluster.url}/readyz`, { ca, timeoutMs: 2000 }).then(
        r => r.status,
        () => 'unreachable',
      );
    try {
      expect(await lab.stopMember(member)).toBe(true);
      expect(runningPid(lab.paths.pidDir, `apiserver-${member}`)).toBe(
        undefined,
      );
      expect(await readyz()).toBe('unreachable');
      expect(await lab.stopMember(member)).toBe(false);
    } finally {
      await lab.startMember(member);
    }
    expect(await readyz()).toBe(200);
    const canary = await withClient(member, c =>
      c.get({
        apiVersion: 'flagger.app/v1beta1',
        kind: 'Canary',
        namespace: 'webapp',
        name: 'backend',
      }),
    );
    expect(canary.metadata.name).toBe('backend');
  }, 120_000);

  it('refuses a cluster that is not a member, naming the members', async () => {
    const lab = new Lab();
    await expect(lab.stopMember('host')).rejects.toThrow(
      '"host" is not a member cluster of the lab; members are kurator-member1, kurator-member2',
    );
    await expect(lab.startMember('kurator-member9')).rejects.toThrow(
      '"kurator-member9" is not a member cluster of the lab; members are kurator-member1, kurator-member2',
    );
  });
});
