import * as common from './index';

describe('the shared contract', () => {
  it('names the plugin and its annotations as the design fixes them', () => {
    expect(common.CANARY_PLUGIN_ID).toBe('canary');
    expect(common.ANNOTATION_KURATOR_APPLICATION).toBe(
      'backstage-canary.io/kurator-application',
    );
    expect(common.ANNOTATION_HOST_CLUSTER).toBe(
      'backstage-canary.io/host-cluster',
    );
    expect(common.ANNOTATION_CANARY).toBe('backstage-canary.io/canary');
    expect(common.ANNOTATION_KUBERNETES_ID).toBe('backstage.io/kubernetes-id');
  });
});
