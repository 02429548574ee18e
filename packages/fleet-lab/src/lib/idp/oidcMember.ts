import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { KubeObject } from '../KubeClient';
import { BACKSTAGE_CLUSTER_ROLE } from '../seed';
import { IDP_CLIENT_ID, IDP_USERS_GROUP } from './idpSpec';

/**
 * The member whose API server trusts the lab IdP's ID tokens, besides its service-account and
 * static tokens (which keep working as on every member): users are `oidc:<name>`, groups
 * `oidc:<group>`. Its audit log records who did what to canaries.
 */
export const OIDC_MEMBER = 'kurator-member2';
/** Prefix of the user and group names the API server gives IdP users. */
export const OIDC_PREFIX = 'oidc:';
/** The user the seed gives the Canary plugin's RBAC on the OIDC member; others get none. */
export const OIDC_OPERATOR = 'alice';

export type OidcMemberInfo = {
  issuer: string;
  clientId: string;
  usernamePrefix: string;
  /** Users with RBAC on canaries (without the prefix). */
  operators: string[];
  /** The API server's audit log (JSON lines). */
  auditLog: string;
};

/**
 * What the audit log keeps: every request of an IdP user, and every write to canaries by anyone,
 * at Metadata level (who, verb, object, response code); nothing else.
 */
export function auditPolicy(): string {
  return stringify({
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    omitStages: ['RequestReceived'],
    rules: [
      // The lab's own engines (Flagger's and Kurator's status writes): not who the tests look for.
      { level: 'None', users: ['lab-admin'] },
      { level: 'Metadata', userGroups: [`${OIDC_PREFIX}${IDP_USERS_GROUP}`] },
      {
        level: 'Metadata',
        verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
        resources: [{ group: 'flagger.app', resources: ['canaries'] }],
      },
      { level: 'None' },
    ],
  });
}

export function auditLogFile(logDir: string, cluster: string): string {
  return path.join(logDir, `audit-${cluster}.log`);
}

/** The audit policies written to the state directory. */
export function auditPolicyFiles(stateDir: string): string[] {
  try {
    return fs
      .readdirSync(stateDir)
      .filter(f => /^audit-policy-[0-9a-f]+\.yaml$/.test(f))
      .map(f => path.join(stateDir, f));
  } catch {
    return [];
  }
}

/** The API server flags that make it trust the IdP and write the audit log. */
export function oidcApiserverArgs(options: {
  issuer: string;
  caFile: string;
  stateDir: string;
  logDir: string;
  cluster: string;
}): string[] {
  // Named by its content, so that a changed policy changes the flags and restarts the API server.
  const text = auditPolicy();
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  const policy = path.join(options.stateDir, `audit-policy-${hash}.yaml`);
  fs.writeFileSync(policy, text);
  return [
    `--oidc-issuer-url=${options.issuer}`,
    `--oidc-client-id=${IDP_CLIENT_ID}`,
    `--oidc-ca-file=${options.caFile}`,
    '--oidc-username-claim=sub',
    `--oidc-username-prefix=${OIDC_PREFIX}`,
    '--oidc-groups-claim=groups',
    `--oidc-groups-prefix=${OIDC_PREFIX}`,
    `--audit-policy-file=${policy}`,
    `--audit-log-path=${auditLogFile(options.logDir, options.cluster)}`,
    '--audit-log-format=json',
    '--audit-log-maxsize=20',
    '--audit-log-maxbackup=1',
  ];
}

/** RBAC of the OIDC member: the operator gets the Canary plugin's own access; nobody else any. */
export function oidcRbacObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'lab-oidc-canary-operators' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: BACKSTAGE_CLUSTER_ROLE,
      },
      subjects: [
        {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'User',
          name: `${OIDC_PREFIX}${OIDC_OPERATOR}`,
        },
      ],
    },
  ];
}
