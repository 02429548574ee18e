import { Command } from 'commander';
import { parseTimeScale } from './lib/config';
import { Lab } from './lib/Lab';
import { httpRequest } from './lib/net';
import { MAX_MEMBERS, parseScaleProfile } from './lib/scaleProfile';
import { registerScenarioCommands } from './scenarios/commands';

function formatBytes(bytes: number) {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

// `yarn lab watch | head` closes the pipe: exit quietly
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function main(argv: string[]) {
  const program = new Command();
  program
    .name('lab')
    .description(
      'The local Kurator fleet: real kube-apiservers, Flagger and Kurator behaviour, mesh traffic and Prometheus on 127.0.0.1',
    );

  program
    .command('start')
    .description(
      'Build or reuse kube-apiserver, start etcd, the three clusters, Prometheus and the lab daemon (idempotent)',
    )
    .option(
      '--time-scale <factor>',
      'divide analysis intervals, progress deadlines and Kurator resyncs by this factor (default: keep the running lab’s, else 1)',
    )
    .option('--restart-daemon', 'restart the lab daemon even if it runs')
    .option(
      '--members <n>',
      `scale profile: member clusters kurator-member1..n (2 to ${MAX_MEMBERS}; default: keep the running lab's, else 2)`,
    )
    .option(
      '--canaries <m>',
      'scale profile: copies of the podinfo canary on every member, namespace scale (default: keep, else 0)',
    )
    .option(
      '--latency <ms>',
      'scale profile: delay each chunk this long, each way, between clients and every API server (default: keep, else 0)',
    )
    .action(
      async (opts: {
        timeScale?: string;
        restartDaemon?: boolean;
        members?: string;
        canaries?: string;
        latency?: string;
      }) => {
        const lab = new Lab();
        await lab.start({
          timeScale:
            opts.timeScale !== undefined
              ? parseTimeScale(opts.timeScale)
              : undefined,
          restartDaemon: opts.restartDaemon,
          profile: parseScaleProfile(opts, lab.profile),
        });
      },
    );

  program
    .command('stop')
    .description('Stop every process the lab started (by pid file)')
    .action(async () => {
      const stopped = await new Lab().stop();
      process.stdout.write(
        stopped.length
          ? `stopped ${stopped.join(', ')}\n`
          : 'nothing was running\n',
      );
    });

  program
    .command('status')
    .description('Show the lab processes, their memory and the clusters')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const lab = new Lab();
      const { processes, info } = lab.status();
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ processes, lab: info }, null, 2)}\n`,
        );
        return;
      }
      if (processes.length === 0) {
        process.stdout.write('the lab is not running (yarn lab start)\n');
        return;
      }
      let total = 0;
      process.stdout.write('PROCESS                     PID      RSS\n');
      for (const p of processes) {
        total += p.rss;
        process.stdout.write(
          `${p.name.padEnd(27)} ${String(p.pid ?? 'exited').padEnd(8)} ${
            p.pid ? formatBytes(p.rss) : '-'
          }\n`,
        );
      }
      process.stdout.write(`${'total'.padEnd(36)} ${formatBytes(total)}\n`);
      if (info) {
        const daemon = await httpRequest(`${info.daemon.url}/status`, {
          timeoutMs: 2000,
        }).catch(() => undefined);
        if (daemon?.status === 200) {
          const clusters = JSON.parse(daemon.body).clusters ?? {};
          process.stdout.write(
            '\nCLUSTER          NAMESPACE   NAME       PHASE             ROUTES (primary/canary)\n',
          );
          for (const [cluster, state] of Object.entries<any>(clusters)) {
            for (const c of state.canaries ?? []) {
              process.stdout.write(
                `${cluster.padEnd(17)}${String(c.namespace).padEnd(12)}${String(
                  c.name,
                ).padEnd(11)}${String(c.phase ?? '').padEnd(18)}${
                  c.routes ? `${c.routes.primary}/${c.routes.canary}` : '-'
                }\n`,
              );
            }
          }
        }
        process.stdout.write(`\ntime scale ${info.timeScale}x\n`);
        for (const c of info.clusters) {
          process.stdout.write(
            `${c.name.padEnd(16)} ${c.url}  kubeconfig ${c.kubeconfig}${
              c.prometheusUrl ? `  prometheus ${c.prometheusUrl}` : ''
            }\n`,
          );
        }
      }
    });

  program
    .command('stop-member <name>')
    .description(
      'Stop the kube-apiserver of a member cluster (its objects stay); see start-member',
    )
    .action(async (name: string) => {
      const stopped = await new Lab().stopMember(name);
      process.stdout.write(
        stopped ? `stopped ${name}\n` : `${name} was not running\n`,
      );
    });

  program
    .command('start-member <name>')
    .description(
      'Start the kube-apiserver of a member cluster stopped by stop-member and wait until it is ready',
    )
    .action(async (name: string) => {
      await new Lab().startMember(name);
      process.stdout.write(`${name} is ready\n`);
    });

  program
    .command('reset')
    .description(
      'Stop the lab and delete its state (clusters, certificates, data)',
    )
    .action(async () => {
      const lab = new Lab();
      await lab.reset();
      process.stdout.write(
        `removed the lab's state in ${lab.paths.stateDir}\n`,
      );
    });

  program
    .command('daemon')
    .description(
      'Run the Kurator engine, the Flagger engines and the traffic simulator in the foreground (started by `start`)',
    )
    .option('--time-scale <factor>', 'time scale', '1')
    .action(async (opts: { timeScale: string }) => {
      const { runDaemon } = await import('./daemon/runDaemon');
      await runDaemon({ timeScale: parseTimeScale(opts.timeScale) });
    });

  program
    .command('latency-proxy <spec>', { hidden: true })
    .description(
      'Serve the latency proxies of a spec file in the foreground (started by `start --latency`)',
    )
    .action(async (spec: string) => {
      const { runLatencyProxies } = await import('./lib/latencyProxies');
      await runLatencyProxies(spec);
    });

  program
    .command('idp <spec>', { hidden: true })
    .description(
      "Serve the lab's OpenID Provider of a spec file in the foreground (started by `start`)",
    )
    .action(async (spec: string) => {
      const { runIdentityProvider } = await import(
        './lib/idp/identityProvider'
      );
      await runIdentityProvider(spec);
    });

  registerScenarioCommands(program);

  await program.parseAsync(argv);
}

main(process.argv).catch(error => {
  process.stderr.write(`[fleet-lab] ${error?.stack ?? error}\n`);
  process.exit(1);
});
