import canaryFrontendPlugin, {
  canaryPlugin,
  EntityCanaryContent,
  CanaryInboxCard,
  CanaryInboxPage,
  CanaryInboxSidebarItem,
  EntityCanaryStatusCard,
  isCanaryAvailable,
  isCanaryTabShown,
} from './index';
import alphaDefault, { canaryEntityContent } from './alpha';

describe('entry points', () => {
  it('default-exports the new frontend system plugin from the main entry point', () => {
    expect(canaryFrontendPlugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(canaryFrontendPlugin.pluginId).toBe('canary');
    expect(
      canaryFrontendPlugin.getExtension('entity-content:canary/canary'),
    ).toBeDefined();
    expect(
      canaryFrontendPlugin.getExtension('page:canary/inbox'),
    ).toBeDefined();
  });

  it('keeps /alpha pointing at the same plugin, so an app that discovers both entry points gets one', () => {
    expect(alphaDefault).toBe(canaryFrontendPlugin);
    expect(canaryEntityContent).toBeDefined();
  });

  it('keeps the legacy frontend system exports', () => {
    expect(canaryPlugin.getId()).toBe('canary');
    expect(EntityCanaryContent).toBeDefined();
    expect(CanaryInboxCard).toBeDefined();
    expect(CanaryInboxPage).toBeDefined();
    expect(CanaryInboxSidebarItem).toBeDefined();
    expect(EntityCanaryStatusCard).toBeDefined();
    expect(
      isCanaryTabShown({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'new-service' },
      }),
    ).toBe(true);
    expect(
      isCanaryAvailable({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'podinfo',
          annotations: { 'backstage-canary.io/canary': 'test/podinfo' },
        },
      }),
    ).toBe(true);
  });
});
