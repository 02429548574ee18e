import { labConfig } from './config';

/** Every port a default lab listens on at this offset. */
function portsAt(offset: number): number[] {
  const config = labConfig({ CANARY_LAB_PORT_OFFSET: String(offset) });
  return [
    ...config.clusters.flatMap(c =>
      c.prometheusPort
        ? [c.apiserverPort, c.prometheusPort]
        : [c.apiserverPort],
    ),
    config.etcdClientPort,
    config.etcdPeerPort,
    config.daemonPort,
    config.idpPort,
  ];
}

describe('labConfig ports', () => {
  it.each([500, 1000, 2000])(
    'a second lab at offset %i shares no port with the default one',
    offset => {
      const taken = new Set(portsAt(0));
      expect(portsAt(offset).filter(port => taken.has(port))).toEqual([]);
    },
  );
});
