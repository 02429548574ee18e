import { stringify } from 'yaml';

/** A self-contained kubeconfig (CA embedded) for one cluster and one bearer token. */
export function renderKubeconfig(options: {
  clusterName: string;
  server: string;
  caPem: string;
  userName: string;
  token: string;
}): string {
  const context = options.clusterName;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: options.clusterName,
        cluster: {
          server: options.server,
          'certificate-authority-data': Buffer.from(options.caPem).toString(
            'base64',
          ),
        },
      },
    ],
    users: [{ name: options.userName, user: { token: options.token } }],
    contexts: [
      {
        name: context,
        context: { cluster: options.clusterName, user: options.userName },
      },
    ],
    'current-context': context,
    preferences: {},
  });
}
