import path from 'node:path';
import {
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import type { Knex } from 'knex';

/**
 * The databases the plugin's database code is tested on: SQLite always; PostgreSQL when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING names a server (scripts/test.sh starts one
 * and sets CANARY_REQUIRE_POSTGRES so it cannot be silently left out). Never containers: there is
 * no container engine where this project runs. Call at a test file's top level.
 */
export function pluginDatabases() {
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15', 'SQLITE_3'],
    disableDocker: true,
  });
  if (
    process.env.CANARY_REQUIRE_POSTGRES &&
    !databases.supports('POSTGRES_15')
  ) {
    throw new Error(
      'CANARY_REQUIRE_POSTGRES is set but BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not',
    );
  }
  return {
    eachSupportedId: () => databases.eachSupportedId(),
    /** A fresh database with the plugin's migrations applied. */
    async migrated(id: TestDatabaseId): Promise<Knex> {
      const knex = await databases.init(id);
      await knex.migrate.latest({
        directory: path.resolve(__dirname, '../../migrations'),
      });
      return knex;
    },
  };
}
