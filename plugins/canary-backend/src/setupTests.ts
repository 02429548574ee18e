// Tests that start a test backend or run on a real PostgreSQL take seconds of CPU and database
// round trips; on a busy two-core CI machine a whole suite's test (every status of a run written
// again, say) took over Jest's default 5 s. They wait for nothing but that work.
jest.setTimeout(30_000);

export {};
