import fs from 'node:fs';

/**
 * The mesh routes Flagger's router would write into VirtualServices, TrafficSplits or
 * TrafficRoutes. The lab has no mesh, so it keeps them here (persisted in the state dir so a daemon
 * restart resumes a rollout where it was).
 */
export type Routes = {
  primary: number;
  canary: number;
  mirrored: boolean;
  /** A/B: only requests matching `analysis.match` follow the weights; the rest go to primary. */
  matched: boolean;
};

export class RouteTable {
  private readonly routes = new Map<string, Routes>();

  constructor(private readonly file?: string) {
    if (file) {
      try {
        const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
        for (const [k, v] of Object.entries(saved)) {
          this.routes.set(k, v as Routes);
        }
      } catch {
        // first start
      }
    }
  }

  static key(cluster: string, namespace: string, name: string) {
    return `${cluster}/${namespace}/${name}`;
  }

  get(key: string): Routes | undefined {
    return this.routes.get(key);
  }

  set(key: string, routes: Routes) {
    const previous = this.routes.get(key);
    if (
      previous &&
      previous.primary === routes.primary &&
      previous.canary === routes.canary &&
      previous.mirrored === routes.mirrored &&
      previous.matched === routes.matched
    ) {
      return;
    }
    this.routes.set(key, routes);
    this.save();
  }

  delete(key: string) {
    if (this.routes.delete(key)) {
      this.save();
    }
  }

  private save() {
    if (this.file) {
      fs.writeFileSync(
        this.file,
        JSON.stringify(Object.fromEntries(this.routes), null, 2),
      );
    }
  }
}
