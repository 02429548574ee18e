import crypto from 'node:crypto';
import { KubeClient, KubeObject } from '../../lib/KubeClient';
import { kubeNow } from '../../domain/canaryConditions';

export type EventType = 'Normal' | 'Warning';

/**
 * Records Kubernetes Events the way Flagger's recorder does: on the Canary (involvedObject kind
 * Canary, apiVersion flagger.app/v1beta1), reason `Synced`, source component `flagger`. Like
 * client-go's correlator, a repeat of the same event increments `count` and `lastTimestamp` of the
 * existing Event instead of creating a new one.
 */
export class EventRecorder {
  private readonly seen = new Map<string, { name: string; count: number }>();

  /** Namespaces whose events were listed at once (`byNamespace`). */
  private readonly loadedNamespaces = new Map<string, Promise<void>>();

  /**
   * `byNamespace`: after a restart, list each namespace's events once instead of each canary's
   * (a field selector is a scan of the namespace in etcd: per canary, thousands of scans).
   */
  constructor(
    private readonly client: KubeClient,
    private readonly log: (message: string) => void,
    private readonly options: { byNamespace?: boolean } = {},
  ) {}

  private readonly loaded = new Set<string>();

  private remember(uid: string, e: any) {
    if (e.reason !== 'Synced' || e.source?.component !== 'flagger') return;
    const key = `${uid}|${e.type}|${e.message}`;
    const known = this.seen.get(key);
    if (!known || (e.count ?? 1) > known.count) {
      this.seen.set(key, { name: e.metadata.name, count: e.count ?? 1 });
    }
  }

  private loadNamespace(namespace: string): Promise<void> {
    let loading = this.loadedNamespaces.get(namespace);
    if (!loading) {
      loading = this.client
        .list({ apiVersion: 'v1', kind: 'Event', namespace })
        .then(list => {
          for (const e of list.items as any[]) {
            const uid = e.involvedObject?.uid;
            if (uid && e.involvedObject?.kind === 'Canary') {
              this.remember(uid, e);
            }
          }
        })
        .catch(error => {
          this.loadedNamespaces.delete(namespace);
          this.log(
            `could not list events of namespace ${namespace}: ${
              (error as Error).message
            }`,
          );
        });
      this.loadedNamespaces.set(namespace, loading);
    }
    return loading;
  }

  /** After a daemon restart, picks up the canary's existing events so repeats still aggregate. */
  private async loadExisting(canary: KubeObject) {
    const uid = canary.metadata.uid!;
    if (this.loaded.has(uid)) return;
    if (this.options.byNamespace) {
      await this.loadNamespace(canary.metadata.namespace!);
      this.loaded.add(uid);
      return;
    }
    this.loaded.add(uid);
    try {
      const list = await this.client.list(
        {
          apiVersion: 'v1',
          kind: 'Event',
          namespace: canary.metadata.namespace,
        },
        { fieldSelector: `involvedObject.uid=${uid}` },
      );
      for (const e of list.items as any[]) {
        this.remember(uid, e);
      }
    } catch (error) {
      this.log(
        `could not list events of ${canary.metadata.name}: ${
          (error as Error).message
        }`,
      );
    }
  }

  async record(canary: KubeObject, type: EventType, message: string) {
    const ns = canary.metadata.namespace!;
    await this.loadExisting(canary);
    const key = `${canary.metadata.uid}|${type}|${message}`;
    const now = kubeNow();
    const existing = this.seen.get(key);
    if (existing) {
      try {
        await this.client.patch(
          {
            apiVersion: 'v1',
            kind: 'Event',
            namespace: ns,
            name: existing.name,
          },
          { count: existing.count + 1, lastTimestamp: now },
        );
        existing.count++;
        return;
      } catch {
        // expired (event TTL) or deleted: record a new one
        this.seen.delete(key);
      }
    }
    const name = `${canary.metadata.name}.${crypto
      .randomBytes(8)
      .toString('hex')}`;
    try {
      await this.client.create({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: ns },
        involvedObject: {
          apiVersion: 'flagger.app/v1beta1',
          kind: 'Canary',
          name: canary.metadata.name,
          namespace: ns,
          uid: canary.metadata.uid,
          resourceVersion: canary.metadata.resourceVersion,
        },
        reason: 'Synced',
        message,
        type,
        source: { component: 'flagger' },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        reportingComponent: '',
        reportingInstance: '',
      });
      this.seen.set(key, { name, count: 1 });
      if (this.seen.size > 5000) {
        this.seen.delete(this.seen.keys().next().value!);
      }
    } catch (error) {
      this.log(
        `could not record event "${message}": ${(error as Error).message}`,
      );
    }
  }

  forget(uid: string | undefined) {
    this.loaded.delete(uid ?? '');
    for (const key of [...this.seen.keys()]) {
      if (key.startsWith(`${uid}|`)) {
        this.seen.delete(key);
      }
    }
  }
}
