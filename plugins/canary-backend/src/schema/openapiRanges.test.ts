import { PAGE_LIMIT } from '../lib/input/pageQuery';
import { RUN_ID } from '../lib/input/runId';
import { STEP_SECONDS, TIMESTAMP } from '../lib/input/timeRange';
import { spec } from './openapi';

// The HTTP routes are checked against the spec's ranges; the actions registry's schemas and the
// parsers behind both use lib/input's. They must be the same ranges, or a value would be taken
// over one door and refused over the other.

type Parameter = {
  name: string;
  in: string;
  schema?: { minimum?: number; maximum?: number };
  $ref?: string;
};

const document = JSON.parse(JSON.stringify(spec)) as {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
  components: { parameters: Record<string, Parameter> };
};

function resolve(parameter: Parameter): Parameter {
  if (!parameter.$ref) return parameter;
  const name = parameter.$ref.split('/').pop()!;
  return document.components.parameters[name];
}

/** Every query parameter of that name in the spec, with the operation it belongs to. */
function queryParameters(name: string) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, operation]) =>
      (operation.parameters ?? [])
        .map(resolve)
        .filter(p => p.in === 'query' && p.name === name)
        .map(p => ({
          at: `${method.toUpperCase()} ${path}`,
          range: { min: p.schema?.minimum, max: p.schema?.maximum },
        })),
    ),
  );
}

describe("the spec's numeric query parameters", () => {
  it.each([
    ['limit', PAGE_LIMIT],
    ['run', RUN_ID],
    ['start', TIMESTAMP],
    ['end', TIMESTAMP],
    ['step', STEP_SECONDS],
  ] as const)(
    '%s has the range the parsers and the actions registry use',
    (name, range: { min: number; max?: number }) => {
      const found = queryParameters(name);
      expect(found.length).toBeGreaterThan(0);
      for (const { at, range: specRange } of found) {
        expect({ at, ...specRange }).toEqual({
          at,
          min: range.min,
          max: range.max,
        });
      }
    },
  );
});
