import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { canaryEntityContent } from './alpha';

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
    );
    expect(
      await screen.findByText('Flagger Canary test/podinfo'),
    ).toBeInTheDocument();
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
