import { Command } from 'commander';
import { requireLabInfo } from '../lib/labInfo';
import { ImageVariant, rolloutImage, setGate, setSuspended } from './scenarios';
import { resolveTarget } from './targets';
import { RowPrinter, watchCanaries } from './watchCanaries';

function out(line: string) {
  process.stdout.write(`${line}\n`);
}

/** Scenario commands: rollout, pause, resume, gate, watch. */
export function registerScenarioCommands(program: Command) {
  program
    .command('rollout <target>')
    .description(
      'Roll out a new image of a workload: a Kurator Application (rollout-demo, rollout-kuma-demo: every member, or --cluster) or a native canary (podinfo, checkout)',
    )
    .option('--cluster <name>', 'only this member cluster')
    .option(
      '--image <image>',
      'the exact image (default: bump the patch version)',
    )
    .option(
      '--faulty',
      'an image whose tag contains "faulty": 5xx and slow responses',
    )
    .option('--slow', 'an image whose tag contains "slow": slow responses')
    .option(
      '--stuck',
      'an image whose tag contains "stuck": never becomes ready',
    )
    .action(
      async (
        name: string,
        opts: {
          cluster?: string;
          image?: string;
          faulty?: boolean;
          slow?: boolean;
          stuck?: boolean;
        },
      ) => {
        const info = requireLabInfo();
        const target = await resolveTarget(info, name, opts.cluster);
        let variant: ImageVariant = 'healthy';
        if (opts.faulty) variant = 'faulty';
        else if (opts.slow) variant = 'slow';
        else if (opts.stuck) variant = 'stuck';
        const changes = await rolloutImage(info, target, {
          image: opts.image,
          variant,
        });
        for (const c of changes) {
          out(
            `${c.cluster} ${c.namespace}/${c.deployment}: ${c.from} -> ${c.to}`,
          );
        }
      },
    );

  for (const [command, suspended] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    program
      .command(`${command} <target>`)
      .description(
        suspended
          ? 'Pause a rollout: rolloutPolicy.suspend of a Kurator Application, spec.suspend of a native canary'
          : 'Resume a paused rollout',
      )
      .option('--cluster <name>', 'native canaries: the member cluster')
      .action(async (name: string, opts: { cluster?: string }) => {
        const info = requireLabInfo();
        const target = await resolveTarget(info, name, opts.cluster);
        out(await setSuspended(info, target, suspended));
      });
  }

  program
    .command('gate <action> <target>')
    .description(
      'Open or close a native canary’s loadtester gate (confirm-* webhooks) or, with --rollback, its rollback switch',
    )
    .option(
      '--rollback',
      'the rollback switch (/rollback/open|close) instead of the gate',
    )
    .option('--cluster <name>', 'the member cluster')
    .action(
      async (
        action: string,
        name: string,
        opts: { rollback?: boolean; cluster?: string },
      ) => {
        if (action !== 'open' && action !== 'close') {
          throw new Error(`gate action must be open or close, got "${action}"`);
        }
        const info = requireLabInfo();
        const target = await resolveTarget(info, name, opts.cluster);
        out(
          await setGate(
            info,
            target,
            opts.rollback ? 'rollback' : 'gate',
            action === 'open',
          ),
        );
      },
    );

  program
    .command('watch')
    .description(
      'Print `kubectl get canary -w`-style lines (NAMESPACE NAME STATUS WEIGHT LASTTRANSITIONTIME) for the member clusters',
    )
    .option(
      '--cluster <name>',
      'one member cluster (default: all members, with a CLUSTER column)',
    )
    .option('-n, --namespace <ns>', 'one namespace')
    .option('--name <name>', 'one canary name')
    .option(
      '--until <phases>',
      'exit once the canary (--name) reaches one of these phases, e.g. Succeeded,Failed',
    )
    .option('--timeout <seconds>', 'exit after this many seconds', '3600')
    .action(
      async (opts: {
        cluster?: string;
        namespace?: string;
        name?: string;
        until?: string;
        timeout: string;
      }) => {
        const info = requireLabInfo();
        const clusters = opts.cluster
          ? [opts.cluster]
          : info.clusters.filter(c => c.role === 'member').map(c => c.name);
        const printer = new RowPrinter(out, clusters.length > 1);
        const controller = new AbortController();
        const until = new Set((opts.until ?? '').split(',').filter(Boolean));
        const timer = setTimeout(
          () => controller.abort(),
          Number(opts.timeout) * 1000,
        );
        process.once('SIGINT', () => controller.abort());
        let reached = until.size === 0;
        await watchCanaries(info, {
          clusters,
          namespace: opts.namespace,
          signal: controller.signal,
          onRow: row => {
            if (opts.name && row.name !== opts.name) return;
            printer.print(row);
            // the state the watch started in does not count
            if (until.has(row.status) && !row.initial) {
              reached = true;
              controller.abort();
            }
          },
        });
        clearTimeout(timer);
        if (!reached) {
          process.exitCode = 1;
        }
      },
    );
}
