import fs from 'fs';
import path from 'path';
import { eventually } from '../../backend/e2e-tests/lab';

// The audit log of the lab member whose API server trusts the lab IdP (lab.json: clusters[].oidc):
// who made each request, independently of Backstage.

export type AuditEvent = {
  verb: string;
  requestURI: string;
  objectRef?: { resource?: string; namespace?: string; name?: string };
  user: { username: string; groups?: string[] };
  responseStatus?: { code?: number };
  stageTimestamp?: string;
};

const stateDir =
  process.env.CANARY_LAB_STATE_DIR ?? path.resolve(__dirname, '../../../.lab');

/** The running lab's lab.json. */
export function labInfo() {
  return JSON.parse(fs.readFileSync(path.join(stateDir, 'lab.json'), 'utf8'));
}

/** The OIDC member of the running lab: its name and audit log. */
export function oidcMember(): { name: string; auditLog: string } {
  const lab = labInfo();
  const member = lab.clusters.find((c: any) => c.oidc);
  if (!member) throw new Error('The lab has no member that trusts its IdP');
  return { name: member.name, auditLog: member.oidc.auditLog };
}

export function auditEvents(file: string): AuditEvent[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line));
}

/** Waits until the audit log has an event, written after `since`, that `match` accepts. */
export function auditEvent(
  since: Date,
  what: string,
  match: (event: AuditEvent) => boolean,
  timeoutMs = 60_000,
): Promise<AuditEvent> {
  const { auditLog } = oidcMember();
  return eventually(
    async () =>
      auditEvents(auditLog).find(
        e =>
          (!e.stageTimestamp || new Date(e.stageTimestamp) >= since) &&
          match(e),
      ),
    timeoutMs,
    `the audit log of the OIDC member to show ${what}`,
  );
}
