import { parseYamlDocuments } from './manifests';

describe('parseYamlDocuments', () => {
  it('reads multi-line quoted scalars indented like their key, as Go does', () => {
    const text = [
      'a:',
      "  description: 'first line",
      "  second line'",
      '  b: 1',
    ].join('\n');
    expect(parseYamlDocuments(text, 'test')).toEqual([
      { a: { description: 'first line second line', b: 1 } },
    ]);
  });
});
