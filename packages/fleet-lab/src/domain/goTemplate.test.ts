import { renderQuery, TemplateError, type QueryModel } from './goTemplate';

const model: QueryModel = {
  name: 'podinfo',
  namespace: 'test',
  target: 'podinfo',
  service: 'podinfo-svc',
  ingress: 'podinfo-ing',
  route: 'podinfo-route',
  interval: '1m',
  variables: { status: '5.*' },
};

describe('renderQuery', () => {
  it('fills the model’s functions and variables', () => {
    expect(
      renderQuery(
        'rate(x{ns="{{ namespace }}", t=~"{{ target }}", s!~"{{ variables.status }}"}[{{ interval }}])',
        model,
      ),
    ).toBe('rate(x{ns="test", t=~"podinfo", s!~"5.*"}[1m])');
  });

  it('assigns printf results to variables and trims around {{- -}}', () => {
    expect(
      renderQuery(
        'a  {{- $r := printf "%s_%s" namespace service -}}  b {{ $r }}',
        model,
      ),
    ).toBe('ab test_podinfo-svc');
  });

  it('fails on a missing variable key or an unknown function, as missingkey=error does', () => {
    expect(() => renderQuery('{{ variables.nope }}', model)).toThrow(
      TemplateError,
    );
    expect(() => renderQuery('{{ target2 }}', model)).toThrow(
      'function "target2" not defined',
    );
  });
});
