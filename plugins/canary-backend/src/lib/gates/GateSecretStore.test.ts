import path from 'path';
import {
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import { GateSecretStore } from './GateSecretStore';

// SQLite always; PostgreSQL when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING names a server.
const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const migrations = path.resolve(__dirname, '../../../migrations');
async function createStore(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await knex.migrate.latest({ directory: migrations });
  return { knex, secrets: new GateSecretStore({ db: knex }) };
}

const podinfo = { cluster: 'member-1', namespace: 'test', name: 'podinfo' };
const other = { ...podinfo, name: 'other' };

describe.each(databases.eachSupportedId())(
  'GateSecretStore on %p',
  databaseId => {
    it('stores only a hash, checks per canary, and rotation retires the old secret', async () => {
      const { knex, secrets } = await createStore(databaseId);
      expect(await secrets.check(podinfo, 'anything')).toBe('none');
      expect(await secrets.info(podinfo)).toBeUndefined();

      const first = await secrets.rotate(podinfo, 'user:default/alice');
      expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const rows = await knex('rollout_gate_secrets').select();
      expect(JSON.stringify(rows)).not.toContain(first.secret);
      expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);

      expect(await secrets.check(podinfo, first.secret)).toBe('ok');
      expect(await secrets.check(podinfo, undefined)).toBe('wrong');
      expect(await secrets.check(podinfo, `${first.secret}x`)).toBe('wrong');
      // The secret of one canary opens nothing of another.
      expect(await secrets.check(other, first.secret)).toBe('none');

      const second = await secrets.rotate(podinfo, 'user:default/bob');
      expect(second.secret).not.toBe(first.secret);
      expect(await secrets.check(podinfo, first.secret)).toBe('wrong');
      expect(await secrets.check(podinfo, second.secret)).toBe('ok');
      expect(await secrets.info(podinfo)).toEqual({
        rotatedBy: 'user:default/bob',
        rotatedAt: second.rotatedAt,
      });
    });
  },
);
