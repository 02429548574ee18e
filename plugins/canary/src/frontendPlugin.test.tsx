import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { canaryEntityContent, canaryInboxPage } from './frontendPlugin';
import { canaryApiRef } from './api';

const canaryApi = {
  getEntityRollouts: jest.fn(async () => ({
    entityRef: 'component:default/podinfo',
    items: [],
    errors: [],
    summary: 'No canaries yet',
  })),
  listRuns: jest.fn(),
  getTimeline: jest.fn(),
  runAction: jest.fn(),
  getMetrics: jest.fn(),
  getInbox: jest.fn(async () => ({ items: [], errors: [] })),
};

const withAnnotations = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'podinfo', annotations },
});

describe('canaryEntityContent', () => {
  it('is an entity tab titled Canary at /canary', async () => {
    const tester = createExtensionTester(canaryEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Canary');
    expect(tester.get(coreExtensionData.routePath)).toBe('/canary');
    renderInTestApp(
      <EntityProvider
        entity={withAnnotations({
          'backstage-canary.io/canary': 'test/podinfo',
        })}
      >
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[canaryApiRef, canaryApi], mockApis.permission()] },
    );
    expect(
      await screen.findByText('Flagger Canary test/podinfo'),
    ).toBeInTheDocument();
    expect(await screen.findByText('No canaries yet')).toBeInTheDocument();
  });

  it('shows only for entities the plugin can resolve', () => {
    const filter = createExtensionTester(canaryEntityContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    expect(filter?.(withAnnotations({}))).toBe(false);
    expect(
      filter?.(withAnnotations({ 'backstage.io/kubernetes-id': 'podinfo' })),
    ).toBe(true);
  });
});

describe('canaryInboxPage', () => {
  it('is a page titled Canary inbox at /canary-inbox showing the inbox', async () => {
    const tester = createExtensionTester(canaryInboxPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/canary-inbox');
    expect(tester.get(coreExtensionData.title)).toBe('Canary inbox');
    renderInTestApp(tester.reactElement(), {
      apis: [[canaryApiRef, canaryApi], mockApis.permission()],
    });
    expect(
      await screen.findByText(
        'Nothing waits for you: no rollout is waiting for approval or failed',
      ),
    ).toBeInTheDocument();
  });
});
