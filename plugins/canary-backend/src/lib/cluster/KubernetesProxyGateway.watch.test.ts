import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { KubernetesProxyGateway } from './KubernetesProxyGateway';

/**
 * A watch through Backstage's root router, whose compression middleware sits in front of every
 * plugin (the Kubernetes plugin's proxy included): each event must reach the recorder while the
 * watch is still open, not when the compressor's buffer fills or the stream ends.
 */
describe('KubernetesProxyGateway watch through the root router', () => {
  let server: Server;
  let finishWatch: () => void = () => {};

  beforeAll(async () => {
    const middleware = MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    });
    const app = express();
    app.use(middleware.compression());
    app.get(
      '/api/kubernetes/proxy/apis/flagger.app/v1beta1/canaries',
      (_req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.write(
          `${JSON.stringify({
            type: 'MODIFIED',
            object: { metadata: { name: 'podinfo', resourceVersion: '7' } },
          })}\n`,
        );
        // The API server keeps the watch open until its timeout.
        finishWatch = () => res.end();
      },
    );
    server = await new Promise<Server>(resolve => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
  });

  afterAll(async () => {
    finishWatch();
    await new Promise(resolve => server.close(resolve));
  });

  it('hands over each event while the watch is still open', async () => {
    const { port } = server.address() as AddressInfo;
    const gateway = new KubernetesProxyGateway({
      auth: mockServices.auth(),
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => `http://127.0.0.1:${port}/api/kubernetes`,
      }),
    });
    const events: string[] = [];
    let watchEnded = false;
    const firstEvent = new Promise<void>(resolve => {
      gateway
        .watch<{ metadata: { name: string } }>(
          'kurator-member1',
          '/apis/flagger.app/v1beta1/canaries',
          {},
          event => {
            events.push(`${event.type} ${event.object.metadata.name}`);
            resolve();
          },
        )
        .finally(() => {
          watchEnded = true;
        });
    });
    await firstEvent;
    expect(events).toEqual(['MODIFIED podinfo']);
    expect(watchEnded).toBe(false);
  });
});
